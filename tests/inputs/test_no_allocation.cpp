// next() runs on the training hot path: it must not touch the heap. Counting replacements of the
// global allocation functions apply to this whole test program, and count only while armed.
#include <doctest/doctest.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <new>

#include <xestimator/inputs/array_input.hpp>

#include "allocation_counter.hpp"

using xest_test::allocations;
using xest_test::armed;

TEST_CASE("from_arrays: next(), state() and restore() do not allocate")
{
    xest_test::skip_without_allocation_counting();
    armed = false;
    auto x = xt::xtensor<float, 2>::from_shape({37, 3});
    x.fill(1.0f);
    auto y = xt::xtensor<int, 1>::from_shape({37});
    y.fill(1);
    auto in = xest::inputs::from_arrays<8, 3>(x, y, {.num_epochs = 5, .shuffle = true, .seed = 1});
    decltype(in)::batch_type b;
    // The counter sees allocations at all (otherwise the check below could not fail).
    allocations = 0;
    armed = true;
    int* volatile probe = new int(1); // volatile: the new/delete pair may not be elided
    delete probe;
    armed = false;
    REQUIRE(allocations.exchange(0) == 1);
    armed = true;
    int batches = 0;
    while (in.next(b))
    {
        ++batches;
        if (batches == 10)
        {
            auto s = in.state();
            in.restore(s);
        }
    }
    in.reset();
    armed = false;
    CHECK(batches == 24); // 185 examples in batches of 8
    CHECK(allocations.load() == 0);
}

TEST_CASE("from_arrays over arrays: building the input and every batch allocate nothing, shuffled")
{
    xest_test::skip_without_allocation_counting();
    static constexpr std::array<std::array<float, 2>, 9> x = {{{0, 1}, {10, 11}, {20, 21}, {30, 31}, {40, 41},
                                                                {50, 51}, {60, 61}, {70, 71}, {80, 81}}};
    static constexpr std::int32_t y[9] = {0, 1, 2, 0, 1, 2, 0, 1, 2};
    allocations = 0;
    armed = true;
    auto in = xest::inputs::from_arrays<4, 2>(x, y, {.num_epochs = 3, .shuffle = true, .seed = 9});
    decltype(in)::batch_type b;
    int batches = 0;
    while (in.next(b))
    {
        ++batches;
    }
    in.restore({.epoch = 1, .position = 3});
    armed = false;
    CHECK(batches == 7); // 27 examples in batches of 4
    CHECK(allocations.load() == 0);
}
