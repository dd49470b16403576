#include <doctest/doctest.h>

#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include <xestimator/hooks/nan_guard.hpp>

#include "hooks_test_support.hpp"

namespace
{
    constexpr float nan_value = std::numeric_limits<float>::quiet_NaN();
    constexpr float inf_value = std::numeric_limits<float>::infinity();

    std::string message_of(std::vector<float> const& losses, hooks_test::loop_result& r, std::int64_t start = 0)
    {
        std::tuple<xest::hooks::nan_guard> hooks{};
        try
        {
            hooks_test::simulate(hooks, losses, start, -1, 0.1f, 4, &r);
        }
        catch (xest::nan_loss_error const& e)
        {
            return e.what();
        }
        return "no exception";
    }
}

static_assert(xest::hooks::detail::is_finite_bits(1.0f) && xest::hooks::detail::is_finite_bits(-0.0f));
static_assert(xest::hooks::detail::is_finite_bits(std::numeric_limits<float>::max()));
static_assert(xest::hooks::detail::is_finite_bits(std::numeric_limits<float>::denorm_min()));
static_assert(!xest::hooks::detail::is_finite_bits(nan_value) && !xest::hooks::detail::is_finite_bits(-inf_value));

TEST_CASE("nan_guard throws naming the step and the value, before the update is applied")
{
    hooks_test::loop_result r;
    std::string const message = message_of({1.0f, 0.5f, nan_value, 0.25f}, r);
    CHECK(message.find("the loss is nan at step 3") != std::string::npos);
    CHECK(message.find("the update of step 3 was not applied") != std::string::npos);
    CHECK(r.applied == std::vector<std::int64_t>{1, 2});

    hooks_test::loop_result r2;
    std::string const inf_message = message_of({1.0f, -inf_value}, r2, 40);
    CHECK(inf_message.find("the loss is -inf at step 42") != std::string::npos);
    CHECK(r2.applied == std::vector<std::int64_t>{41});
}

TEST_CASE("nan_guard lets finite losses through, including huge ones")
{
    std::tuple<xest::hooks::nan_guard> hooks{};
    auto r = hooks_test::simulate(hooks, {1e30f, std::numeric_limits<float>::max(), 0.0f});
    CHECK(r.final_step == 3);
    CHECK_FALSE(std::get<0>(hooks).triggered());
}

TEST_CASE("nan_guard with rollback asks for a rollback instead of throwing, up to max_rollbacks")
{
    xest::hooks::nan_guard guard{.rollback = true, .max_rollbacks = 2};
    bool stop = false;
    bool rollback = false;
    xest::step_info good{.step = 1, .loss = 1.0f, .stop_flag = &stop, .rollback_flag = &rollback};
    CHECK_FALSE(guard.before_update(good));
    CHECK_FALSE(rollback);
    xest::step_info bad{.step = 2, .loss = inf_value, .stop_flag = &stop, .rollback_flag = &rollback};
    CHECK_FALSE(guard.before_update(bad));
    CHECK(rollback);
    CHECK(guard.triggered());
    CHECK(guard.bad_step == 2);
    CHECK(guard.bad_loss == inf_value);
    CHECK(guard.rollbacks == 1);
    rollback = false;
    CHECK_FALSE(guard.before_update(bad));
    CHECK(guard.rollbacks == 2);
    CHECK_THROWS_AS((void)guard.before_update(bad), xest::nan_loss_error);
}

TEST_CASE("nan_guard with rollback throws where the loop cannot roll back")
{
    std::tuple<xest::hooks::nan_guard> hooks{xest::hooks::nan_guard{.rollback = true}};
    CHECK_THROWS_AS(hooks_test::simulate(hooks, {1.0f, inf_value, 2.0f}), xest::nan_loss_error);
}
