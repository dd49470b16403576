#include <doctest/doctest.h>

#include <tuple>
#include <vector>

#include <xestimator/hooks/stop_at_step.hpp>

#include "hooks_test_support.hpp"

TEST_CASE("stop_at_step stops at a global step")
{
    std::vector<float> const losses(20, 1.0f);
    std::tuple<xest::hooks::stop_at_step> hooks{xest::hooks::stop_at_step{5}};
    auto r = hooks_test::simulate(hooks, losses);
    CHECK(r.final_step == 5);
    CHECK(r.applied.size() == 5);

    // Restored at step 3: two more steps.
    auto restored = hooks_test::simulate(hooks, losses, 3);
    CHECK(restored.final_step == 5);
    CHECK(restored.applied == std::vector<std::int64_t>{4, 5});

    // Already past the bound: no step runs at all.
    auto past = hooks_test::simulate(hooks, losses, 7);
    CHECK(past.final_step == 7);
    CHECK(past.applied.empty());
}

TEST_CASE("stop_at_step with num_steps counts from the start of the run")
{
    std::vector<float> const losses(20, 1.0f);
    std::tuple<xest::hooks::stop_at_step> hooks{xest::hooks::stop_at_step{.num_steps = 3}};
    auto r = hooks_test::simulate(hooks, losses, 10);
    CHECK(r.final_step == 13);
    CHECK(std::get<0>(hooks).resolved_last_step == 13);
    auto again = hooks_test::simulate(hooks, losses, 13);  // a second train() call runs 3 more
    CHECK(again.final_step == 16);

    std::tuple<xest::hooks::stop_at_step> zero{xest::hooks::stop_at_step{.num_steps = 0}};
    CHECK(hooks_test::simulate(zero, losses, 4).applied.empty());
}

TEST_CASE("stop_at_step needs exactly one bound")
{
    std::tuple<xest::hooks::stop_at_step> both{xest::hooks::stop_at_step{.last_step = 5, .num_steps = 5}};
    CHECK_THROWS_WITH_AS(xest::hooks::begin_all(both, xest::run_info{}),
                         doctest::Contains("last_step = 5, num_steps = 5"), xest::config_error);
    std::tuple<xest::hooks::stop_at_step> neither{};
    CHECK_THROWS_AS(xest::hooks::begin_all(neither, xest::run_info{}), xest::config_error);
}
