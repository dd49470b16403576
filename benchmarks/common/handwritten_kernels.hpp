#ifndef XESTIMATOR_BENCHMARKS_COMMON_HANDWRITTEN_KERNELS_HPP
#define XESTIMATOR_BENCHMARKS_COMMON_HANDWRITTEN_KERNELS_HPP

// The hand-written contender's building blocks: plain loops over compile-time sizes, the same
// maths in the same order as the engine (i-k-j products, log-softmax cross-entropy, Keras
// Adam and momentum). Shared by the workload programs and bench_engine.

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace bench::hand
{
    // c<M, N> = a<M, K> · b<K, N> + bias<N>, then ReLU when Relu (pre-activation kept in z).
    template <std::size_t M, std::size_t K, std::size_t N, bool Relu>
    void dense_forward(float const* __restrict a, float const* __restrict b, float const* __restrict bias,
                       float* __restrict z, float* __restrict out)
    {
        for (std::size_t i = 0; i < M; ++i)
        {
            float* __restrict zr = z + i * N;
            for (std::size_t j = 0; j < N; ++j) zr[j] = 0.0f;
            for (std::size_t k = 0; k < K; ++k)
            {
                float const aik = a[i * K + k];
                float const* __restrict br = b + k * N;
                for (std::size_t j = 0; j < N; ++j) zr[j] += aik * br[j];
            }
            float* __restrict o = out + i * N;
            for (std::size_t j = 0; j < N; ++j)
            {
                float const v = zr[j] + bias[j];
                zr[j] = v;
                o[j] = Relu ? (v > 0.0f ? v : 0.0f) : v;
            }
        }
    }

    // Mean softmax cross-entropy over B rows; writes dlogits = (softmax - onehot) / B.
    template <std::size_t B, std::size_t C>
    float softmax_xent(float const* __restrict logits, std::int32_t const* __restrict y, float* __restrict dlogits)
    {
        float const g = 1.0f / static_cast<float>(B);
        float loss = 0.0f;
        for (std::size_t r = 0; r < B; ++r)
        {
            float const* x = logits + r * C;
            float m = x[0];
            for (std::size_t c = 1; c < C; ++c) m = x[c] > m ? x[c] : m;
            float s = 0.0f;
            for (std::size_t c = 0; c < C; ++c) s += std::exp(x[c] - m);
            float const lse = m + std::log(s);
            std::size_t const label = static_cast<std::size_t>(y[r]);
            loss -= x[label] - lse;
            for (std::size_t c = 0; c < C; ++c)
            {
                dlogits[r * C + c] = g * (std::exp(x[c] - lse) - (c == label ? 1.0f : 0.0f));
            }
        }
        return loss / static_cast<float>(B);
    }

    // dW<K, N> = a<M, K>^T · d<M, N>; db<N> = column sums of d.
    template <std::size_t M, std::size_t K, std::size_t N>
    void dense_param_grads(float const* __restrict a, float const* __restrict d, float* __restrict dw, float* __restrict db)
    {
        for (std::size_t x = 0; x < K * N; ++x) dw[x] = 0.0f;
        for (std::size_t j = 0; j < N; ++j) db[j] = 0.0f;
        for (std::size_t i = 0; i < M; ++i)
        {
            float const* __restrict dr = d + i * N;
            for (std::size_t j = 0; j < N; ++j) db[j] += dr[j];
            for (std::size_t k = 0; k < K; ++k)
            {
                float const aik = a[i * K + k];
                float* __restrict wr = dw + k * N;
                for (std::size_t j = 0; j < N; ++j) wr[j] += aik * dr[j];
            }
        }
    }

    // da<M, K> = (d<M, N> · W<K, N>^T) * (z > 0): the gradient through a ReLU layer's input.
    template <std::size_t M, std::size_t K, std::size_t N>
    void dense_input_grad_relu(float const* __restrict d, float const* __restrict w, float const* __restrict z,
                               float* __restrict da)
    {
        for (std::size_t i = 0; i < M; ++i)
        {
            for (std::size_t k = 0; k < K; ++k)
            {
                float const* __restrict dr = d + i * N;
                float const* __restrict wr = w + k * N;
                float acc[16] = {};
                constexpr std::size_t full = N / 16 * 16;
                for (std::size_t j = 0; j < full; j += 16)
                    for (std::size_t l = 0; l < 16; ++l) acc[l] += dr[j + l] * wr[j + l];
                float s = 0.0f;
                for (std::size_t j = full; j < N; ++j) s += dr[j] * wr[j];
                for (std::size_t l = 0; l < 16; ++l) s += acc[l];
                da[i * K + k] = z[i * K + k] > 0.0f ? s : 0.0f;
            }
        }
    }

    template <std::size_t N>
    void adam(std::array<float, N>& w, std::array<float, N> const& g, std::array<float, N>& m, std::array<float, N>& v,
              float alpha, float b1, float b2, float eps)
    {
        float const c1 = 1.0f - b1;
        float const c2 = 1.0f - b2;
        for (std::size_t i = 0; i < N; ++i)
        {
            m[i] += (g[i] - m[i]) * c1;
            v[i] += (g[i] * g[i] - v[i]) * c2;
            w[i] -= m[i] * alpha / (std::sqrt(v[i]) + eps);
        }
    }

    template <std::size_t N>
    void momentum(std::array<float, N>& w, std::array<float, N> const& g, std::array<float, N>& vel, float lr, float mu)
    {
        for (std::size_t i = 0; i < N; ++i)
        {
            vel[i] = mu * vel[i] - lr * g[i];
            w[i] += vel[i];
        }
    }

    template <std::size_t N>
    void sgd(std::array<float, N>& w, std::array<float, N> const& g, float lr)
    {
        for (std::size_t i = 0; i < N; ++i)
        {
            w[i] -= lr * g[i];
        }
    }
}

#endif
