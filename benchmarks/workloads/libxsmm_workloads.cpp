// Workloads W2, W3, W4 (benchmarks/README.md) written by hand with every matrix product through
// LIBXSMM (Debian libxsmm-dev 1.17): the JIT small-matrix kernels are dispatched once, before the
// timed loop, then called on each step; bias, ReLU, the loss and the optimizers are the
// hand-written loops of common/handwritten_kernels.hpp.
//
// LIBXSMM is column-major: the row-major C<M, N> = A<M, K> B<K, N> is the column-major
// C^T = B^T A^T, a kernel of m = N, n = M, k = K on (B, A). The kernel gradient A^T dC uses the
// kernel's transposed-B form; 1.17 has no transposed-A kernel, so the input gradient dC W^T reads
// a copy of W^T made once per step. The 1.17 kernels return with the upper halves of the AVX
// registers dirty (no vzeroupper), which makes the SSE code that follows several times slower:
// each call is followed by _mm256_zeroupper().
//
//   libxsmm_workloads --workload W2|W3|W4 [--smoke] [--steps N] [--data DIR]
#include <libxsmm.h>
#if defined(__AVX__)
#include <immintrin.h>
#endif

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
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

    // One product shape, dispatched once. Row-major views of column-major kernels.
    class product
    {
    public:
        // c<M, N> (= or += by beta) a<M, K> b<K, N>, all row-major.
        static product nn(int M, int K, int N, float beta) { return {N, M, K, N, K, N, beta, LIBXSMM_GEMM_FLAG_NONE}; }
        // c<K, N> = a<M, K>^T d<M, N>: column-major C^T<N, K> = D^T<N, M> A<M, K>, A read transposed.
        static product tn(int M, int K, int N) { return {N, K, M, N, K, N, 0.0f, LIBXSMM_GEMM_FLAG_TRANS_B}; }

        // Row-major operands in the order of the maths: c = left · right.
        void operator()(float const* left, float const* right, float* c) const
        {
            m_kernel(right, left, c);
#if defined(__AVX__)
            _mm256_zeroupper();
#endif
        }

    private:
        product(int m, int n, int k, int lda, int ldb, int ldc, float beta, int flags)
        {
            libxsmm_blasint const mm = m, nn = n, kk = k, la = lda, lb = ldb, lc = ldc;
            float const alpha = 1.0f;
            m_kernel = libxsmm_smmdispatch(mm, nn, kk, &la, &lb, &lc, &alpha, &beta, &flags, nullptr);
            if (m_kernel == nullptr)
            {
                std::fprintf(stderr, "libxsmm: no kernel for m=%d n=%d k=%d flags=%d\n", m, n, k, flags);
                std::exit(1);
            }
        }
        libxsmm_smmfunction m_kernel = nullptr;
    };

    template <std::size_t R, std::size_t C>
    void fill_rows(float* out, float const* row)
    {
        for (std::size_t i = 0; i < R; ++i) std::copy(row, row + C, out + i * C);
    }

    template <std::size_t N>
    void relu_inplace(float* x)
    {
        for (std::size_t i = 0; i < N; ++i) x[i] = x[i] > 0.0f ? x[i] : 0.0f;
    }

    // d = h > 0 ? d : 0 (the gradient through a ReLU, from the layer's output h).
    template <std::size_t N>
    void relu_mask(float* __restrict d, float const* __restrict h)
    {
        for (std::size_t i = 0; i < N; ++i) d[i] = h[i] > 0.0f ? d[i] : 0.0f;
    }

    template <std::size_t M, std::size_t N>
    void column_sums(float const* __restrict d, float* __restrict out)
    {
        for (std::size_t j = 0; j < N; ++j) out[j] = 0.0f;
        for (std::size_t i = 0; i < M; ++i)
            for (std::size_t j = 0; j < N; ++j) out[j] += d[i * N + j];
    }

    template <std::size_t K, std::size_t N>
    void transpose(float const* __restrict w, float* __restrict t)
    {
        for (std::size_t k = 0; k < K; ++k)
            for (std::size_t j = 0; j < N; ++j) t[j * K + k] = w[k * N + j];
    }

    // ---- W2 and W4: I -> H ReLU -> C, Adam ----------------------------------------------------

    template <std::size_t B, std::size_t I, std::size_t H, std::size_t C>
    struct mlp
    {
        std::array<float, I * H> w1{}, gw1{}, mw1{}, vw1{};
        std::array<float, H> b1{}, gb1{}, mb1{}, vb1{};
        std::array<float, H * C> w2{}, gw2{}, mw2{}, vw2{}, w2t{};
        std::array<float, C> b2{}, gb2{}, mb2{}, vb2{};
        std::array<float, B * H> h{}, dz1{};
        std::array<float, B * C> logits{}, dlogits{};

        product f1 = product::nn(B, I, H, 1.0f), f2 = product::nn(B, H, C, 1.0f);
        product g1 = product::tn(B, I, H), g2 = product::tn(B, H, C);
        product d1 = product::nn(B, C, H, 0.0f);

        float forward(float const* x, std::int32_t const* y)
        {
            fill_rows<B, H>(h.data(), b1.data());
            f1(x, w1.data(), h.data());
            relu_inplace<B * H>(h.data());
            fill_rows<B, C>(logits.data(), b2.data());
            f2(h.data(), w2.data(), logits.data());
            return softmax_xent<B, C>(logits.data(), y, dlogits.data());
        }

        float step(float const* x, std::int32_t const* y, float alpha)
        {
            constexpr float beta1 = 0.9f, beta2 = 0.999f, eps = 1e-7f;
            float const loss = forward(x, y);
            g2(h.data(), dlogits.data(), gw2.data());
            column_sums<B, C>(dlogits.data(), gb2.data());
            transpose<H, C>(w2.data(), w2t.data());
            d1(dlogits.data(), w2t.data(), dz1.data());
            relu_mask<B * H>(dz1.data(), h.data());
            g1(x, dz1.data(), gw1.data());
            column_sums<B, H>(dz1.data(), gb1.data());
            adam(w1, gw1, mw1, vw1, alpha, beta1, beta2, eps);
            adam(b1, gb1, mb1, vb1, alpha, beta1, beta2, eps);
            adam(w2, gw2, mw2, vw2, alpha, beta1, beta2, eps);
            adam(b2, gb2, mb2, vb2, alpha, beta1, beta2, eps);
            return loss;
        }

        void train(float const* xs, std::int32_t const* ys, std::size_t batches, std::int64_t n)
        {
            double b1_power = 1.0, b2_power = 1.0;
            std::size_t batch = 0;
            for (std::int64_t s = 0; s < n; ++s)
            {
                float const* x = xs + batch * B * I;
                std::int32_t const* y = ys + batch * B;
                batch = batch + 1 == batches ? 0 : batch + 1;
                b1_power *= 0.9;
                b2_power *= 0.999;
                step(x, y, static_cast<float>(1e-3 * std::sqrt(1.0 - b2_power) / (1.0 - b1_power)));
            }
        }
    };

    int run_w2(bench::options const& o)
    {
        constexpr std::size_t B = 32, I = 64, H = 32, C = 10;
        bench::digits const d = bench::load_digits(o.data_dir);
        auto s = std::make_unique<mlp<B, I, H, C>>();
        bench::glorot_uniform(s->w1, I, H, bench::w2_hidden_seed);
        bench::glorot_uniform(s->w2, H, C, bench::w2_out_seed);
        std::int64_t const n = bench::steps_for(o);
        std::int64_t const allocs0 = bench::allocations();
        bench::timer t;
        s->train(d.train_x.data(), d.train_y.data(), bench::digits::batches_per_epoch, n);
        t.stop();
        double const allocs = static_cast<double>(bench::allocations() - allocs0) / static_cast<double>(n);
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
            s->forward(xb.data(), yb.data());
            for (std::size_t r = 0; r < rows; ++r)
            {
                float const* l = s->logits.data() + r * C;
                correct += static_cast<std::size_t>(std::max_element(l, l + C) - l) == static_cast<std::size_t>(d.test_y[r0 + r]);
            }
        }
        double const acc = static_cast<double>(correct) / static_cast<double>(bench::digits::test_rows);
        bench::print_result("libxsmm", "W2", t, n, "test_acc:" + bench::fmt("%.4f", acc) + ",allocs_per_step:" + bench::fmt("%g", allocs));
        return 0;
    }

    int run_w4(bench::options const& o)
    {
        constexpr std::size_t B = 50, I = 13, H = 100, C = 3, pool = 500;
        std::vector<float> xs(pool * I);
        bench::uniform(xs, 0.0f, 1.0f, bench::w4_x_seed);
        std::vector<std::int32_t> ys(pool);
        for (std::size_t i = 0; i < pool; ++i) ys[i] = static_cast<std::int32_t>(3.0f * bench::uniform01(bench::w4_y_seed, i));
        auto s = std::make_unique<mlp<B, I, H, C>>();
        bench::glorot_uniform(s->w1, I, H, bench::w4_l1_seed);
        bench::glorot_uniform(s->w2, H, C, bench::w4_l2_seed);
        std::int64_t const n = bench::steps_for(o);
        std::int64_t const allocs0 = bench::allocations();
        bench::timer t;
        s->train(xs.data(), ys.data(), pool / B, n);
        t.stop();
        double const allocs = static_cast<double>(bench::allocations() - allocs0) / static_cast<double>(n);
        double pool_loss = 0.0;
        for (std::size_t b = 0; b < pool / B; ++b) pool_loss += s->forward(xs.data() + b * B * I, ys.data() + b * B);
        pool_loss /= static_cast<double>(pool / B);
        bench::print_result("libxsmm", "W4", t, n,
                            "pool_loss:" + bench::fmt("%.4f", pool_loss) + ",allocs_per_step:" + bench::fmt("%g", allocs));
        return 0;
    }

    // ---- W3: 784 -> 256 ReLU -> 256 ReLU -> 10, momentum ------------------------------------------

    struct w3_net
    {
        static constexpr std::size_t B = 64, I = 784, H = 256, C = 10;
        std::array<float, I * H> w1{}, gw1{}, vw1{};
        std::array<float, H> b1{}, gb1{}, vb1{};
        std::array<float, H * H> w2{}, gw2{}, vw2{}, w2t{};
        std::array<float, H> b2{}, gb2{}, vb2{};
        std::array<float, H * C> w3{}, gw3{}, vw3{}, w3t{};
        std::array<float, C> b3{}, gb3{}, vb3{};
        std::array<float, B * H> h1{}, dz1{}, h2{}, dz2{};
        std::array<float, B * C> logits{}, dlogits{};

        product f1 = product::nn(B, I, H, 1.0f), f2 = product::nn(B, H, H, 1.0f), f3 = product::nn(B, H, C, 1.0f);
        product g1 = product::tn(B, I, H), g2 = product::tn(B, H, H), g3 = product::tn(B, H, C);
        product d2 = product::nn(B, H, H, 0.0f), d3 = product::nn(B, C, H, 0.0f);

        void step(float const* x, std::int32_t const* y)
        {
            fill_rows<B, H>(h1.data(), b1.data());
            f1(x, w1.data(), h1.data());
            relu_inplace<B * H>(h1.data());
            fill_rows<B, H>(h2.data(), b2.data());
            f2(h1.data(), w2.data(), h2.data());
            relu_inplace<B * H>(h2.data());
            fill_rows<B, C>(logits.data(), b3.data());
            f3(h2.data(), w3.data(), logits.data());
            softmax_xent<B, C>(logits.data(), y, dlogits.data());

            g3(h2.data(), dlogits.data(), gw3.data());
            column_sums<B, C>(dlogits.data(), gb3.data());
            transpose<H, C>(w3.data(), w3t.data());
            d3(dlogits.data(), w3t.data(), dz2.data());
            relu_mask<B * H>(dz2.data(), h2.data());
            g2(h1.data(), dz2.data(), gw2.data());
            column_sums<B, H>(dz2.data(), gb2.data());
            transpose<H, H>(w2.data(), w2t.data());
            d2(dz2.data(), w2t.data(), dz1.data());
            relu_mask<B * H>(dz1.data(), h1.data());
            g1(x, dz1.data(), gw1.data());
            column_sums<B, H>(dz1.data(), gb1.data());

            float const lr = 0.01f, mu = 0.9f;
            momentum(w1, gw1, vw1, lr, mu);
            momentum(b1, gb1, vb1, lr, mu);
            momentum(w2, gw2, vw2, lr, mu);
            momentum(b2, gb2, vb2, lr, mu);
            momentum(w3, gw3, vw3, lr, mu);
            momentum(b3, gb3, vb3, lr, mu);
        }
    };

    int run_w3(bench::options const& o)
    {
        using S = w3_net;
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
        std::size_t batch = 0;
        for (std::int64_t step = 0; step < n; ++step)
        {
            s->step(xs.data() + batch * S::B * S::I, ys.data() + batch * S::B);
            batch = batch + 1 == pool / S::B ? 0 : batch + 1;
        }
        t.stop();
        double const allocs = static_cast<double>(bench::allocations() - allocs0) / static_cast<double>(n);
        double const gflops = bench::w3_flops_per_step * static_cast<double>(n) / t.wall * 1e-9;
        bench::print_result("libxsmm", "W3", t, n, "gflops:" + bench::fmt("%.2f", gflops) + ",allocs_per_step:" + bench::fmt("%g", allocs));
        return 0;
    }
}

int main(int argc, char** argv)
{
    bench::options const o = bench::parse(argc, argv, XEST_BENCH_DATA_DIR);
    libxsmm_init();
    int rc = 0;
    if (o.workload == "W2") rc = run_w2(o);
    else if (o.workload == "W3") rc = run_w3(o);
    else if (o.workload == "W4") rc = run_w4(o);
    else
    {
        std::fprintf(stderr, "libxsmm_workloads: W2, W3 or W4 (W1 is scalar)\n");
        rc = 2;
    }
    libxsmm_finalize();
    return rc;
}
