#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <xestimator/hooks/early_stopping.hpp>

#include "hooks_test_support.hpp"

namespace
{
    struct fake_result
    {
        double loss = 0.0;
        std::int64_t global_step = 0;
        std::map<std::string, double, std::less<>> metrics;
        double operator[](std::string_view name) const
        {
            return metrics.find(name)->second;
        }
    };

    /// Feeds evaluation values; returns the index of the evaluation that asked to stop (-1: none).
    int first_stop(xest::hooks::early_stopping hook, std::vector<double> const& values, std::string const& metric = "loss")
    {
        auto hooks = std::tie(hook);
        xest::hooks::begin_all(hooks, xest::run_info{.between_evaluations = true});
        for (std::size_t i = 0; i < values.size(); ++i)
        {
            fake_result r{metric == "loss" ? values[i] : 99.0, static_cast<std::int64_t>(100 * (i + 1)), {}};
            r.metrics[metric] = values[i];
            if (xest::hooks::after_evaluation_all(hooks, r))
            {
                return static_cast<int>(i);
            }
        }
        return -1;
    }
}

TEST_CASE("early_stopping on evaluations: patience and min_delta")
{
    using xest::hooks::early_stopping;
    // Without min_delta any decrease resets the count.
    CHECK(first_stop(early_stopping{.patience = 2}, {1.0, 0.9, 0.95, 0.8, 0.85, 0.86, 0.1}) == 5);
    // With min_delta = 0.1: 0.95 is not enough, 0.85 is (< 1.0 - 0.1); then 0.80 and 0.78 are not (>= 0.75).
    CHECK(first_stop(early_stopping{.patience = 2, .min_delta = 0.1}, {1.0, 0.95, 0.85, 0.80, 0.78}) == 4);
    CHECK(first_stop(early_stopping{.patience = 3, .min_delta = 0.1}, {1.0, 0.95, 0.85, 0.80, 0.78}) == -1);
    CHECK(first_stop(early_stopping{.patience = 1}, {1.0, 1.0}) == 1);
    // A NaN never improves and never becomes the reference.
    CHECK(first_stop(early_stopping{.patience = 2},
                     {std::numeric_limits<double>::quiet_NaN(), 1.0, std::numeric_limits<double>::quiet_NaN(), 0.5, 0.6,
                      0.7}) == 5);
}

TEST_CASE("early_stopping on a named metric that should increase")
{
    using xest::hooks::early_stopping;
    early_stopping const hook{.patience = 2, .metric = "accuracy", .maximize = true};
    CHECK(first_stop(hook, {0.5, 0.6, 0.6, 0.7, 0.65, 0.69}, "accuracy") == 5);

    early_stopping tracked{.patience = 3, .metric = "accuracy", .maximize = true};
    auto hooks = std::tie(tracked);
    fake_result r{1.0, 200, {{"accuracy", 0.75}}};
    CHECK_FALSE(xest::hooks::after_evaluation_all(hooks, r));
    CHECK(tracked.best() == 0.75);
    CHECK(tracked.best_step() == 200);
    CHECK(tracked.without_improvement() == 0);
}

TEST_CASE("early_stopping on training steps stops the loop after patience steps without decrease")
{
    std::tuple<xest::hooks::early_stopping> hooks{xest::hooks::early_stopping{.patience = 3, .min_delta = 0.01, .on_evaluation = false}};
    // best 1.0 at step 1, 0.5 at step 2; steps 3, 4, 5 do not beat 0.49.
    auto r = hooks_test::simulate(hooks, {1.0f, 0.5f, 0.495f, 0.6f, 0.5f, 0.1f, 0.1f});
    CHECK(r.final_step == 5);
    auto const& hook = std::get<0>(hooks);
    CHECK(hook.stopped());
    CHECK(hook.best() == doctest::Approx(0.5));
    CHECK(hook.best_step() == 2);
    // In this mode evaluations are ignored.
    CHECK_FALSE(xest::hooks::after_evaluation_all(hooks, fake_result{9.0, 1, {}}));
}

TEST_CASE("early_stopping on evaluations ignores the training steps")
{
    std::tuple<xest::hooks::early_stopping> hooks{xest::hooks::early_stopping{.patience = 1}};
    xest::hooks::begin_all(hooks, xest::run_info{.between_evaluations = true});
    for (std::int64_t step = 1; step <= 4; ++step)
    {
        CHECK_FALSE(xest::hooks::after_step_all(hooks, xest::step_info{.step = step, .loss = float(step)}));
    }
    CHECK(std::get<0>(hooks).without_improvement() == 0);
}

TEST_CASE("early_stopping rejects settings it cannot honour")
{
    using xest::hooks::early_stopping;
    std::tuple<early_stopping> zero{early_stopping{.patience = 0}};
    CHECK_THROWS_WITH_AS(xest::hooks::begin_all(zero, xest::run_info{}), doctest::Contains("patience = 0"),
                         xest::config_error);
    std::tuple<early_stopping> metric{early_stopping{.patience = 2, .on_evaluation = false, .metric = "accuracy"}};
    CHECK_THROWS_WITH_AS(xest::hooks::begin_all(metric, xest::run_info{}), doctest::Contains("\"accuracy\""),
                         xest::config_error);
    std::tuple<early_stopping> delta{early_stopping{.patience = 2, .min_delta = -1.0}};
    CHECK_THROWS_AS(xest::hooks::begin_all(delta, xest::run_info{}), xest::config_error);
    // Watching evaluations in a train() call that has none would silently never stop.
    std::tuple<early_stopping> no_evaluations{early_stopping{.patience = 2}};
    CHECK_THROWS_WITH_AS(xest::hooks::begin_all(no_evaluations, xest::run_info{}),
                         doctest::Contains("pass the hook to train_and_evaluate"), xest::config_error);
    CHECK_NOTHROW(xest::hooks::begin_all(no_evaluations, xest::run_info{.between_evaluations = true}));
}
