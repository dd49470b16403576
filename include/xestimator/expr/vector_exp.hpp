#ifndef XESTIMATOR_EXPR_VECTOR_EXP_HPP
#define XESTIMATOR_EXPR_VECTOR_EXP_HPP

/// @file
/// @brief `detail::exp_shifted<N>(x, m, out)`: out[i] = e^(x[i] - m), a whole row at a time in
/// vector registers.
///
/// Why our own: a loop calling std::exp stays a loop of scalar calls unless the program is
/// built with -ffast-math (only then does glibc offer its vector versions), and a portable
/// scalar formula is not vectorized either on every target (float compares are not if-converted
/// without AVX-512). The softmax cross-entropy of a 10-class output at batch 32 takes 640
/// exponentials a step, measured as 14 % of the instructions of a training step of the
/// benchmarks' W2 network. For float this is the classic reduction e^x = 2^n e^r,
/// |r| <= ln2 / 2, with a degree-7 polynomial for e^r, written with the vector extensions of
/// g++ and clang++ (as detail::row_accumulator): within 1 ulp of e^x over the float range
/// (checked in tests/expr/test_vector_exp.cpp), e^0 = 1, inf above 88.72, 0 below -103.97, NaN
/// for NaN. For other types it is std::exp.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "row_accumulator.hpp"

namespace xest::expr::detail
{
    namespace exp_float
    {
        inline constexpr std::size_t lanes = vector_bytes / sizeof(float);
        typedef float vf __attribute__((vector_size(vector_bytes)));
        typedef std::int32_t vi __attribute__((vector_size(vector_bytes)));

        inline vf exp(vf x) noexcept
        {
            constexpr float hi = 88.7228394f;   // above: inf
            constexpr float lo = -103.972084f;  // below: 0 (smaller than the least subnormal)
            vf const zero{};
            vf const clamped = x < lo ? zero + lo : (x > hi ? zero + hi : x);
            // NaN (passed through by the compares) becomes 0 here, so that the integer steps
            // below stay in range; the result is NaN again at the end.
            vf const xc = clamped != clamped ? zero : clamped;
            // n = round(x / ln2), ties away from zero; conversions truncate, and unlike the
            // 1.5 * 2^23 trick this survives -ffast-math.
            vf const t = xc * 1.44269504088896341f;
            vi const ni = __builtin_convertvector(t + (t < 0.0f ? zero - 0.5f : zero + 0.5f), vi);
            vf const n = __builtin_convertvector(ni, vf);
            // r = x - n ln2, ln2 split in two: n * 0.693359375 is exact (9 significant bits).
            vf const r = (xc - n * 0.693359375f) + n * 2.12194440e-4f;
            vf p = zero + 1.9875691500e-4f;
            p = p * r + 1.3981999507e-3f;
            p = p * r + 8.3334519073e-3f;
            p = p * r + 4.1665795894e-2f;
            p = p * r + 1.6666665459e-1f;
            p = p * r + 5.0000001201e-1f;
            p = (p * r * r + r) + 1.0f;
            // 2^n as two powers of two, so that n from -150 to 128 stays representable.
            vi const n1 = ni / 2;
            vi const n2 = ni - n1;
            vf const s1 = reinterpret_cast<vf>((n1 + 127) * (std::int32_t{1} << 23));
            vf const s2 = reinterpret_cast<vf>((n2 + 127) * (std::int32_t{1} << 23));
            vf y = p * s1 * s2;
            y = x > hi ? zero + std::numeric_limits<float>::infinity() : y;
            y = x < lo ? zero : y;
            return x != x ? x : y;
        }
    }

    /// @brief out[i] = e^(x[i] - m) for i < N.
    template <std::size_t N, class T>
    inline void exp_shifted(T const* x, T m, T* out) noexcept
    {
        if constexpr (std::is_same_v<T, float>)
        {
            using exp_float::lanes;
            using exp_float::vf;
            std::size_t i = 0;
            for (; i + lanes <= N; i += lanes)
            {
                vf v;
                std::memcpy(&v, x + i, sizeof v);
                v = exp_float::exp(v - m);
                std::memcpy(out + i, &v, sizeof v);
            }
            if constexpr (N % lanes != 0)
            {
                // The last, partial vector: padded with zeros, only N % lanes values kept.
                constexpr std::size_t rest = N % lanes;
                vf v{};
                std::memcpy(&v, x + i, rest * sizeof(float));
                v = exp_float::exp(v - m);
                std::memcpy(out + i, &v, rest * sizeof(float));
            }
        }
        else
        {
            for (std::size_t i = 0; i < N; ++i)
            {
                out[i] = std::exp(x[i] - m);
            }
        }
    }
}

#endif
