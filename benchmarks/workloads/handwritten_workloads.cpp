// Workloads W1-W4 (benchmarks/README.md) written by hand, reading the examples straight from
// the data arrays (no batch copy), the same maths as the engine (the log-softmax formulation of
// the loss, Keras Adam and momentum). Two contenders:
//   naive-loops   plain i-k-j loops over std::array (what the engine's loops used to be);
//   expert        register-blocked products with fused bias/ReLU epilogues
//                 (common/expert_kernels.hpp), the performance engineer's version.
// W1 is scalar code in both: naive-loops updates W and b where they live (the caller's variables,
// so each step stores them and loads them back); expert holds them in registers for the loop.
//
//   handwritten_workloads --workload W1|W2|W3|W4 [--contender naive-loops|naive-loops+hook|expert] [--smoke] [--steps N] [--data DIR]
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
#include "../common/expert_kernels.hpp"
#include "../common/handwritten_kernels.hpp"
#include "../common/result.hpp"
#include "../common/weights.hpp"

#ifndef XEST_BENCH_DATA_DIR
#define XEST_BENCH_DATA_DIR "benchmarks/data"
#endif

namespace
{
    using namespace bench::hand;

    std::string name_of(bench::options const& o, bool& sum_hook, bool& expert)
    {
        sum_hook = o.contender == "naive-loops+hook";
        expert = o.contender == "expert";
        if (o.contender.empty() || o.contender == "naive-loops" || sum_hook || expert)
            return o.contender.empty() ? "naive-loops" : o.contender;
        std::fprintf(stderr, "unknown contender %s (naive-loops, naive-loops+hook, expert)\n", o.contender.c_str());
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

    // The performance engineer's W1: W and b in locals the compiler keeps in vector registers,
    // one dependency chain of about five floating-point operations per step. Not inlined: inlined
    // into run_w1, g++ 12 keeps w and b in general-purpose registers and moves them to and from
    // the vector unit every step (about 7.6 instead of 5 ns per step).
    [[gnu::noinline]] std::int64_t w1_loop_registers(std::int64_t n, float& w_out, float& b_out)
    {
        std::array<float, 3> const x = {1.0f, 2.0f, 3.0f};
        std::array<float, 3> const y = {2.0f, 4.0f, 5.9f};
        float const lr = 0.01f;
        float w = w_out;
        float b = b_out;
        std::size_t i = 0;
        for (std::int64_t step = 0; step < n; ++step)
        {
            float const e = x[i] * w + b - y[i];
            float const g = 2.0f * e;
            w -= lr * (x[i] * g);
            b -= lr * g;
            i = i == 2 ? 0 : i + 1;
        }
        w_out = w;
        b_out = b;
        return n;
    }

    int run_w1(bench::options const& o)
    {
        bool sum_hook = false, expert = false;
        std::string const name = name_of(o, sum_hook, expert);
        std::int64_t const n = bench::steps_for(o);
        std::int64_t const allocs0 = bench::allocations();
        bench::timer t;
        float w = 0.5f;
        float b = 0.0f;
        double sum = 0.0;
        if (expert) w1_loop_registers(n, w, b);
        else if (sum_hook) w1_loop<true>(n, w, b, sum);
        else w1_loop<false>(n, w, b, sum);
        t.stop();
        double const allocs = static_cast<double>(bench::allocations() - allocs0) / static_cast<double>(n);
        std::string extra = "W:" + bench::fmt("%.6f", w) + ",b:" + bench::fmt("%.6f", b) + ",allocs_per_step:" + bench::fmt("%g", allocs);
        if (sum_hook) extra += ",loss_sum:" + bench::fmt("%.6g", sum);
        bench::print_result(name.c_str(), "W1", t, n, extra);
        return 0;
    }

    // ---- W2 and W4: I -> H ReLU -> C, softmax cross-entropy, Adam -----------------------------

    template <std::size_t B, std::size_t I, std::size_t H, std::size_t C>
    struct mlp_state
    {
        std::array<float, I * H> w1{}, gw1{}, mw1{}, vw1{};
        std::array<float, H> b1{}, gb1{}, mb1{}, vb1{};
        std::array<float, H * C> w2{}, gw2{}, mw2{}, vw2{}, w2t{};
        std::array<float, C> b2{}, gb2{}, mb2{}, vb2{};
        std::array<float, B * H> z1{}, h{}, dz1{};
        std::array<float, B * C> z2{}, logits{}, dlogits{};
    };

    // Forward of one batch into s.logits; returns the loss and leaves dlogits.
    template <bool Expert, std::size_t B, std::size_t I, std::size_t H, std::size_t C>
    float mlp_forward(mlp_state<B, I, H, C>& s, float const* x, std::int32_t const* y)
    {
        if constexpr (Expert)
        {
            using bench::expert::epi;
            bench::expert::gemm<B, I, H, epi::bias_relu>(x, s.w1.data(), s.b1.data(), s.h.data());
            bench::expert::gemm<B, H, C, epi::bias>(s.h.data(), s.w2.data(), s.b2.data(), s.logits.data());
        }
        else
        {
            dense_forward<B, I, H, true>(x, s.w1.data(), s.b1.data(), s.z1.data(), s.h.data());
            dense_forward<B, H, C, false>(s.h.data(), s.w2.data(), s.b2.data(), s.z2.data(), s.logits.data());
        }
        return softmax_xent<B, C>(s.logits.data(), y, s.dlogits.data());
    }

    // One training step on the batch (x, y): forward, backward, Adam with step size alpha.
    template <bool Expert, std::size_t B, std::size_t I, std::size_t H, std::size_t C>
    float mlp_step(mlp_state<B, I, H, C>& s, float const* x, std::int32_t const* y, float alpha)
    {
        constexpr float b1 = 0.9f, b2 = 0.999f, eps = 1e-7f;
        float const loss = mlp_forward<Expert>(s, x, y);
        if constexpr (Expert)
        {
            using bench::expert::epi;
            bench::expert::param_grads<B, H, C>(s.h.data(), s.dlogits.data(), s.gw2.data(), s.gb2.data());
            bench::expert::transpose<H, C>(s.w2.data(), s.w2t.data());
            bench::expert::gemm<B, C, H, epi::mask>(s.dlogits.data(), s.w2t.data(), s.h.data(), s.dz1.data());
            bench::expert::param_grads<B, I, H>(x, s.dz1.data(), s.gw1.data(), s.gb1.data());
        }
        else
        {
            dense_param_grads<B, H, C>(s.h.data(), s.dlogits.data(), s.gw2.data(), s.gb2.data());
            dense_input_grad_relu<B, H, C>(s.dlogits.data(), s.w2.data(), s.z1.data(), s.dz1.data());
            dense_param_grads<B, I, H>(x, s.dz1.data(), s.gw1.data(), s.gb1.data());
        }
        adam(s.w1, s.gw1, s.mw1, s.vw1, alpha, b1, b2, eps);
        adam(s.b1, s.gb1, s.mb1, s.vb1, alpha, b1, b2, eps);
        adam(s.w2, s.gw2, s.mw2, s.vw2, alpha, b1, b2, eps);
        adam(s.b2, s.gb2, s.mb2, s.vb2, alpha, b1, b2, eps);
        return loss;
    }

    // Trains n steps over batches (x, y) of B rows, `batches` of them, cyclically.
    template <bool Expert, std::size_t B, std::size_t I, std::size_t H, std::size_t C>
    double mlp_train(mlp_state<B, I, H, C>& s, float const* xs, std::int32_t const* ys, std::size_t batches, std::int64_t n)
    {
        float const lr = 1e-3f, b1 = 0.9f, b2 = 0.999f;
        double b1_power = 1.0;
        double b2_power = 1.0;
        double sum = 0.0;
        std::size_t batch = 0;
        for (std::int64_t step = 0; step < n; ++step)
        {
            float const* x = xs + batch * B * I;
            std::int32_t const* y = ys + batch * B;
            batch = batch + 1 == batches ? 0 : batch + 1;
            b1_power *= b1;
            b2_power *= b2;
            float const alpha = static_cast<float>(lr * std::sqrt(1.0 - b2_power) / (1.0 - b1_power));
            sum += mlp_step<Expert>(s, x, y, alpha);
        }
        return sum;
    }

    int run_w2(bench::options const& o)
    {
        constexpr std::size_t B = 32, I = 64, H = 32, C = 10;
        using S = mlp_state<B, I, H, C>;
        bool sum_hook = false, expert = false;
        std::string const name = name_of(o, sum_hook, expert);
        bench::digits const d = bench::load_digits(o.data_dir);
        auto s = std::make_unique<S>();
        bench::glorot_uniform(s->w1, 64, 32, bench::w2_hidden_seed);
        bench::glorot_uniform(s->w2, 32, 10, bench::w2_out_seed);

        std::int64_t const n = bench::steps_for(o);
        std::int64_t const allocs0 = bench::allocations();
        bench::timer t;
        double const sum = expert ? mlp_train<true>(*s, d.train_x.data(), d.train_y.data(), bench::digits::batches_per_epoch, n)
                                  : mlp_train<false>(*s, d.train_x.data(), d.train_y.data(), bench::digits::batches_per_epoch, n);
        t.stop();
        double const allocs = static_cast<double>(bench::allocations() - allocs0) / static_cast<double>(n);

        // Test accuracy: argmax of the logits (first maximum), 360 rows in batches of 32 + 8.
        std::size_t correct = 0;
        std::vector<float> xb(B * I);
        std::vector<std::int32_t> yb(B);
        for (std::size_t r0 = 0; r0 < bench::digits::test_rows; r0 += B)
        {
            std::size_t const rows = std::min(B, bench::digits::test_rows - r0);
            std::fill(xb.begin(), xb.end(), 0.0f);
            std::fill(yb.begin(), yb.end(), 0);
            std::copy(d.test_x.begin() + static_cast<std::ptrdiff_t>(r0 * I),
                      d.test_x.begin() + static_cast<std::ptrdiff_t>((r0 + rows) * I), xb.begin());
            mlp_forward<false>(*s, xb.data(), yb.data());
            for (std::size_t r = 0; r < rows; ++r)
            {
                float const* l = s->logits.data() + r * C;
                std::size_t best = static_cast<std::size_t>(std::max_element(l, l + C) - l);
                correct += best == static_cast<std::size_t>(d.test_y[r0 + r]) ? 1 : 0;
            }
        }
        double const acc = static_cast<double>(correct) / static_cast<double>(bench::digits::test_rows);
        std::string extra = "test_acc:" + bench::fmt("%.4f", acc) + ",allocs_per_step:" + bench::fmt("%g", allocs);
        if (sum_hook) extra += ",loss_sum:" + bench::fmt("%.6g", sum);
        bench::print_result(name.c_str(), "W2", t, n, extra);
        return 0;
    }

    int run_w4(bench::options const& o)
    {
        constexpr std::size_t B = 50, I = 13, H = 100, C = 3, pool = 500;
        using S = mlp_state<B, I, H, C>;
        bool sum_hook = false, expert = false;
        std::string const name = name_of(o, sum_hook, expert);
        std::vector<float> xs(pool * I);
        bench::uniform(xs, 0.0f, 1.0f, bench::w4_x_seed);
        std::vector<std::int32_t> ys(pool);
        for (std::size_t i = 0; i < pool; ++i) ys[i] = static_cast<std::int32_t>(3.0f * bench::uniform01(bench::w4_y_seed, i));
        auto s = std::make_unique<S>();
        bench::glorot_uniform(s->w1, I, H, bench::w4_l1_seed);
        bench::glorot_uniform(s->w2, H, C, bench::w4_l2_seed);

        std::int64_t const n = bench::steps_for(o);
        std::int64_t const allocs0 = bench::allocations();
        bench::timer t;
        double const sum = expert ? mlp_train<true>(*s, xs.data(), ys.data(), pool / B, n)
                                  : mlp_train<false>(*s, xs.data(), ys.data(), pool / B, n);
        t.stop();
        double const allocs = static_cast<double>(bench::allocations() - allocs0) / static_cast<double>(n);
        // The mean loss over the pool after training (the same figure for every contender).
        double pool_loss = 0.0;
        for (std::size_t b = 0; b < pool / B; ++b) pool_loss += mlp_forward<false>(*s, xs.data() + b * B * I, ys.data() + b * B);
        pool_loss /= static_cast<double>(pool / B);
        std::string extra = "pool_loss:" + bench::fmt("%.4f", pool_loss) + ",allocs_per_step:" + bench::fmt("%g", allocs);
        if (sum_hook) extra += ",loss_sum:" + bench::fmt("%.6g", sum);
        bench::print_result(name.c_str(), "W4", t, n, extra);
        return 0;
    }

    // ---- W3 -----------------------------------------------------------------------------------

    struct w3_state
    {
        static constexpr std::size_t B = 64, I = 784, H = 256, C = 10;
        std::array<float, I * H> w1{}, gw1{}, vw1{};
        std::array<float, H> b1{}, gb1{}, vb1{};
        std::array<float, H * H> w2{}, gw2{}, vw2{}, w2t{};
        std::array<float, H> b2{}, gb2{}, vb2{};
        std::array<float, H * C> w3{}, gw3{}, vw3{}, w3t{};
        std::array<float, C> b3{}, gb3{}, vb3{};
        std::array<float, B * H> z1{}, h1{}, dz1{}, z2{}, h2{}, dz2{};
        std::array<float, B * C> z3{}, logits{}, dlogits{};
    };

    template <bool Expert>
    void w3_train(w3_state& st, float const* xs, std::int32_t const* ys, std::size_t batches, std::int64_t n)
    {
        using S = w3_state;
        S* s = &st;
        float const lr = 0.01f, mu = 0.9f;
        std::size_t batch = 0;
        for (std::int64_t step = 0; step < n; ++step)
        {
            float const* x = xs + batch * S::B * S::I;
            std::int32_t const* y = ys + batch * S::B;
            batch = batch + 1 == batches ? 0 : batch + 1;

            if constexpr (Expert)
            {
                using bench::expert::epi;
                namespace ex = bench::expert;
                ex::gemm<S::B, S::I, S::H, epi::bias_relu>(x, s->w1.data(), s->b1.data(), s->h1.data());
                ex::gemm<S::B, S::H, S::H, epi::bias_relu>(s->h1.data(), s->w2.data(), s->b2.data(), s->h2.data());
                ex::gemm<S::B, S::H, S::C, epi::bias>(s->h2.data(), s->w3.data(), s->b3.data(), s->logits.data());
                softmax_xent<S::B, S::C>(s->logits.data(), y, s->dlogits.data());
                ex::param_grads<S::B, S::H, S::C>(s->h2.data(), s->dlogits.data(), s->gw3.data(), s->gb3.data());
                ex::transpose<S::H, S::C>(s->w3.data(), s->w3t.data());
                ex::gemm<S::B, S::C, S::H, epi::mask>(s->dlogits.data(), s->w3t.data(), s->h2.data(), s->dz2.data());
                ex::param_grads<S::B, S::H, S::H>(s->h1.data(), s->dz2.data(), s->gw2.data(), s->gb2.data());
                ex::transpose<S::H, S::H>(s->w2.data(), s->w2t.data());
                ex::gemm<S::B, S::H, S::H, epi::mask>(s->dz2.data(), s->w2t.data(), s->h1.data(), s->dz1.data());
                ex::param_grads<S::B, S::I, S::H>(x, s->dz1.data(), s->gw1.data(), s->gb1.data());
            }
            else
            {
                dense_forward<S::B, S::I, S::H, true>(x, s->w1.data(), s->b1.data(), s->z1.data(), s->h1.data());
                dense_forward<S::B, S::H, S::H, true>(s->h1.data(), s->w2.data(), s->b2.data(), s->z2.data(), s->h2.data());
                dense_forward<S::B, S::H, S::C, false>(s->h2.data(), s->w3.data(), s->b3.data(), s->z3.data(), s->logits.data());
                softmax_xent<S::B, S::C>(s->logits.data(), y, s->dlogits.data());
                dense_param_grads<S::B, S::H, S::C>(s->h2.data(), s->dlogits.data(), s->gw3.data(), s->gb3.data());
                dense_input_grad_relu<S::B, S::H, S::C>(s->dlogits.data(), s->w3.data(), s->z2.data(), s->dz2.data());
                dense_param_grads<S::B, S::H, S::H>(s->h1.data(), s->dz2.data(), s->gw2.data(), s->gb2.data());
                dense_input_grad_relu<S::B, S::H, S::H>(s->dz2.data(), s->w2.data(), s->z1.data(), s->dz1.data());
                dense_param_grads<S::B, S::I, S::H>(x, s->dz1.data(), s->gw1.data(), s->gb1.data());
            }
            // The features need no gradient: no d x.

            momentum(s->w1, s->gw1, s->vw1, lr, mu);
            momentum(s->b1, s->gb1, s->vb1, lr, mu);
            momentum(s->w2, s->gw2, s->vw2, lr, mu);
            momentum(s->b2, s->gb2, s->vb2, lr, mu);
            momentum(s->w3, s->gw3, s->vw3, lr, mu);
            momentum(s->b3, s->gb3, s->vb3, lr, mu);
        }
    }

    int run_w3(bench::options const& o)
    {
        using S = w3_state;
        bool sum_hook = false, expert = false;
        std::string const name = name_of(o, sum_hook, expert);
        constexpr std::size_t pool = 1280;
        std::vector<float> xs(pool * S::I);
        bench::uniform(xs, 0.0f, 1.0f, bench::w3_x_seed);
        std::vector<std::int32_t> ys(pool);
        for (std::size_t i = 0; i < pool; ++i) ys[i] = static_cast<std::int32_t>(10.0f * bench::uniform01(bench::w3_y_seed, i));
        auto s = std::make_unique<S>();
        bench::glorot_uniform(s->w1, S::I, S::H, bench::w3_l1_seed);
        bench::glorot_uniform(s->w2, S::H, S::H, bench::w3_l2_seed);
        bench::glorot_uniform(s->w3, S::H, S::C, bench::w3_l3_seed);

        std::int64_t const n = bench::steps_for(o);
        std::int64_t const allocs0 = bench::allocations();
        bench::timer t;
        if (expert) w3_train<true>(*s, xs.data(), ys.data(), pool / S::B, n);
        else w3_train<false>(*s, xs.data(), ys.data(), pool / S::B, n);
        t.stop();
        double const allocs = static_cast<double>(bench::allocations() - allocs0) / static_cast<double>(n);
        double const gflops = bench::w3_flops_per_step * static_cast<double>(n) / t.wall * 1e-9;
        std::string extra = "gflops:" + bench::fmt("%.2f", gflops) + ",allocs_per_step:" + bench::fmt("%g", allocs);
        bench::print_result(name.c_str(), "W3", t, n, extra);
        return 0;
    }
}

int main(int argc, char** argv)
{
    bench::options const o = bench::parse(argc, argv, XEST_BENCH_DATA_DIR);
    if (o.workload == "W1") return run_w1(o);
    if (o.workload == "W2") return run_w2(o);
    if (o.workload == "W4") return run_w4(o);
    return run_w3(o);
}
