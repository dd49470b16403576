#include <doctest/doctest.h>

#include <tuple>
#include <vector>

#include <xestimator/hooks/loss_history.hpp>

#include "hooks_test_support.hpp"

TEST_CASE("loss_history records every loss in order with the first step")
{
    xest::hooks::loss_history history;
    std::vector<float> const losses{3.0f, 2.5f, 2.25f, 2.125f};
    hooks_test::simulate(std::tie(history), losses, 100);
    CHECK(history.losses() == losses);
    CHECK(history.first_step() == 101);
    hooks_test::simulate(std::tie(history), {2.0f}, 104);  // a second train() call continues
    CHECK(history.size() == 5);
    CHECK(history.losses().back() == 2.0f);
    CHECK(history.first_step() == 101);
    history.clear();
    CHECK(history.size() == 0);
}

TEST_CASE("loss_history does not reallocate within the capacity given up front")
{
    xest::hooks::loss_history history{1000};
    REQUIRE(history.capacity() >= 1000);
    float const* const storage = history.losses().data();
    std::vector<float> losses(1000);
    for (std::size_t i = 0; i < losses.size(); ++i)
    {
        losses[i] = 1.0f / static_cast<float>(i + 1);
    }
    hooks_test::simulate(std::tie(history), losses);  // unbounded run: begin reserves nothing more
    CHECK(history.losses().data() == storage);
    CHECK(history.losses() == losses);
}

TEST_CASE("loss_history reserves the run's steps in begin when the run is bounded")
{
    xest::hooks::loss_history history;
    auto hooks = std::tie(history);
    xest::hooks::begin_all(hooks, xest::run_info{.start_step = 50, .last_step = 550});
    CHECK(history.capacity() >= 500);
    float const* const storage = history.losses().data();
    for (std::int64_t s = 51; s <= 550; ++s)
    {
        (void)xest::hooks::after_step_all(hooks, xest::step_info{.step = s, .loss = static_cast<float>(s)});
    }
    CHECK(history.losses().data() == storage);
    CHECK(history.size() == 500);
    CHECK(history.losses()[499] == 550.0f);
}
