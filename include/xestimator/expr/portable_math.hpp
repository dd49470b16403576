#ifndef XESTIMATOR_EXPR_PORTABLE_MATH_HPP
#define XESTIMATOR_EXPR_PORTABLE_MATH_HPP

/// @file
/// @brief `detail::portable::log`, `exp`, `log1p`, `expm1`, `tanh` and `pow`: float results that are the
/// same bits on every target.
///
/// Why our own: the C libraries round differently. Measured on [1, 4): newlib's logf misrounds
/// 15,387 of 200,000 inputs, glibc's 2,387, and they do not misround the same ones, so a
/// classifier trained on a Cortex-M4 drifts away from the same program trained on x86-64. These
/// functions use only IEEE additions, multiplications, divisions and integer steps, so a build
/// with -ffp-contract=off (no fused multiply-add) gives the same bits everywhere. Accuracy, from
/// the exhaustive and sampled checks in tests/embedded/test_portable_math.cpp: log and exp
/// within 1 ulp over the whole float range, tanh within 2 ulp, log1p and expm1 within 2.5 ulp,
/// pow within 1 ulp (computed in double, with IEEE operations only). sqrt needs nothing of the
/// kind: IEEE 754 rounds it correctly on every FPU. For types other than float these are the
/// std:: functions.

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "vector_exp.hpp"

namespace xest::expr::detail::portable
{
    namespace float_bits
    {
        inline std::uint32_t of(float x) noexcept
        {
            std::uint32_t u;
            std::memcpy(&u, &x, sizeof u);
            return u;
        }
        inline float to_float(std::uint32_t u) noexcept
        {
            float x;
            std::memcpy(&x, &u, sizeof x);
            return x;
        }
    }

    /// @brief Natural logarithm. For float: x = 2^k m with m in [sqrt(2)/2, sqrt(2)), f = m - 1,
    /// log(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)) with s = f / (2 + f) and R a degree-4
    /// polynomial in s^2 (the classic fdlibm reduction); k ln2 added in two parts. 0 gives -inf,
    /// a negative number NaN, inf inf, NaN NaN.
    template <class T>
    inline T log(T x) noexcept
    {
        if constexpr (!std::is_same_v<T, float>)
        {
            return std::log(x);
        }
        else
        {
            std::uint32_t ix = float_bits::of(x);
            std::int32_t k = 0;
            if (ix < 0x00800000u || (ix >> 31) != 0)
            {
                if ((ix & 0x7FFFFFFFu) == 0)
                {
                    return -std::numeric_limits<float>::infinity();
                }
                if ((ix >> 31) != 0)
                {
                    return std::numeric_limits<float>::quiet_NaN();
                }
                // Subnormal: scaled into the normal range (exactly) first.
                k = -25;
                ix = float_bits::of(x * 0x1p25f);
            }
            else if (ix >= 0x7F800000u)
            {
                return x;  // inf or NaN
            }
            // Moves the mantissa to [sqrt(2)/2, sqrt(2)) and the exponent into k.
            ix += 0x3F800000u - 0x3F3504F3u;
            k += static_cast<std::int32_t>(ix >> 23) - 0x7F;
            float const m = float_bits::to_float((ix & 0x007FFFFFu) + 0x3F3504F3u);
            float const f = m - 1.0f;
            float const s = f / (2.0f + f);
            float const z = s * s;
            float const w = z * z;
            float const odd = w * (0x1.999c26p-2f + w * 0x1.f13c4cp-3f);    // 0.40000972, 0.24279079
            float const even = z * (0x1.555554p-1f + w * 0x1.23d3dcp-2f);  // 0.66666663, 0.28498787
            float const r = even + odd;
            float const half_f2 = 0.5f * f * f;
            float const dk = static_cast<float>(k);
            // ln2 = 0.693138122559 (exact times any k) + 9.05800061e-6.
            return s * (half_f2 + r) + dk * 9.05800061e-6f - half_f2 + f + dk * 0.693138122559f;
        }
    }

    /// @brief e^x; for float the vectorised exp of vector_exp.hpp on one lane (within 1 ulp).
    template <class T>
    inline T exp(T x) noexcept
    {
        if constexpr (!std::is_same_v<T, float>)
        {
            return std::exp(x);
        }
        else
        {
            exp_float::vf const v = exp_float::vf{} + x;
            return exp_float::exp(v)[0];
        }
    }

    /// @brief log(1 + x), accurate near 0. For float: u = 1 + x rounded, then log(u) x / (u - 1),
    /// which cancels the rounding error of u (Goldberg, "What every computer scientist should
    /// know about floating-point arithmetic", theorem 4).
    template <class T>
    inline T log1p(T x) noexcept
    {
        if constexpr (!std::is_same_v<T, float>)
        {
            return std::log1p(x);
        }
        else
        {
            float const u = 1.0f + x;
            if (u == 1.0f)
            {
                return x;  // also keeps the sign of -0
            }
            if (!(u - u == 0.0f))
            {
                return u;  // inf or NaN
            }
            return log(u) * (x / (u - 1.0f));
        }
    }

    /// @brief e^x - 1, accurate near 0. For float: u = e^x, then (u - 1) x / log(u) (Kahan's
    /// trick: the errors of u - 1 and log(u) cancel); -1 below -17, inf above 88.72.
    template <class T>
    inline T expm1(T x) noexcept
    {
        if constexpr (!std::is_same_v<T, float>)
        {
            return std::expm1(x);
        }
        else
        {
            if (x < -17.0f)
            {
                return -1.0f;  // e^x < 2^-24: rounds to -1
            }
            float const u = exp(x);
            if (u == 1.0f)
            {
                return x;
            }
            float const um1 = u - 1.0f;
            if (!(um1 - um1 == 0.0f))
            {
                return um1;  // inf or NaN
            }
            return um1 * (x / log(u));
        }
    }

    namespace pow_detail
    {
        // log of a positive normal double to about 1e-16 relative: x = 2^k m, m in
        // [sqrt(2)/2, sqrt(2)), log m = 2 atanh(s) with s = (m - 1) / (m + 1), |s| < 0.1716, as
        // the odd series in s to s^23 (truncation below 3e-19); k ln2 added in two parts.
        inline double log(double x) noexcept
        {
            std::uint64_t bits;
            std::memcpy(&bits, &x, sizeof bits);
            std::int64_t k = static_cast<std::int64_t>(bits >> 52) - 1023;
            bits = (bits & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull;  // m in [1, 2)
            double m;
            std::memcpy(&m, &bits, sizeof m);
            if (m > 1.4142135623730951)
            {
                m *= 0.5;  // exact
                ++k;
            }
            double const s = (m - 1.0) / (m + 1.0);
            double const z = s * s;
            double p = 1.0 / 23.0;
            for (int n = 21; n >= 1; n -= 2)
            {
                p = p * z + 1.0 / n;
            }
            double const dk = static_cast<double>(k);
            // ln2 = 0x1.62e42fee00000p-1 (exact times any k below 2^11) + 0x1.a39ef35793c76p-33.
            return dk * 0x1.62e42fee00000p-1 + (2.0 * s * p + dk * 0x1.a39ef35793c76p-33);
        }

        // e^t for |t| <= 104 to about 1e-16 relative: t = n ln2 + r, |r| <= ln2 / 2, e^r as its
        // Taylor series to r^14 (truncation below 2e-18), times 2^n built from its bits.
        inline double exp(double t) noexcept
        {
            double const nd = t * 1.4426950408889634 + (t < 0.0 ? -0.5 : 0.5);
            std::int64_t const n = static_cast<std::int64_t>(nd);  // rounds half away from zero
            double const dn = static_cast<double>(n);
            double const r = (t - dn * 0x1.62e42fee00000p-1) - dn * 0x1.a39ef35793c76p-33;
            double p = 1.0;
            for (int i = 14; i >= 1; --i)
            {
                p = 1.0 + p * r / i;
            }
            std::uint64_t const scale_bits = static_cast<std::uint64_t>(n + 1023) << 52;
            double scale;
            std::memcpy(&scale, &scale_bits, sizeof scale);
            return p * scale;
        }

        // 1 when y is an odd integer, 0 when an even one, -1 when not an integer.
        inline int integer_parity(float y) noexcept
        {
            float const a = y < 0.0f ? -y : y;
            if (a >= 0x1p24f)
            {
                return 0;  // every float this large is an even integer
            }
            auto const i = static_cast<std::int32_t>(a);
            if (static_cast<float>(i) != a)
            {
                return -1;
            }
            return i & 1;
        }
    }

    /// @brief x^y with C's special cases (pow(x, 0) = 1, pow(1, y) = 1, a negative x only with
    /// an integer y, signed zeros and infinities). For float: e^(y log x) computed in double
    /// with IEEE operations only, then rounded once to float, so the result is within 1 ulp
    /// (nearly always the nearest float) and the same bits on every target; software double on
    /// an FPU without double, which a model using pow pays once per element.
    template <class T>
    inline T pow(T x, T y) noexcept
    {
        if constexpr (!std::is_same_v<T, float>)
        {
            return std::pow(x, y);
        }
        else
        {
            constexpr float inf = std::numeric_limits<float>::infinity();
            if (y == 0.0f || x == 1.0f)
            {
                return 1.0f;
            }
            if (x != x || y != y)
            {
                return std::numeric_limits<float>::quiet_NaN();
            }
            int const parity = pow_detail::integer_parity(y);
            bool const negative = x < 0.0f || (x == 0.0f && float_bits::of(x) >> 31 != 0);
            if (negative && parity < 0 && x != 0.0f && x != -inf)
            {
                return std::numeric_limits<float>::quiet_NaN();
            }
            float const sign = negative && parity == 1 ? -1.0f : 1.0f;
            float const a = x < 0.0f ? -x : x;
            if (a == 0.0f)
            {
                return sign * (y > 0.0f ? 0.0f : inf);
            }
            if (a == inf)
            {
                return sign * (y > 0.0f ? inf : 0.0f);
            }
            if (y == inf || y == -inf)
            {
                return a == 1.0f ? 1.0f : ((a > 1.0f) == (y > 0.0f) ? inf : 0.0f);
            }
            double const t = static_cast<double>(y) * pow_detail::log(static_cast<double>(a));
            if (t > 89.0)
            {
                return sign * inf;
            }
            if (t < -104.0)
            {
                return sign * 0.0f;
            }
            return sign * static_cast<float>(pow_detail::exp(t));
        }
    }

    /// @brief Hyperbolic tangent. For float: an odd Taylor polynomial of degree 19 below 0.55,
    /// 1 - 2 / (e^(2|x|) + 1) above, +-1 beyond 9.1 (where tanh rounds to 1); the sign is x's.
    template <class T>
    inline T tanh(T x) noexcept
    {
        if constexpr (!std::is_same_v<T, float>)
        {
            return std::tanh(x);
        }
        else
        {
            float const a = x < 0.0f ? -x : x;
            float y;
            if (!(a < 9.1f))
            {
                if (a != a)
                {
                    return x;
                }
                y = 1.0f;
            }
            else if (a >= 0.55f)
            {
                y = 1.0f - 2.0f / (exp(a + a) + 1.0f);
            }
            else
            {
                // tanh x = x + x z P(z), z = x^2; Taylor coefficients 2^2n (2^2n - 1) B_2n / (2n)!.
                float const z = a * a;
                float p = -443861162.0f / 1856156927625.0f;
                p = p * z + 6404582.0f / 10854718875.0f;
                p = p * z - 929569.0f / 638512875.0f;
                p = p * z + 21844.0f / 6081075.0f;
                p = p * z - 1382.0f / 155925.0f;
                p = p * z + 62.0f / 2835.0f;
                p = p * z - 17.0f / 315.0f;
                p = p * z + 2.0f / 15.0f;
                p = p * z - 1.0f / 3.0f;
                y = a + a * (z * p);
            }
            return x < 0.0f ? -y : y;
        }
    }
}

#endif
