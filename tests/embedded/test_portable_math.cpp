// The float log, exp and tanh of expr/portable_math.hpp against the C library in double
// precision: log exhaustively on [1, 4) and on a stride through every positive float, tanh on a
// stride through [-10, 10] and its special values, exp on a stride through its finite range, pow
// on a grid of bases and exponents and C's special cases.
// These are the functions that make training bit-identical on x86-64 and on a Cortex-M4.

#include <cmath>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>

#include <doctest/doctest.h>

#include <xestimator/expr/portable_math.hpp>

namespace portable = xest::expr::detail::portable;

namespace
{
    float from_bits(std::uint32_t u)
    {
        float x;
        std::memcpy(&x, &u, sizeof x);
        return x;
    }

    /// Error of `got` in units of the last place of the float nearest to `exact`.
    double ulps(float got, double exact)
    {
        float const nearest = static_cast<float>(exact);
        float const a = std::fabs(nearest);
        double ulp = static_cast<double>(std::nextafter(a, std::numeric_limits<float>::infinity())) - a;
        if (!std::isfinite(ulp))
        {
            ulp = a - static_cast<double>(std::nextafter(a, 0.0f));
        }
        return std::fabs(static_cast<double>(got) - exact) / ulp;
    }

    struct accuracy
    {
        double worst = 0.0;
        float worst_at = 0.0f;
        std::uint64_t misrounded = 0;  // results other than the float nearest to the exact value
        std::uint64_t count = 0;

        void add(float x, float got, double exact)
        {
            double const e = ulps(got, exact);
            if (e > worst)
            {
                worst = e;
                worst_at = x;
            }
            misrounded += got != static_cast<float>(exact) ? 1 : 0;
            ++count;
        }
    };
}

TEST_CASE("portable log<float>: within 1 ulp for every float from 1 to 4 and on a stride through all positive floats")
{
    accuracy on_1_4;
    for (std::uint32_t u = 0x3F800000u; u < 0x40800000u; ++u)  // [1, 4): 2^24 floats
    {
        float const x = from_bits(u);
        on_1_4.add(x, portable::log(x), std::log(static_cast<double>(x)));
    }
    accuracy all;
    for (std::uint32_t u = 1; u < 0x7F800000u; u += 61)  // subnormals to the largest float
    {
        float const x = from_bits(u);
        all.add(x, portable::log(x), std::log(static_cast<double>(x)));
    }
    MESSAGE("log on [1, 4): worst " << on_1_4.worst << " ulp at " << on_1_4.worst_at << ", " << on_1_4.misrounded
                                    << " of " << on_1_4.count << " not the nearest float");
    MESSAGE("log on all positive floats (stride 61): worst " << all.worst << " ulp at " << all.worst_at);
    CHECK(on_1_4.worst < 1.0);
    CHECK(all.worst < 1.0);
    // Exact where the mathematics is exact, and the special values.
    CHECK(portable::log(1.0f) == 0.0f);
    CHECK(portable::log(0.0f) == -std::numeric_limits<float>::infinity());
    CHECK(portable::log(-0.0f) == -std::numeric_limits<float>::infinity());
    CHECK(std::isnan(portable::log(-1.0f)));
    CHECK(std::isnan(portable::log(std::numeric_limits<float>::quiet_NaN())));
    CHECK(portable::log(std::numeric_limits<float>::infinity()) == std::numeric_limits<float>::infinity());
    CHECK(portable::log(std::numeric_limits<float>::denorm_min()) == static_cast<float>(std::log(0x1p-149)));
    // double goes to std::log.
    CHECK(portable::log(2.0) == std::log(2.0));
}

TEST_CASE("portable tanh<float>: within 2 ulp from -10 to 10 and odd with +-1 in the tails")
{
    accuracy acc;
    std::uint64_t not_odd = 0;
    for (std::uint32_t u = 0; u < 0x41200000u; u += 97)  // [0, 10]
    {
        float const x = from_bits(u);
        float const y = portable::tanh(x);
        acc.add(x, y, std::tanh(static_cast<double>(x)));
        not_odd += portable::tanh(-x) == -y ? 0 : 1;
    }
    CHECK(not_odd == 0);
    MESSAGE("tanh on [0, 10] (stride 97): worst " << acc.worst << " ulp at " << acc.worst_at << ", " << acc.misrounded
                                                 << " of " << acc.count << " not the nearest float");
    CHECK(acc.worst < 2.0);
    CHECK(portable::tanh(0.0f) == 0.0f);
    CHECK(portable::tanh(20.0f) == 1.0f);
    CHECK(portable::tanh(-1e30f) == -1.0f);
    CHECK(portable::tanh(std::numeric_limits<float>::infinity()) == 1.0f);
    CHECK(std::isnan(portable::tanh(std::numeric_limits<float>::quiet_NaN())));
    CHECK(portable::tanh(1e-30f) == 1e-30f);
}

TEST_CASE("portable exp<float>: within 1 ulp from -87 to 88")
{
    accuracy acc;
    for (float x = -87.0f; x < 88.0f; x = std::nextafter(x, 100.0f) + 0.00731f)
    {
        acc.add(x, portable::exp(x), std::exp(static_cast<double>(x)));
    }
    MESSAGE("exp on [-87, 88]: worst " << acc.worst << " ulp at " << acc.worst_at << " over " << acc.count << " values");
    CHECK(acc.worst < 1.0);
    CHECK(portable::exp(0.0f) == 1.0f);
    CHECK(portable::exp(-200.0f) == 0.0f);
    CHECK(portable::exp(100.0f) == std::numeric_limits<float>::infinity());
}

TEST_CASE("portable log1p<float> and expm1<float>: within 2.5 ulp on a stride through their range")
{
    accuracy l;
    accuracy e;
    for (std::uint64_t u = 0; u < 0x100000000ull; u += 4099)
    {
        float const x = from_bits(static_cast<std::uint32_t>(u));
        if (std::isnan(x))
        {
            continue;
        }
        if (x >= -1.0f && x < std::numeric_limits<float>::infinity())
        {
            l.add(x, portable::log1p(x), std::log1p(static_cast<double>(x)));
        }
        if (x > -std::numeric_limits<float>::infinity() && x < 88.0f)
        {
            e.add(x, portable::expm1(x), std::expm1(static_cast<double>(x)));
        }
    }
    MESSAGE("log1p (stride 4099): worst " << l.worst << " ulp at " << l.worst_at << " over " << l.count << " values");
    MESSAGE("expm1 (stride 4099): worst " << e.worst << " ulp at " << e.worst_at << " over " << e.count << " values");
    CHECK(l.worst < 2.5);
    CHECK(e.worst < 2.5);
    CHECK(portable::log1p(0.0f) == 0.0f);
    CHECK(std::signbit(portable::log1p(-0.0f)));
    CHECK(portable::log1p(-1.0f) == -std::numeric_limits<float>::infinity());
    CHECK(std::isnan(portable::log1p(-2.0f)));
    CHECK(portable::log1p(std::numeric_limits<float>::infinity()) == std::numeric_limits<float>::infinity());
    CHECK(portable::log1p(1e-30f) == 1e-30f);
    CHECK(portable::expm1(0.0f) == 0.0f);
    CHECK(portable::expm1(1e-30f) == 1e-30f);
    CHECK(portable::expm1(-100.0f) == -1.0f);
    CHECK(portable::expm1(100.0f) == std::numeric_limits<float>::infinity());
    CHECK(std::isnan(portable::expm1(std::numeric_limits<float>::quiet_NaN())));
}

TEST_CASE("portable pow<float>: within 1 ulp on a grid of bases and exponents, with C's special cases")
{
    accuracy acc;
    float const exponents[] = {2.0f, 3.0f, 0.5f, -1.0f, -2.0f, 1.5f, 0.1f, -0.75f, 7.0f, 12.3f, -30.0f, 1e-3f};
    for (float const y : exponents)
    {
        // Every 4097th positive float, skipping results that overflow or underflow float.
        for (std::uint32_t u = 0x00000001u; u < 0x7F800000u; u += 4097u)
        {
            float const x = from_bits(u);
            double const exact = std::pow(static_cast<double>(x), static_cast<double>(y));
            if (!(exact < 3.4e38 && exact > 1.2e-38))
            {
                continue;
            }
            acc.add(x, portable::pow(x, y), exact);
        }
    }
    MESSAGE("pow: worst ", acc.worst, " ulp at x = ", acc.worst_at, "; ", acc.misrounded, " of ", acc.count,
            " results not the nearest float");
    CHECK(acc.count > 1000000);
    CHECK(acc.worst <= 1.0);

    // Negative bases with integer exponents keep the sign of an odd power.
    CHECK(portable::pow(-2.0f, 3.0f) == -8.0f);
    CHECK(portable::pow(-2.0f, 2.0f) == 4.0f);
    CHECK(portable::pow(-3.0f, -1.0f) == static_cast<float>(-1.0 / 3.0));

    float const inf = std::numeric_limits<float>::infinity();
    float const nan = std::numeric_limits<float>::quiet_NaN();
    CHECK(portable::pow(nan, 0.0f) == 1.0f);
    CHECK(portable::pow(1.0f, nan) == 1.0f);
    CHECK(std::isnan(portable::pow(nan, 2.0f)));
    CHECK(std::isnan(portable::pow(2.0f, nan)));
    CHECK(std::isnan(portable::pow(-2.0f, 0.5f)));
    CHECK(portable::pow(0.0f, 2.0f) == 0.0f);
    CHECK(portable::pow(0.0f, -1.0f) == inf);
    CHECK(std::signbit(portable::pow(-0.0f, 3.0f)));
    CHECK(portable::pow(-0.0f, -3.0f) == -inf);
    CHECK(portable::pow(-inf, 3.0f) == -inf);
    CHECK(portable::pow(-inf, 2.0f) == inf);
    CHECK(portable::pow(inf, -1.0f) == 0.0f);
    CHECK(portable::pow(-1.0f, inf) == 1.0f);
    CHECK(portable::pow(0.5f, inf) == 0.0f);
    CHECK(portable::pow(2.0f, -inf) == 0.0f);
    CHECK(portable::pow(0.5f, -inf) == inf);
    CHECK(portable::pow(10.0f, 39.0f) == inf);
    CHECK(portable::pow(10.0f, -46.0f) == 0.0f);
    // The float's subnormal range is reached exactly as the C library reaches it.
    CHECK(portable::pow(2.0f, -140.0f) == 0x1p-140f);
    for (float const y : {2.0f, 0.5f, -1.0f, 3.0f})
    {
        for (float const x : {0.0f, -0.0f, 1.0f, -1.0f, 2.0f, -2.0f, inf, -inf, 1e-45f, 3e38f})
        {
            float const expected = std::pow(x, y);
            float const got = portable::pow(x, y);
            CHECK_MESSAGE((got == expected || (std::isnan(got) && std::isnan(expected))), "pow(", x, ", ", y, ")");
            CHECK((std::isnan(got) || std::signbit(got) == std::signbit(expected)));
        }
    }
}
