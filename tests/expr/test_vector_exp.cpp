// expr::detail::exp_shifted, the exponential of the softmax family: within 1 ulp of the
// correctly rounded e^x over the whole float range, the special values of std::exp, rows of
// every length (full vectors and a partial last one), and std::exp itself for double.

#include <cmath>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <vector>

#include <doctest/doctest.h>

#include <xestimator/expr/vector_exp.hpp>

namespace
{
    // Distance in units in the last place between two floats of one sign.
    std::int64_t ulps(float a, float b)
    {
        std::int32_t ia;
        std::int32_t ib;
        std::memcpy(&ia, &a, sizeof a);
        std::memcpy(&ib, &b, sizeof b);
        return ia > ib ? std::int64_t{ia} - ib : std::int64_t{ib} - ia;
    }

    float from_bits(std::int64_t i)
    {
        auto const bits = static_cast<std::int32_t>(i);
        float x;
        std::memcpy(&x, &bits, sizeof x);
        return x;
    }

    std::int64_t bits_of(float x)
    {
        std::int32_t bits;
        std::memcpy(&bits, &x, sizeof bits);
        return bits;
    }
}

TEST_CASE("exp_shifted<float>: within 1 ulp of e^x from -103.9 to 88.72")
{
    constexpr std::size_t block = 1024;
    std::vector<float> x(block);
    std::vector<float> y(block);
    std::int64_t worst = 0;
    float worst_x = 0.0f;
    long checked = 0;
    // Every 97th float of the range, from 0 outwards on each side: about 23 million values,
    // every binade.
    for (float end : {-103.9f, 88.72f})
    {
        std::int64_t const first = bits_of(end < 0.0f ? -0.0f : 0.0f);
        std::int64_t const last = bits_of(end);
        std::size_t k = 0;
        for (std::int64_t i = first; i <= last; i += 97)
        {
            x[k++] = from_bits(i);
            if (k == block || i + 97 > last)
            {
                xest::expr::detail::exp_shifted<block>(x.data(), 0.0f, y.data());
                for (std::size_t j = 0; j < k; ++j)
                {
                    float const want = static_cast<float>(std::exp(static_cast<double>(x[j])));
                    std::int64_t const d = ulps(y[j], want);
                    if (d > worst)
                    {
                        worst = d;
                        worst_x = x[j];
                    }
                    ++checked;
                }
                k = 0;
            }
        }
    }
    CAPTURE(worst_x);
    CHECK(checked > 20'000'000);
    CHECK(worst <= 1);
}

TEST_CASE("exp_shifted<float>: special values as std::exp, and the shift")
{
    float const inf = std::numeric_limits<float>::infinity();
    float const x[10] = {0.0f, -0.0f, 1.0f, 89.0f, inf, -104.0f, -inf, std::numeric_limits<float>::quiet_NaN(), -100.0f, 3.5f};
    float y[10];
    xest::expr::detail::exp_shifted<10>(x, 0.0f, y);
    CHECK(y[0] == 1.0f);
    CHECK(y[1] == 1.0f);
    CHECK(y[2] == doctest::Approx(2.718281828).epsilon(1e-7));
    CHECK(std::isinf(y[3]));
    CHECK(std::isinf(y[4]));
    CHECK(y[5] == 0.0f);
    CHECK(y[6] == 0.0f);
    CHECK(std::isnan(y[7]));
    CHECK(y[8] > 0.0f);  // a subnormal result
    CHECK(y[8] < std::numeric_limits<float>::min());
    float shifted[1];
    xest::expr::detail::exp_shifted<1>(x + 9, 3.5f, shifted);  // e^(3.5 - 3.5)
    CHECK(shifted[0] == 1.0f);
}

TEST_CASE_TEMPLATE("exp_shifted: every row length, full vectors and a partial last one", N, std::integral_constant<std::size_t, 1>,
                   std::integral_constant<std::size_t, 7>, std::integral_constant<std::size_t, 10>,
                   std::integral_constant<std::size_t, 16>, std::integral_constant<std::size_t, 33>)
{
    constexpr std::size_t n = N::value;
    float x[n];
    float y[n + 1];
    y[n] = -7.0f;  // must stay: nothing is written past the row
    for (std::size_t i = 0; i < n; ++i)
    {
        x[i] = -3.0f + 0.37f * static_cast<float>(i);
    }
    xest::expr::detail::exp_shifted<n>(x, 0.5f, y);
    for (std::size_t i = 0; i < n; ++i)
    {
        float const shifted = x[i] - 0.5f;  // the shift is applied in float, as the softmax does
        CHECK(ulps(y[i], static_cast<float>(std::exp(double(shifted)))) <= 1);
    }
    CHECK(y[n] == -7.0f);
}

TEST_CASE("exp_shifted<double> is std::exp")
{
    double const x[6] = {-700.0, -1.5, 0.0, 0.25, 3.0, 700.0};
    double y[6];
    xest::expr::detail::exp_shifted<6>(x, 0.25, y);
    for (std::size_t i = 0; i < 6; ++i)
    {
        CHECK(y[i] == std::exp(x[i] - 0.25));
    }
}
