#include <doctest/doctest.h>

#include <string>
#include <tuple>
#include <vector>

#include <xestimator/hooks/progress_bar.hpp>
#include <xestimator/hooks/stop_at_step.hpp>

#include "hooks_test_support.hpp"

TEST_CASE("progress_bar prints plain lines when the output is not a terminal")
{
    hooks_test::capture out;
    std::tuple<xest::hooks::progress_bar> hooks{xest::hooks::progress_bar{.out = out.get()}};
    std::vector<float> losses(20, 0.25f);
    hooks_test::simulate(hooks, losses, 100, 120);  // total from the bound: 20 steps, a line every 2
    std::string const text = out.text();
    CHECK(text.find('\r') == std::string::npos);
    auto const lines = hooks_test::split_lines(text);
    REQUIRE(lines.size() == 10);
    CHECK(hooks_test::starts_with(lines[0], "step 2/20 (10%): loss = 0.25, "));
    CHECK(lines[0].find(" step/s, ETA ") != std::string::npos);
    CHECK(hooks_test::starts_with(lines[4], "step 10/20 (50%): loss = 0.25, "));
    CHECK(hooks_test::starts_with(lines[9], "step 20/20 (100%): loss = 0.25, "));
    CHECK(lines[9].substr(lines[9].size() - 8) == "ETA 0:00");
}

TEST_CASE("progress_bar prints a last line when the run stops between two lines")
{
    hooks_test::capture out;
    std::tuple<xest::hooks::progress_bar, xest::hooks::stop_at_step> hooks{
        xest::hooks::progress_bar{.total_steps = 100, .out = out.get(), .every_n_steps = 25},
        xest::hooks::stop_at_step{.num_steps = 60}};
    std::vector<float> losses(100, 1.5f);
    hooks_test::simulate(hooks, losses);
    auto const lines = hooks_test::split_lines(out.text());
    REQUIRE(lines.size() == 3);
    CHECK(hooks_test::starts_with(lines[0], "step 25/100 (25%): loss = 1.5, "));
    CHECK(hooks_test::starts_with(lines[1], "step 50/100 (50%): loss = 1.5, "));
    CHECK(hooks_test::starts_with(lines[2], "step 60/100 (60%): loss = 1.5, "));
}

TEST_CASE("progress_bar without a known total prints the global step")
{
    hooks_test::capture out;
    std::tuple<xest::hooks::progress_bar> hooks{xest::hooks::progress_bar{.out = out.get(), .every_n_steps = 3}};
    hooks_test::simulate(hooks, std::vector<float>(7, 2.0f), 10);
    auto const lines = hooks_test::split_lines(out.text());
    REQUIRE(lines.size() == 3);
    CHECK(hooks_test::starts_with(lines[0], "step 13: loss = 2, "));
    CHECK(hooks_test::starts_with(lines[1], "step 16: loss = 2, "));
    CHECK(hooks_test::starts_with(lines[2], "step 17: loss = 2, "));
}

TEST_CASE("progress_bar in bar style redraws one line with carriage returns")
{
    hooks_test::capture out;
    std::tuple<xest::hooks::progress_bar> hooks{xest::hooks::progress_bar{
        .total_steps = 4, .out = out.get(), .width = 8, .refresh_secs = 0.0, .style = xest::hooks::progress_style::bar}};
    hooks_test::simulate(hooks, {1.0f, 0.5f, 0.25f, 0.125f});
    std::string const text = out.text();
    CHECK(text.find('\n') == text.size() - 1);  // one line, ended at end()
    CHECK(text.find("\r[==>     ] 1/4  25% loss 1 ") != std::string::npos);
    CHECK(text.find("\r[====>   ] 2/4  50% loss 0.5 ") != std::string::npos);
    CHECK(text.find("\r[========] 4/4 100% loss 0.125 ") != std::string::npos);
    CHECK(text.find("ETA 0:00") != std::string::npos);
}

TEST_CASE("progress_bar formats the ETA as a clock reading")
{
    char buffer[32];
    xest::hooks::detail::format_duration(buffer, 62.4);
    CHECK(std::string(buffer) == "1:02");
    xest::hooks::detail::format_duration(buffer, 3723.0);
    CHECK(std::string(buffer) == "1:02:03");
    xest::hooks::detail::format_duration(buffer, -1.0);
    CHECK(std::string(buffer) == "?");
}
