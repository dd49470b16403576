// Workloads W1, W2, W3 (benchmarks/README.md) written by hand: plain loops over std::array,
// the same maths in the same order as the engine (i-k-j matrix products, the log-softmax
// formulation of the loss, Keras Adam and momentum), reading the examples straight from the
// data arrays (no batch copy).
//
//   handwritten_workloads --workload W1|W2|W3 [--contender handwritten|handwritten+hook] [--smoke] [--steps N] [--data DIR]
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "../common/alloc_counter.hpp"
#include "../common/digits.hpp"
#include "../common/handwritten_kernels.hpp"
#include "../common/result.hpp"
#include "../common/weights.hpp"

#ifndef XEST_BENCH_DATA_DIR
#define XEST_BENCH_DATA_DIR "benchmarks/data"
#endif

namespace
{
    using namespace bench::hand;

    std::string name_of(bench::options const& o, bool& sum_hook)
    {
        sum_hook = o.contender == "handwritten+hook";
        if (o.contender.empty() || o.contender == "handwritten" || sum_hook) return o.contender.empty() ? "handwritten" : o.contender;
        std::fprintf(stderr, "unknown contender %s (handwritten, handwritten+hook)\n", o.contender.c_str());
        std::exit(2);
    }

    // ---- W1 -----------------------------------------------------------------------------------

    // The loop, with the loss sum compiled in or out (no run-time test inside the loop).
    template <bool SumHook>
    std::int64_t w1_loop(std::int64_t n, float& w, float& b, double& sum)
    {
        std::array<float, 3> const x = {1.0f, 2.0f, 3.0f};
        std::array<float, 3> const y = {2.0f, 4.0f, 5.9f};
        float const lr = 0.01f;
        std::size_t i = 0;
        for (std::int64_t step = 0; step < n; ++step)
        {
            float const e = x[i] * w + b - y[i];
            if constexpr (SumHook) sum += e * e;
            float const g = 2.0f * e;  // d(mean of one squared error)/d prediction
            w -= lr * (x[i] * g);
            b -= lr * g;
            i = i == 2 ? 0 : i + 1;
        }
        return n;
    }

    int run_w1(bench::options const& o)
    {
        bool sum_hook = false;
        std::string const name = name_of(o, sum_hook);
        std::int64_t const n = bench::steps_for(o);
        std::int64_t const allocs0 = bench::allocations();
        bench::timer t;
        float w = 0.5f;
        float b = 0.0f;
        double sum = 0.0;
        if (sum_hook) w1_loop<true>(n, w, b, sum);
        else w1_loop<false>(n, w, b, sum);
        t.stop();
        double const allocs = static_cast<double>(bench::allocations() - allocs0) / static_cast<double>(n);
        std::string extra = "W:" + bench::fmt("%.6f", w) + ",b:" + bench::fmt("%.6f", b) + ",allocs_per_step:" + bench::fmt("%g", allocs);
        if (sum_hook) extra += ",loss_sum:" + bench::fmt("%.6g", sum);
        bench::print_result(name.c_str(), "W1", t, n, extra);
        return 0;
    }

    // ---- W2 -----------------------------------------------------------------------------------

    struct w2_state
    {
        static constexpr std::size_t B = 32, I = 64, H = 32, C = 10;
        std::array<float, I * H> w1{}, gw1{}, mw1{}, vw1{};
        std::array<float, H> b1{}, gb1{}, mb1{}, vb1{};
        std::array<float, H * C> w2{}, gw2{}, mw2{}, vw2{};
        std::array<float, C> b2{}, gb2{}, mb2{}, vb2{};
        std::array<float, B * H> z1{}, h{}, dz1{};
        std::array<float, B * C> z2{}, logits{}, dlogits{};
    };

    // Forward of one batch into s.logits; returns the loss and leaves dlogits.
    float w2_forward(w2_state& s, float const* x, std::int32_t const* y)
    {
        using S = w2_state;
        dense_forward<S::B, S::I, S::H, true>(x, s.w1.data(), s.b1.data(), s.z1.data(), s.h.data());
        dense_forward<S::B, S::H, S::C, false>(s.h.data(), s.w2.data(), s.b2.data(), s.z2.data(), s.logits.data());
        return softmax_xent<S::B, S::C>(s.logits.data(), y, s.dlogits.data());
    }

    int run_w2(bench::options const& o)
    {
        using S = w2_state;
        bool sum_hook = false;
        std::string const name = name_of(o, sum_hook);
        bench::digits const d = bench::load_digits(o.data_dir);
        auto s = std::make_unique<S>();
        bench::glorot_uniform(s->w1, 64, 32, bench::w2_hidden_seed);
        bench::glorot_uniform(s->w2, 32, 10, bench::w2_out_seed);

        float const lr = 1e-3f, b1 = 0.9f, b2 = 0.999f, eps = 1e-7f;
        std::int64_t const n = bench::steps_for(o);
        std::int64_t const allocs0 = bench::allocations();
        bench::timer t;
        double b1_power = 1.0;
        double b2_power = 1.0;
        double sum = 0.0;
        std::size_t batch = 0;
        for (std::int64_t step = 0; step < n; ++step)
        {
            float const* x = d.train_x.data() + batch * S::B * S::I;
            std::int32_t const* y = d.train_y.data() + batch * S::B;
            batch = batch + 1 == bench::digits::batches_per_epoch ? 0 : batch + 1;

            float const loss = w2_forward(*s, x, y);
            if (sum_hook) sum += loss;
            dense_param_grads<S::B, S::H, S::C>(s->h.data(), s->dlogits.data(), s->gw2.data(), s->gb2.data());
            dense_input_grad_relu<S::B, S::H, S::C>(s->dlogits.data(), s->w2.data(), s->z1.data(), s->dz1.data());
            dense_param_grads<S::B, S::I, S::H>(x, s->dz1.data(), s->gw1.data(), s->gb1.data());

            b1_power *= b1;
            b2_power *= b2;
            float const alpha = static_cast<float>(lr * std::sqrt(1.0 - b2_power) / (1.0 - b1_power));
            adam(s->w1, s->gw1, s->mw1, s->vw1, alpha, b1, b2, eps);
            adam(s->b1, s->gb1, s->mb1, s->vb1, alpha, b1, b2, eps);
            adam(s->w2, s->gw2, s->mw2, s->vw2, alpha, b1, b2, eps);
            adam(s->b2, s->gb2, s->mb2, s->vb2, alpha, b1, b2, eps);
        }
        t.stop();
        double const allocs = static_cast<double>(bench::allocations() - allocs0) / static_cast<double>(n);

        // Test accuracy: argmax of the logits (first maximum), 360 rows in batches of 32 + 8.
        std::size_t correct = 0;
        std::vector<float> xb(S::B * S::I);
        std::vector<std::int32_t> yb(S::B);
        for (std::size_t r0 = 0; r0 < bench::digits::test_rows; r0 += S::B)
        {
            std::size_t const rows = std::min(S::B, bench::digits::test_rows - r0);
            std::fill(xb.begin(), xb.end(), 0.0f);
            std::fill(yb.begin(), yb.end(), 0);
            std::copy(d.test_x.begin() + static_cast<std::ptrdiff_t>(r0 * S::I),
                      d.test_x.begin() + static_cast<std::ptrdiff_t>((r0 + rows) * S::I), xb.begin());
            w2_forward(*s, xb.data(), yb.data());
            for (std::size_t r = 0; r < rows; ++r)
            {
                float const* l = s->logits.data() + r * S::C;
                std::size_t best = static_cast<std::size_t>(std::max_element(l, l + S::C) - l);
                correct += best == static_cast<std::size_t>(d.test_y[r0 + r]) ? 1 : 0;
            }
        }
        double const acc = static_cast<double>(correct) / static_cast<double>(bench::digits::test_rows);
        std::string extra = "test_acc:" + bench::fmt("%.4f", acc) + ",allocs_per_step:" + bench::fmt("%g", allocs);
        if (sum_hook) extra += ",loss_sum:" + bench::fmt("%.6g", sum);
        bench::print_result(name.c_str(), "W2", t, n, extra);
        return 0;
    }

    // ---- W3 -----------------------------------------------------------------------------------

    struct w3_state
    {
        static constexpr std::size_t B = 64, I = 784, H = 256, C = 10;
        std::array<float, I * H> w1{}, gw1{}, vw1{};
        std::array<float, H> b1{}, gb1{}, vb1{};
        std::array<float, H * H> w2{}, gw2{}, vw2{};
        std::array<float, H> b2{}, gb2{}, vb2{};
        std::array<float, H * C> w3{}, gw3{}, vw3{};
        std::array<float, C> b3{}, gb3{}, vb3{};
        std::array<float, B * H> z1{}, h1{}, dz1{}, z2{}, h2{}, dz2{};
        std::array<float, B * C> z3{}, logits{}, dlogits{};
    };

    int run_w3(bench::options const& o)
    {
        using S = w3_state;
        bool sum_hook = false;
        std::string const name = name_of(o, sum_hook);
        constexpr std::size_t pool = 1280;
        std::vector<float> xs(pool * S::I);
        bench::uniform(xs, 0.0f, 1.0f, bench::w3_x_seed);
        std::vector<std::int32_t> ys(pool);
        for (std::size_t i = 0; i < pool; ++i) ys[i] = static_cast<std::int32_t>(10.0f * bench::uniform01(bench::w3_y_seed, i));
        auto s = std::make_unique<S>();
        bench::glorot_uniform(s->w1, S::I, S::H, bench::w3_l1_seed);
        bench::glorot_uniform(s->w2, S::H, S::H, bench::w3_l2_seed);
        bench::glorot_uniform(s->w3, S::H, S::C, bench::w3_l3_seed);

        float const lr = 0.01f, mu = 0.9f;
        std::int64_t const n = bench::steps_for(o);
        std::int64_t const allocs0 = bench::allocations();
        bench::timer t;
        double sum = 0.0;
        std::size_t batch = 0;
        for (std::int64_t step = 0; step < n; ++step)
        {
            float const* x = xs.data() + batch * S::B * S::I;
            std::int32_t const* y = ys.data() + batch * S::B;
            batch = batch + 1 == pool / S::B ? 0 : batch + 1;

            dense_forward<S::B, S::I, S::H, true>(x, s->w1.data(), s->b1.data(), s->z1.data(), s->h1.data());
            dense_forward<S::B, S::H, S::H, true>(s->h1.data(), s->w2.data(), s->b2.data(), s->z2.data(), s->h2.data());
            dense_forward<S::B, S::H, S::C, false>(s->h2.data(), s->w3.data(), s->b3.data(), s->z3.data(), s->logits.data());
            float const loss = softmax_xent<S::B, S::C>(s->logits.data(), y, s->dlogits.data());
            if (sum_hook) sum += loss;
            dense_param_grads<S::B, S::H, S::C>(s->h2.data(), s->dlogits.data(), s->gw3.data(), s->gb3.data());
            dense_input_grad_relu<S::B, S::H, S::C>(s->dlogits.data(), s->w3.data(), s->z2.data(), s->dz2.data());
            dense_param_grads<S::B, S::H, S::H>(s->h1.data(), s->dz2.data(), s->gw2.data(), s->gb2.data());
            dense_input_grad_relu<S::B, S::H, S::H>(s->dz2.data(), s->w2.data(), s->z1.data(), s->dz1.data());
            dense_param_grads<S::B, S::I, S::H>(x, s->dz1.data(), s->gw1.data(), s->gb1.data());
            // The features need no gradient: no d x.

            momentum(s->w1, s->gw1, s->vw1, lr, mu);
            momentum(s->b1, s->gb1, s->vb1, lr, mu);
            momentum(s->w2, s->gw2, s->vw2, lr, mu);
            momentum(s->b2, s->gb2, s->vb2, lr, mu);
            momentum(s->w3, s->gw3, s->vw3, lr, mu);
            momentum(s->b3, s->gb3, s->vb3, lr, mu);
        }
        t.stop();
        double const allocs = static_cast<double>(bench::allocations() - allocs0) / static_cast<double>(n);
        double const gflops = bench::w3_flops_per_step * static_cast<double>(n) / t.wall * 1e-9;
        std::string extra = "gflops:" + bench::fmt("%.2f", gflops) + ",allocs_per_step:" + bench::fmt("%g", allocs);
        if (sum_hook) extra += ",loss_sum:" + bench::fmt("%.6g", sum);
        bench::print_result(name.c_str(), "W3", t, n, extra);
        return 0;
    }
}

int main(int argc, char** argv)
{
    bench::options const o = bench::parse(argc, argv, XEST_BENCH_DATA_DIR);
    if (o.workload == "W1") return run_w1(o);
    if (o.workload == "W2") return run_w2(o);
    return run_w3(o);
}
