// Initializers: determinism for a seed, plausible statistics on a 64 x 32 param, bounds,
// Keras' fans, and the random stream's reference values.

#include <algorithm>
#include <cmath>
#include <vector>

#include <doctest/doctest.h>

#include <xestimator/expr/param.hpp>
#include <xestimator/init.hpp>

using namespace xest;

namespace
{
    // 64 x 32: fan_in 64 and fan_out 32 differ, so a swapped fan changes the limits.
    using big = shape<64, 32>;

    struct stats
    {
        double mean = 0, stddev = 0, lo = 0, hi = 0;
    };

    template <class P>
    stats measure(P const& p)
    {
        stats s;
        s.lo = s.hi = double(p.value.data()[0]);
        for (auto v : p.value)
        {
            s.mean += double(v);
            s.lo = std::min(s.lo, double(v));
            s.hi = std::max(s.hi, double(v));
        }
        s.mean /= P::size;
        for (auto v : p.value)
        {
            s.stddev += (double(v) - s.mean) * (double(v) - s.mean);
        }
        s.stddev = std::sqrt(s.stddev / P::size);
        return s;
    }

    template <class P>
    std::vector<double> values(P const& p)
    {
        return {p.value.begin(), p.value.end()};
    }

    constexpr double n = static_cast<double>(big::size);
}

TEST_CASE("constant initializers: zeros, ones, constant")
{
    param<"z", shape<3, 2>> z{init::zeros{}};
    param<"o", shape<3, 2>, double> o{init::ones{}};
    param<"c", shape<5>> c{init::constant{-2.5}};
    param<"d", shape<4>> d;  // default: zeros
    for (auto v : z.value)
    {
        CHECK(v == 0.0f);
    }
    for (auto v : o.value)
    {
        CHECK(v == 1.0);
    }
    for (auto v : c.value)
    {
        CHECK(v == -2.5f);
    }
    for (auto v : d.value)
    {
        CHECK(v == 0.0f);
    }
}

TEST_CASE_TEMPLATE("random initializers are deterministic for a seed", I, init::random_normal, init::truncated_normal,
                   init::random_uniform, init::glorot_uniform, init::glorot_normal, init::he_normal, init::he_uniform)
{
    I a_init{};
    a_init.seed = 7;
    I b_init{};
    b_init.seed = 8;
    param<"w", shape<8, 4>> a1{a_init};
    param<"w", shape<8, 4>> a2{a_init};
    param<"w", shape<8, 4>> b{b_init};
    param<"other", shape<8, 4>> named{a_init};
    CHECK(values(a1) == values(a2));
    CHECK(values(a1) != values(b));
    // The param's name is part of the stream: two layers with one initializer differ.
    CHECK(values(a1) != values(named));
    // The run seed too; initialize() with the same run seed reproduces the values.
    auto const first = values(a1);
    a1.initialize(42);
    CHECK(values(a1) != first);
    a2.initialize(42);
    CHECK(values(a1) == values(a2));
    a1.initialize(0);
    CHECK(values(a1) == first);
    // float and double params of one name and seed draw the same numbers, each computed in its
    // own type (the float ones from 24 of the 53 random bits): equal to a few float ulps.
    param<"w", shape<8, 4>, double> d{a_init};
    for (std::size_t i = 0; i < 32; ++i)
    {
        double const wide = d.value.data()[i];
        double const narrow = a1.value.data()[i];
        CHECK(std::abs(wide - narrow) <= 1e-6 * std::max(1.0, std::abs(wide)));
    }
}

TEST_CASE("random_normal: mean and stddev")
{
    param<"w", big, double> p{init::random_normal{.mean = 0.5, .stddev = 2.0, .seed = 1}};
    auto const s = measure(p);
    CHECK(std::abs(s.mean - 0.5) < 4 * 2.0 / std::sqrt(n));
    CHECK(std::abs(s.stddev - 2.0) < 0.05 * 2.0);
    // Untruncated: some values beyond 2 stddev (about 4.6 % of them).
    CHECK((s.hi > 0.5 + 2 * 2.0 || s.lo < 0.5 - 2 * 2.0));
}

TEST_CASE("truncated_normal: every value within 2 stddev, the stddev of the truncated law")
{
    param<"w", big> p{init::truncated_normal{.mean = -1.0, .stddev = 0.5, .seed = 2}};
    auto const s = measure(p);
    CHECK(s.lo >= -1.0 - 2 * 0.5);
    CHECK(s.hi <= -1.0 + 2 * 0.5);
    CHECK(std::abs(s.mean + 1.0) < 4 * 0.5 / std::sqrt(n));
    CHECK(std::abs(s.stddev - 0.5 * 0.8796) < 0.05 * 0.5);
}

TEST_CASE("random_uniform: bounds, mean and stddev")
{
    param<"w", big> p{init::random_uniform{.minval = -3.0, .maxval = 1.0, .seed = 3}};
    auto const s = measure(p);
    CHECK(s.lo >= -3.0);
    CHECK(s.hi < 1.0);
    CHECK(s.lo < -2.9);  // the range is used
    CHECK(s.hi > 0.9);
    CHECK(std::abs(s.mean + 1.0) < 4 * 4.0 / std::sqrt(12 * n));
    CHECK(std::abs(s.stddev - 4.0 / std::sqrt(12.0)) < 0.05);
    // Keras' defaults: U(-0.05, 0.05).
    param<"d", big> d{init::random_uniform{}};
    auto const sd = measure(d);
    CHECK(sd.lo >= -0.05);
    CHECK(sd.hi < 0.05);
}

TEST_CASE("glorot and he: limits and stddev from Keras' fans")
{
    double const fan_in = 64, fan_out = 32;
    SUBCASE("glorot_uniform")
    {
        param<"w", big> p{init::glorot_uniform{.seed = 4}};
        double const limit = std::sqrt(6 / (fan_in + fan_out));
        auto const s = measure(p);
        CHECK(s.lo >= -limit);
        CHECK(s.hi <= limit);
        CHECK(s.hi > 0.97 * limit);
        CHECK(std::abs(s.stddev - limit / std::sqrt(3.0)) < 0.05 * limit);
    }
    SUBCASE("he_uniform")
    {
        param<"w", big> p{init::he_uniform{.seed = 5}};
        double const limit = std::sqrt(6 / fan_in);
        auto const s = measure(p);
        CHECK(s.lo >= -limit);
        CHECK(s.hi <= limit);
        CHECK(s.hi > 0.97 * limit);
        CHECK(std::abs(s.mean) < 4 * limit / std::sqrt(3 * n));
    }
    SUBCASE("glorot_normal")
    {
        // Keras: a normal of stddev sqrt(2 / (in + out)) / 0.8796 truncated at 2 of its stddevs,
        // whose own stddev is then sqrt(2 / (in + out)).
        param<"w", big> p{init::glorot_normal{.seed = 6}};
        double const sigma = std::sqrt(2 / (fan_in + fan_out));
        auto const s = measure(p);
        CHECK(std::abs(s.stddev - sigma) < 0.05 * sigma);
        CHECK(s.hi <= 2 * sigma / 0.87962566 + 1e-6);
        CHECK(s.lo >= -2 * sigma / 0.87962566 - 1e-6);
    }
    SUBCASE("he_normal")
    {
        param<"w", big> p{init::he_normal{.seed = 7}};
        double const sigma = std::sqrt(2 / fan_in);
        auto const s = measure(p);
        CHECK(std::abs(s.stddev - sigma) < 0.05 * sigma);
        CHECK(std::abs(s.mean) < 4 * sigma / std::sqrt(n));
        CHECK(s.hi <= 2 * sigma / 0.87962566 + 1e-6);
    }
}

TEST_CASE("fans follow Keras")
{
    constexpr auto scalar = init::fans<0>({});
    constexpr auto vec = init::fans<1>({7});
    constexpr auto mat = init::fans<2>({3, 5});
    constexpr auto conv = init::fans<4>({3, 3, 16, 32});  // HWIO kernel: receptive field 3 x 3
    CHECK(scalar[0] == 1.0);
    CHECK(scalar[1] == 1.0);
    CHECK(vec[0] == 7.0);
    CHECK(vec[1] == 7.0);
    CHECK(mat[0] == 3.0);
    CHECK(mat[1] == 5.0);
    CHECK(conv[0] == 3.0 * 3 * 16);
    CHECK(conv[1] == 3.0 * 3 * 32);
}

TEST_CASE("random_stream is splitmix64")
{
    // Reference outputs of splitmix64 seeded with 0 (Vigna's splitmix64.c).
    init::random_stream r(0);
    CHECK(r.next_u64() == 0xE220A8397B1DCDAFull);
    CHECK(r.next_u64() == 0x6E789E6AA1B965F4ull);
    CHECK(r.next_u64() == 0x06C45D188009454Full);
    init::random_stream u(123);
    for (int i = 0; i < 1000; ++i)
    {
        double const x = u.uniform();
        CHECK((x >= 0.0 && x < 1.0));
    }
    // Seeds mix the run seed, the name and the initializer's seed.
    CHECK(init::stream_seed(0, "a", 0) != init::stream_seed(1, "a", 0));
    CHECK(init::stream_seed(0, "a", 0) != init::stream_seed(0, "b", 0));
    CHECK(init::stream_seed(0, "a", 0) != init::stream_seed(0, "a", 1));
    CHECK(init::stream_seed(3, "a", 4) == init::stream_seed(3, "a", 4));
}
