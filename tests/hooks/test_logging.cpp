#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <tuple>

#include <xestimator/hooks/logging.hpp>

#include "hooks_test_support.hpp"

namespace
{
    double seconds_in(std::string const& line)
    {
        auto const open = line.rfind('(');
        REQUIRE(open != std::string::npos);
        REQUIRE(line.substr(line.size() - 5) == " sec)");
        return std::strtod(line.c_str() + open + 1, nullptr);
    }
}

TEST_CASE("logging prints the first step, then every n steps, then the final loss")
{
    hooks_test::capture out;
    std::tuple<xest::hooks::logging> hooks{xest::hooks::logging{.every_n_steps = 2, .out = out.get()}};
    hooks_test::simulate(hooks, {0.5f, 0.25f, 0.125f, 0.0123f, 0.01f}, 0, 5);
    auto const lines = hooks_test::split_lines(out.text());
    REQUIRE(lines.size() == 6);
    CHECK(hooks_test::starts_with(lines[0], "INFO:xestimator:loss = 0.5, step = 1 ("));
    CHECK(hooks_test::starts_with(lines[1], "INFO:xestimator:global_step/sec: "));
    CHECK(hooks_test::starts_with(lines[2], "INFO:xestimator:loss = 0.25, step = 2 ("));
    CHECK(hooks_test::starts_with(lines[3], "INFO:xestimator:global_step/sec: "));
    CHECK(hooks_test::starts_with(lines[4], "INFO:xestimator:loss = 0.0123, step = 4 ("));
    CHECK(lines[5] == "INFO:xestimator:Loss for final step: 0.01.");
    CHECK(seconds_in(lines[4]) >= 0.0);
}

TEST_CASE("logging counts steps from a restored global step")
{
    hooks_test::capture out;
    std::tuple<xest::hooks::logging> hooks{xest::hooks::logging{.every_n_steps = 100, .out = out.get()}};
    std::vector<float> losses(180, 2.0f);  // steps 121 to 300
    hooks_test::simulate(hooks, losses, 120);
    auto const lines = hooks_test::split_lines(out.text());
    REQUIRE(lines.size() == 6);
    CHECK(hooks_test::starts_with(lines[0], "INFO:xestimator:loss = 2, step = 121 ("));
    CHECK(hooks_test::starts_with(lines[2], "INFO:xestimator:loss = 2, step = 200 ("));
    CHECK(hooks_test::starts_with(lines[4], "INFO:xestimator:loss = 2, step = 300 ("));
    CHECK(lines[5] == "INFO:xestimator:Loss for final step: 2.");
}

TEST_CASE("logging with every_n_secs logs when that much time passed, with the interval's rate")
{
    hooks_test::capture out;
    xest::hooks::logging hook{.every_n_steps = 1, .every_n_secs = 0.2, .out = out.get()};
    auto hooks = std::tie(hook);
    xest::hooks::begin_all(hooks, xest::run_info{0, -1, ""});
    auto step = [&](std::int64_t s) { (void)xest::hooks::after_step_all(hooks, xest::step_info{.step = s, .loss = 1.0f}); };
    step(1);  // the first step is always logged
    step(2);
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    step(3);
    step(4);
    xest::hooks::end_all(hooks, xest::step_info{.step = 4, .loss = 1.0f});
    auto const lines = hooks_test::split_lines(out.text());
    REQUIRE(lines.size() == 4);
    CHECK(hooks_test::starts_with(lines[0], "INFO:xestimator:loss = 1, step = 1 ("));
    CHECK(hooks_test::starts_with(lines[2], "INFO:xestimator:loss = 1, step = 3 ("));
    double const secs = seconds_in(lines[2]);
    CHECK(secs >= 0.25);
    // Two steps (2 and 3) in at least 0.25 s.
    double const rate = std::strtod(lines[1].c_str() + std::string("INFO:xestimator:global_step/sec: ").size(), nullptr);
    CHECK(rate > 0.0);
    CHECK(rate <= 8.0);
    CHECK(rate == doctest::Approx(2.0 / secs).epsilon(0.1));
    CHECK(lines[3] == "INFO:xestimator:Loss for final step: 1.");
}

TEST_CASE("logging prints nothing at end when the run made no step, and rejects bad settings")
{
    hooks_test::capture out;
    std::tuple<xest::hooks::logging> hooks{xest::hooks::logging{.out = out.get()}};
    hooks_test::simulate(hooks, {}, 7);
    CHECK(out.text().empty());

    std::tuple<xest::hooks::logging> null_out{xest::hooks::logging{.out = nullptr}};
    CHECK_THROWS_AS(xest::hooks::begin_all(null_out, xest::run_info{}), xest::config_error);
    std::tuple<xest::hooks::logging> negative{xest::hooks::logging{.every_n_secs = -1.0, .out = out.get()}};
    CHECK_THROWS_WITH_AS(xest::hooks::begin_all(negative, xest::run_info{}),
                         doctest::Contains("every_n_secs = -1"), xest::config_error);
}
