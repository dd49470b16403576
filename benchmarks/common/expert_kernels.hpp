#ifndef XESTIMATOR_BENCHMARKS_COMMON_EXPERT_KERNELS_HPP
#define XESTIMATOR_BENCHMARKS_COMMON_EXPERT_KERNELS_HPP

// The expert hand-written contender's products: what a performance engineer writes for a dense
// layer in an afternoon, without a library. Register-blocked: a tile of 4 rows x 2 vectors of
// columns is summed in registers over k (8 independent accumulators), the activation and bias
// are applied as the tile is stored, and W is transposed once per step for the input gradient
// so that every product reads rows of contiguous vectors. Tails: single-row tiles, then one
// vector, then scalar columns. The vector width is the machine's (AVX-512, AVX or SSE), through
// the GCC/Clang vector extensions.

#include <cstddef>
#include <cstring>

namespace bench::expert
{
#if defined(__AVX512F__)
    inline constexpr std::size_t lanes = 16;
#elif defined(__AVX__)
    inline constexpr std::size_t lanes = 8;
#else
    inline constexpr std::size_t lanes = 4;
#endif
    typedef float vf __attribute__((vector_size(lanes * sizeof(float))));

    inline vf loadv(float const* p)
    {
        vf v;
        std::memcpy(&v, p, sizeof v);
        return v;
    }
    inline void storev(float* p, vf v) { std::memcpy(p, &v, sizeof v); }
    inline vf relu(vf x)
    {
        vf const zero{};
        return x > zero ? x : zero;
    }

    // Epilogues: what a stored tile becomes.
    enum class epi
    {
        plain,      // c = sum
        bias_relu,  // c = max(sum + bias, 0)
        bias,       // c = sum + bias
        mask,       // c = h > 0 ? sum : 0 (the gradient through a ReLU, h the layer's output)
    };

    // c<R x (V vectors)> from rows a (stride lda, K terms) and b rows (stride ldb).
    template <std::size_t R, std::size_t V, epi E>
    inline void tile(std::size_t K, float const* __restrict a, std::size_t lda, float const* __restrict b, std::size_t ldb,
                     float const* __restrict e, std::size_t lde, float* __restrict c, std::size_t ldc)
    {
        vf acc[R][V] = {};
        for (std::size_t k = 0; k < K; ++k)
        {
            vf bv[V];
            for (std::size_t v = 0; v < V; ++v) bv[v] = loadv(b + k * ldb + v * lanes);
            for (std::size_t r = 0; r < R; ++r)
            {
                float const ar = a[r * lda + k];
                for (std::size_t v = 0; v < V; ++v) acc[r][v] += ar * bv[v];
            }
        }
        for (std::size_t r = 0; r < R; ++r)
            for (std::size_t v = 0; v < V; ++v)
            {
                vf x = acc[r][v];
                if constexpr (E == epi::bias || E == epi::bias_relu) x += loadv(e + v * lanes);
                if constexpr (E == epi::bias_relu) x = relu(x);
                if constexpr (E == epi::mask) x = loadv(e + r * lde + v * lanes) > vf{} ? x : vf{};
                storev(c + r * ldc + v * lanes, x);
            }
    }

    // The scalar columns at the right edge.
    template <epi E>
    inline void edge(std::size_t M, std::size_t K, std::size_t j0, std::size_t N, float const* a, float const* b,
                     float const* e, float* c)
    {
        for (std::size_t i = 0; i < M; ++i)
            for (std::size_t j = j0; j < N; ++j)
            {
                float s = 0.0f;
                for (std::size_t k = 0; k < K; ++k) s += a[i * K + k] * b[k * N + j];
                if constexpr (E == epi::bias || E == epi::bias_relu) s += e[j];
                if constexpr (E == epi::bias_relu) s = s > 0.0f ? s : 0.0f;
                if constexpr (E == epi::mask) s = e[i * N + j] > 0.0f ? s : 0.0f;
                c[i * N + j] = s;
            }
    }

    // c<M, N> = epilogue(a<M, K> b<K, N>), all row-major. For epi::mask, e is <M, N>; for
    // the bias epilogues, a row of N.
    template <std::size_t M, std::size_t K, std::size_t N, epi E>
    void gemm(float const* __restrict a, float const* __restrict b, float const* __restrict e, float* __restrict c)
    {
        constexpr std::size_t nr = 2 * lanes;
        constexpr std::size_t mr = 4;
        constexpr std::size_t lde = E == epi::mask ? N : 0;
        std::size_t j = 0;
        for (; j + nr <= N; j += nr)
        {
            std::size_t i = 0;
            for (; i + mr <= M; i += mr) tile<mr, 2, E>(K, a + i * K, K, b + j, N, e + i * lde + j, lde, c + i * N + j, N);
            for (; i < M; ++i) tile<1, 2, E>(K, a + i * K, K, b + j, N, e + i * lde + j, lde, c + i * N + j, N);
        }
        for (; j + lanes <= N; j += lanes)
        {
            std::size_t i = 0;
            for (; i + mr <= M; i += mr) tile<mr, 1, E>(K, a + i * K, K, b + j, N, e + i * lde + j, lde, c + i * N + j, N);
            for (; i < M; ++i) tile<1, 1, E>(K, a + i * K, K, b + j, N, e + i * lde + j, lde, c + i * N + j, N);
        }
        if (j < N) edge<E>(M, K, j, N, a, b, e, c);
    }

    // t<N, K> = w<K, N>^T
    template <std::size_t K, std::size_t N>
    void transpose(float const* __restrict w, float* __restrict t)
    {
        for (std::size_t k = 0; k < K; ++k)
            for (std::size_t j = 0; j < N; ++j) t[j * K + k] = w[k * N + j];
    }

    // dw<K, N> = a<M, K>^T d<M, N>; db<N> = the column sums of d. Tiles of 4 rows of dw
    // (4 columns of a, read as consecutive values of a row) by 2 vectors.
    template <std::size_t M, std::size_t K, std::size_t N>
    void param_grads(float const* __restrict a, float const* __restrict d, float* __restrict dw, float* __restrict db)
    {
        constexpr std::size_t nr = 2 * lanes;
        constexpr std::size_t kr = 4;
        std::size_t j = 0;
        auto block = [&]<std::size_t R, std::size_t V>(std::size_t k0, std::size_t j0)
        {
            vf acc[R][V] = {};
            for (std::size_t i = 0; i < M; ++i)
            {
                vf dv[V];
                for (std::size_t v = 0; v < V; ++v) dv[v] = loadv(d + i * N + j0 + v * lanes);
                for (std::size_t r = 0; r < R; ++r)
                {
                    float const ar = a[i * K + k0 + r];
                    for (std::size_t v = 0; v < V; ++v) acc[r][v] += ar * dv[v];
                }
            }
            for (std::size_t r = 0; r < R; ++r)
                for (std::size_t v = 0; v < V; ++v) storev(dw + (k0 + r) * N + j0 + v * lanes, acc[r][v]);
        };
        for (; j + nr <= N; j += nr)
        {
            std::size_t k = 0;
            for (; k + kr <= K; k += kr) block.template operator()<kr, 2>(k, j);
            for (; k < K; ++k) block.template operator()<1, 2>(k, j);
        }
        for (; j + lanes <= N; j += lanes)
        {
            std::size_t k = 0;
            for (; k + kr <= K; k += kr) block.template operator()<kr, 1>(k, j);
            for (; k < K; ++k) block.template operator()<1, 1>(k, j);
        }
        for (; j < N; ++j)
            for (std::size_t k = 0; k < K; ++k)
            {
                float s = 0.0f;
                for (std::size_t i = 0; i < M; ++i) s += a[i * K + k] * d[i * N + j];
                dw[k * N + j] = s;
            }
        for (std::size_t jj = 0; jj < N; ++jj) db[jj] = 0.0f;
        for (std::size_t i = 0; i < M; ++i)
            for (std::size_t jj = 0; jj < N; ++jj) db[jj] += d[i * N + jj];
    }
}

#endif
