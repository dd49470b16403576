#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <thread>
#include <tuple>

#include <xestimator/hooks/step_counter.hpp>

#include "hooks_test_support.hpp"

TEST_CASE("step_counter measures steps and examples per second over each window")
{
    hooks_test::capture out;
    xest::hooks::step_counter counter{.every_n_steps = 5, .out = out.get()};
    auto hooks = std::tie(counter);
    xest::hooks::begin_all(hooks, xest::run_info{.start_step = 20});
    CHECK_FALSE(counter.has_rate());
    for (std::int64_t s = 21; s <= 30; ++s)
    {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        (void)xest::hooks::after_step_all(hooks, xest::step_info{.step = s, .loss = 1.0f, .batch_size = 32});
        if (s == 24)
        {
            CHECK_FALSE(counter.has_rate());  // the first window closes at step 25
        }
    }
    REQUIRE(counter.has_rate());
    // 5 steps, each after a sleep of at least 10 ms: at most 100 steps/sec.
    CHECK(counter.steps_per_sec() > 0.0);
    CHECK(counter.steps_per_sec() <= 100.0);
    CHECK(counter.examples_per_sec() == doctest::Approx(32.0 * counter.steps_per_sec()));
    auto const lines = hooks_test::split_lines(out.text());
    REQUIRE(lines.size() == 2);
    CHECK(hooks_test::starts_with(lines[1], "INFO: global_step/sec: "));
    double const printed = std::strtod(lines[1].c_str() + 23, nullptr);
    CHECK(printed == doctest::Approx(counter.steps_per_sec()).epsilon(0.01));
}

TEST_CASE("step_counter counts the valid examples of partial batches")
{
    xest::hooks::step_counter counter{.every_n_steps = 2};
    auto hooks = std::tie(counter);
    xest::hooks::begin_all(hooks, xest::run_info{});
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    (void)xest::hooks::after_step_all(hooks, xest::step_info{.step = 1, .batch_size = 32});
    (void)xest::hooks::after_step_all(hooks, xest::step_info{.step = 2, .batch_size = 8});
    REQUIRE(counter.has_rate());
    CHECK(counter.examples_per_sec() == doctest::Approx(20.0 * counter.steps_per_sec()));
}
