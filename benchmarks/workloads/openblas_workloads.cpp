// Workload W3 (benchmarks/README.md) written by hand the way a performance engineer writes it
// with a BLAS: every matrix product one cblas_sgemm on one thread (OpenBLAS), everything else one
// tight loop per pass, fused where the data allows:
//   forward   h = x W (sgemm, beta 0), then h = max(h + b, 0) in one pass;
//   loss      logits + b, softmax, the loss, dlogits = (softmax - onehot) / B and the output
//             bias gradient in one pass over the logits (one exp per logit);
//   backward  dW = h^T dZ (sgemm, transposed A), dH = dZ W^T (sgemm, transposed B: no copy of
//             W^T), then dZ = dH where h > 0 and the bias gradient (its column sums) in one pass;
//   update    momentum, v = mu v - lr g; w += v, one pass per param.
// The features need no gradient, so the first layer's input gradient is not computed.
//
//   openblas_workloads --workload W3 [--smoke] [--steps N]
//
// Prints RESULT contender=handwritten+openblas workload=W3 (benchmarks/common/result.hpp). Its
// loss_sum (every step's loss summed) equals xestimator+hook's on W3 after 1 and 20 steps; over
// 300 steps float rounding separates them by about 0.1 %, as it separates xestimator with and
// without CBLAS.
#include <cblas.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "../common/alloc_counter.hpp"
#include "../common/result.hpp"
#include "../common/weights.hpp"

#ifndef XEST_BENCH_DATA_DIR
#define XEST_BENCH_DATA_DIR "benchmarks/data"
#endif

extern "C" void openblas_set_num_threads(int);

namespace
{
    // Row-major c<m, n> = op(a) op(b) (+ c when accumulate), one call.
    inline void sgemm(bool ta, bool tb, int m, int n, int k, float const* a, int lda, float const* b, int ldb, float* c, int ldc)
    {
        cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, 1.0f, a, lda, b,
                    ldb, 0.0f, c, ldc);
    }

    // h<M, N> = max(h + b, 0), b a row of N.
    template <std::size_t M, std::size_t N>
    void bias_relu(float* __restrict h, float const* __restrict b)
    {
        for (std::size_t i = 0; i < M; ++i)
        {
            float* __restrict r = h + i * N;
            for (std::size_t j = 0; j < N; ++j)
            {
                float const v = r[j] + b[j];
                r[j] = v > 0.0f ? v : 0.0f;
            }
        }
    }

    // dz<M, N> = h > 0 ? dz : 0 (the gradient through the ReLU, from the layer's output h) and
    // db<N> = the column sums of the masked dz, in one pass.
    template <std::size_t M, std::size_t N>
    void relu_mask_bias_grad(float* __restrict dz, float const* __restrict h, float* __restrict db)
    {
        for (std::size_t j = 0; j < N; ++j) db[j] = 0.0f;
        for (std::size_t i = 0; i < M; ++i)
        {
            float* __restrict d = dz + i * N;
            float const* __restrict hr = h + i * N;
            for (std::size_t j = 0; j < N; ++j)
            {
                float const v = hr[j] > 0.0f ? d[j] : 0.0f;
                d[j] = v;
                db[j] += v;
            }
        }
    }

    // The logits z<B, C> + b: mean softmax cross-entropy over B rows (returned), dz =
    // (softmax - onehot) / B written over z, and db<C> = its column sums, in one pass.
    template <std::size_t B, std::size_t C>
    float softmax_xent_bias(float* __restrict z, float const* __restrict b, std::int32_t const* __restrict y,
                            float* __restrict db)
    {
        float const g = 1.0f / static_cast<float>(B);
        float loss = 0.0f;
        for (std::size_t c = 0; c < C; ++c) db[c] = 0.0f;
        for (std::size_t r = 0; r < B; ++r)
        {
            float* __restrict x = z + r * C;
            float m = x[0] + b[0];
            for (std::size_t c = 0; c < C; ++c)
            {
                x[c] += b[c];
                m = x[c] > m ? x[c] : m;
            }
            float s = 0.0f;
            for (std::size_t c = 0; c < C; ++c)
            {
                x[c] = std::exp(x[c] - m);
                s += x[c];
            }
            std::size_t const label = static_cast<std::size_t>(y[r]);
            loss += std::log(s) - std::log(x[label]);  // -log softmax(label)
            float const scale = g / s;
            for (std::size_t c = 0; c < C; ++c)
            {
                float const d = x[c] * scale - (c == label ? g : 0.0f);
                x[c] = d;
                db[c] += d;
            }
        }
        return loss * g;
    }

    // v = mu v - lr g; w += v (Keras' momentum), one pass.
    template <std::size_t N>
    void momentum(float* __restrict w, float const* __restrict grad, float* __restrict v, float lr, float mu)
    {
        for (std::size_t i = 0; i < N; ++i)
        {
            float const nv = mu * v[i] - lr * grad[i];
            v[i] = nv;
            w[i] += nv;
        }
    }

    struct w3_net
    {
        static constexpr std::size_t B = 64, I = 784, H = 256, C = 10;
        static constexpr int b = B, i = I, h = H, c = C;
        alignas(64) float w1[I * H]{}, gw1[I * H]{}, vw1[I * H]{};
        alignas(64) float b1[H]{}, gb1[H]{}, vb1[H]{};
        alignas(64) float w2[H * H]{}, gw2[H * H]{}, vw2[H * H]{};
        alignas(64) float b2[H]{}, gb2[H]{}, vb2[H]{};
        alignas(64) float w3[H * C]{}, gw3[H * C]{}, vw3[H * C]{};
        alignas(64) float b3[C]{}, gb3[C]{}, vb3[C]{};
        alignas(64) float h1[B * H]{}, h2[B * H]{}, dz1[B * H]{}, dz2[B * H]{};
        alignas(64) float z3[B * C]{};

        float step(float const* x, std::int32_t const* y)
        {
            sgemm(false, false, b, h, i, x, i, w1, h, h1, h);
            bias_relu<B, H>(h1, b1);
            sgemm(false, false, b, h, h, h1, h, w2, h, h2, h);
            bias_relu<B, H>(h2, b2);
            sgemm(false, false, b, c, h, h2, h, w3, c, z3, c);
            float const loss = softmax_xent_bias<B, C>(z3, b3, y, gb3);  // z3 now holds dZ3

            sgemm(true, false, h, c, b, h2, h, z3, c, gw3, c);   // dW3 = H2^T dZ3
            sgemm(false, true, b, h, c, z3, c, w3, c, dz2, h);   // dH2 = dZ3 W3^T
            relu_mask_bias_grad<B, H>(dz2, h2, gb2);
            sgemm(true, false, h, h, b, h1, h, dz2, h, gw2, h);  // dW2 = H1^T dZ2
            sgemm(false, true, b, h, h, dz2, h, w2, h, dz1, h);  // dH1 = dZ2 W2^T
            relu_mask_bias_grad<B, H>(dz1, h1, gb1);
            sgemm(true, false, i, h, b, x, i, dz1, h, gw1, h);   // dW1 = X^T dZ1

            float const lr = 0.01f, mu = 0.9f;
            momentum<I * H>(w1, gw1, vw1, lr, mu);
            momentum<H>(b1, gb1, vb1, lr, mu);
            momentum<H * H>(w2, gw2, vw2, lr, mu);
            momentum<H>(b2, gb2, vb2, lr, mu);
            momentum<H * C>(w3, gw3, vw3, lr, mu);
            momentum<C>(b3, gb3, vb3, lr, mu);
            return loss;
        }
    };

    int run_w3(bench::options const& o)
    {
        using S = w3_net;
        constexpr std::size_t pool = 1280;
        std::vector<float> xs(pool * S::I);
        bench::uniform(xs, 0.0f, 1.0f, bench::w3_x_seed);
        std::vector<std::int32_t> ys(pool);
        for (std::size_t k = 0; k < pool; ++k) ys[k] = static_cast<std::int32_t>(10.0f * bench::uniform01(bench::w3_y_seed, k));
        auto s = std::make_unique<S>();
        bench::glorot_uniform(s->w1, S::I, S::H, bench::w3_l1_seed);
        bench::glorot_uniform(s->w2, S::H, S::H, bench::w3_l2_seed);
        bench::glorot_uniform(s->w3, S::H, S::C, bench::w3_l3_seed);
        std::int64_t const n = bench::steps_for(o);
        std::int64_t const allocs0 = bench::allocations();
        bench::timer t;
        std::size_t batch = 0;
        double loss_sum = 0.0;
        for (std::int64_t step = 0; step < n; ++step)
        {
            loss_sum += s->step(xs.data() + batch * S::B * S::I, ys.data() + batch * S::B);
            batch = batch + 1 == pool / S::B ? 0 : batch + 1;
        }
        t.stop();
        double const allocs = static_cast<double>(bench::allocations() - allocs0) / static_cast<double>(n);
        double const gflops = bench::w3_flops_per_step * static_cast<double>(n) / t.wall * 1e-9;
        std::string const extra = "gflops:" + bench::fmt("%.2f", gflops) + ",loss_sum:" + bench::fmt("%.6g", loss_sum) +
                                  ",allocs_per_step:" + bench::fmt("%g", allocs);
        bench::print_result("handwritten+openblas", "W3", t, n, extra);
        return 0;
    }
}

int main(int argc, char** argv)
{
    bench::options const o = bench::parse(argc, argv, XEST_BENCH_DATA_DIR);
    if (o.workload != "W3")
    {
        std::fprintf(stderr, "openblas_workloads: W3 only (the BLAS-sized workload)\n");
        return 2;
    }
    openblas_set_num_threads(1);
    return run_w3(o);
}
