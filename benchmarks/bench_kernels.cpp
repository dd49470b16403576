// The matrix products of W2, W3 and W4, one at a time, under each part of the kernel design
// (docs/performance.md, "The matrix kernels"): the plain i-k-j loops, one output row at a time
// in vector registers (the engine's loops before kernels/), register-blocked tiles, then with
// the sum cut into slices (cache blocking over k) and with packed panels of B; and the bias /
// ReLU epilogue fused or as a second pass. Counter "GFLOPs" = 2 M N K / time.
//
//   bench_kernels [--benchmark_filter=W3] [--benchmark_repetitions=5 ...]
#include <benchmark/benchmark.h>

#include <cstddef>
#include <vector>

#include <xestimator/expr/row_accumulator.hpp>
#include <xestimator/kernels/gemm.hpp>

#include "common/handwritten_kernels.hpp"

namespace
{
    namespace k = xest::kernels;

    enum class variant
    {
        naive,        // i-k-j loops over plain arrays (the naive-loops contender)
        rows,         // one row of C in vector registers, k inner (the engine before kernels/)
        tiles,        // MR x NR register tiles, one slice, no packing
        tiles_slices, // + the sum cut into slices of a panel of L1
        tiles_packed, // + packed panels of B (the kernels' own choice for large B)
        library,      // kernels::gemm_nn as the engine calls it
        bias_pass,    // library without bias, then a second pass adding the bias and ReLU
        bias_fused,   // library with the bias and ReLU in the epilogue
    };

    template <std::size_t M, std::size_t K, std::size_t N, variant V>
    void forward(benchmark::State& state)
    {
        std::vector<float> a(M * K), b(K * N), bias(N), c(M * N), z(M * N);
        for (std::size_t i = 0; i < a.size(); ++i) a[i] = float(i % 13) / 13.0f - 0.4f;
        for (std::size_t i = 0; i < b.size(); ++i) b[i] = float(i % 7) / 7.0f - 0.5f;
        for (std::size_t i = 0; i < N; ++i) bias[i] = 0.01f * float(i);
        using S = k::tile_strides<K, 1, N, 1, N>;
        using E = k::tile_epilogue<false, 0, false>;
        for (auto _ : state)
        {
            if constexpr (V == variant::naive)
            {
                bench::hand::dense_forward<M, K, N, false>(a.data(), b.data(), bias.data(), z.data(), c.data());
            }
            else if constexpr (V == variant::rows)
            {
                for (std::size_t i = 0; i < M; ++i)
                {
                    xest::expr::detail::row_accumulator<float, N> acc;
                    acc.load(bias.data());
                    for (std::size_t p = 0; p < K; ++p) acc.add_scaled(a[i * K + p], b.data() + p * N);
                    acc.store(c.data() + i * N);
                }
            }
            else if constexpr (V == variant::tiles)
            {
                // P = 1: one slice of all K terms (the panel is not used without packing).
                k::gemm<float, M, N, 1, S, E, false>(K, a.data(), b.data(), c.data(), c.data());
            }
            else if constexpr (V == variant::tiles_slices)
            {
                k::gemm<float, M, N, K, S, E, false>(K, a.data(), b.data(), c.data(), c.data());
            }
            else if constexpr (V == variant::tiles_packed)
            {
                k::gemm<float, M, N, K, S, E, true>(K, a.data(), b.data(), c.data(), c.data());
            }
            else if constexpr (V == variant::library)
            {
                k::gemm_nn<float, M, K, N>(a.data(), b.data(), nullptr, c.data());
            }
            else if constexpr (V == variant::bias_pass)
            {
                k::gemm_nn<float, M, K, N>(a.data(), b.data(), nullptr, c.data());
                for (std::size_t i = 0; i < M; ++i)
                    for (std::size_t j = 0; j < N; ++j)
                    {
                        float const v = c[i * N + j] + bias[j];
                        c[i * N + j] = v > 0.0f ? v : 0.0f;
                    }
            }
            else
            {
                k::gemm_nn<float, M, K, N, true, 0, true>(a.data(), b.data(), bias.data(), c.data());
            }
            benchmark::DoNotOptimize(c.data());
            benchmark::ClobberMemory();
        }
        state.counters["GFLOPs"] = benchmark::Counter(2.0 * M * N * K, benchmark::Counter::kIsIterationInvariantRate,
                                                      benchmark::Counter::kIs1000);
    }

    // dB<K, N> = A<M, K>^T dC<M, N>, the kernel gradient.
    template <std::size_t M, std::size_t K, std::size_t N, variant V>
    void kernel_gradient(benchmark::State& state)
    {
        std::vector<float> a(M * K), d(M * N), c(K * N), db(N);
        for (std::size_t i = 0; i < a.size(); ++i) a[i] = float(i % 13) / 13.0f - 0.4f;
        for (std::size_t i = 0; i < d.size(); ++i) d[i] = float(i % 7) / 7.0f - 0.5f;
        using S = k::tile_strides<1, K, N, 1, N>;
        using E = k::tile_epilogue<false, N, false>;
        for (auto _ : state)
        {
            if constexpr (V == variant::naive)
            {
                bench::hand::dense_param_grads<M, K, N>(a.data(), d.data(), c.data(), db.data());
            }
            else if constexpr (V == variant::rows)
            {
                for (std::size_t q = 0; q < K; ++q)
                {
                    xest::expr::detail::sum_scaled_rows<true, N>(c.data() + q * N, d.data(), M,
                                                                 [&](std::size_t i) noexcept { return a[i * K + q]; });
                }
            }
            else if constexpr (V == variant::tiles)
            {
                k::gemm<float, K, N, 1, S, E, false>(M, a.data(), d.data(), c.data(), c.data());
            }
            else if constexpr (V == variant::tiles_packed)
            {
                k::gemm<float, K, N, M, S, E, true>(M, a.data(), d.data(), c.data(), c.data());
            }
            else
            {
                k::gemm_tn<float, M, K, N>(M, a.data(), d.data(), c.data());
            }
            benchmark::DoNotOptimize(c.data());
            benchmark::ClobberMemory();
        }
        state.counters["GFLOPs"] = benchmark::Counter(2.0 * M * N * K, benchmark::Counter::kIsIterationInvariantRate,
                                                      benchmark::Counter::kIs1000);
    }

    // dA<M, K> = dC<M, N> B<K, N>^T, the input gradient.
    template <std::size_t M, std::size_t K, std::size_t N, variant V>
    void input_gradient(benchmark::State& state)
    {
        std::vector<float> d(M * N), b(K * N), c(M * K), z(M * K, 1.0f);
        for (std::size_t i = 0; i < d.size(); ++i) d[i] = float(i % 13) / 13.0f - 0.4f;
        for (std::size_t i = 0; i < b.size(); ++i) b[i] = float(i % 7) / 7.0f - 0.5f;
        for (auto _ : state)
        {
            if constexpr (V == variant::naive)
            {
                bench::hand::dense_input_grad_relu<M, K, N>(d.data(), b.data(), z.data(), c.data());
            }
            else
            {
                k::gemm_nt<float, M, K, N>(d.data(), b.data(), c.data());
            }
            benchmark::DoNotOptimize(c.data());
            benchmark::ClobberMemory();
        }
        state.counters["GFLOPs"] = benchmark::Counter(2.0 * M * N * K, benchmark::Counter::kIsIterationInvariantRate,
                                                      benchmark::Counter::kIs1000);
    }
}

#define XEST_FORWARD(NAME, M, K, N)                                                                                      \
    BENCHMARK(forward<M, K, N, variant::naive>)->Name(NAME " forward naive");                                            \
    BENCHMARK(forward<M, K, N, variant::rows>)->Name(NAME " forward rows");                                              \
    BENCHMARK(forward<M, K, N, variant::tiles>)->Name(NAME " forward tiles");                                            \
    BENCHMARK(forward<M, K, N, variant::tiles_slices>)->Name(NAME " forward tiles+slices");                              \
    BENCHMARK(forward<M, K, N, variant::tiles_packed>)->Name(NAME " forward tiles+slices+packed");                       \
    BENCHMARK(forward<M, K, N, variant::library>)->Name(NAME " forward library");                                        \
    BENCHMARK(forward<M, K, N, variant::bias_pass>)->Name(NAME " forward bias+relu pass");                               \
    BENCHMARK(forward<M, K, N, variant::bias_fused>)->Name(NAME " forward bias+relu fused")

#define XEST_BACKWARD(NAME, M, K, N)                                                                                     \
    BENCHMARK(kernel_gradient<M, K, N, variant::naive>)->Name(NAME " dW naive");                                         \
    BENCHMARK(kernel_gradient<M, K, N, variant::rows>)->Name(NAME " dW rows");                                           \
    BENCHMARK(kernel_gradient<M, K, N, variant::tiles>)->Name(NAME " dW tiles");                                         \
    BENCHMARK(kernel_gradient<M, K, N, variant::tiles_packed>)->Name(NAME " dW tiles+slices+packed");                    \
    BENCHMARK(kernel_gradient<M, K, N, variant::library>)->Name(NAME " dW library");                                     \
    BENCHMARK(input_gradient<M, K, N, variant::naive>)->Name(NAME " dX naive");                                          \
    BENCHMARK(input_gradient<M, K, N, variant::library>)->Name(NAME " dX library")

XEST_FORWARD("W2 32x64x32", 32, 64, 32);
XEST_BACKWARD("W2 32x64x32", 32, 64, 32);
XEST_FORWARD("W3 64x784x256", 64, 784, 256);
XEST_BACKWARD("W3 64x784x256", 64, 784, 256);
XEST_FORWARD("W3 64x256x256", 64, 256, 256);
XEST_BACKWARD("W3 64x256x256", 64, 256, 256);
XEST_FORWARD("W4 50x13x100", 50, 13, 100);
XEST_BACKWARD("W4 50x100x3", 50, 100, 3);

BENCHMARK_MAIN();
