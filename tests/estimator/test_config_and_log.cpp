// run_config validation, and the estimator's own log lines on stderr (fd 2 captured).

#include <cstdio>
#include <regex>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "estimator_test_support.hpp"

using est_test::line_data;
using est_test::linear_model;

namespace
{
    using estimator_type = xest::estimator<linear_model, xest::optim::gradient_descent>;

    std::string config_error_of(xest::run_config const& c)
    {
        try
        {
            estimator_type est(c, {});
        }
        catch (xest::config_error const& e)
        {
            return e.what();
        }
        return "no error";
    }

    std::string format_g(float v)
    {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%g", double(v));
        return buffer;
    }

    std::vector<std::string> lines_of(std::string const& text)
    {
        std::vector<std::string> out;
        std::size_t begin = 0;
        while (begin < text.size())
        {
            std::size_t end = text.find('\n', begin);
            end = end == std::string::npos ? text.size() : end;
            out.push_back(text.substr(begin, end - begin));
            begin = end + 1;
        }
        return out;
    }
}

TEST_CASE("run_config: TensorFlow's defaults")
{
    xest::run_config const c;
    CHECK(c.model_dir.empty());
    CHECK(c.save_summary_steps == 100);
    CHECK(c.save_checkpoints_steps == 0);
    CHECK(c.save_checkpoints_secs == 600.0);
    CHECK(c.keep_checkpoint_max == 5);
    CHECK(c.log_step_count_steps == 100);
    CHECK(c.random_seed == 0);
}

TEST_CASE("run_config: a negative setting is refused by the estimator, naming the field and value")
{
    CHECK(est_test::contains(config_error_of({.save_summary_steps = -1}), "run_config.save_summary_steps must not be negative, NaN or infinite (got -1"));
    CHECK(est_test::contains(config_error_of({.save_checkpoints_steps = -5}), "run_config.save_checkpoints_steps"));
    CHECK(est_test::contains(config_error_of({.save_checkpoints_secs = -0.5}), "run_config.save_checkpoints_secs must not be negative, NaN or infinite (got -0.5"));
    CHECK(est_test::contains(config_error_of({.keep_checkpoint_max = -2}), "run_config.keep_checkpoint_max"));
    CHECK(est_test::contains(config_error_of({.log_step_count_steps = -1}), "run_config.log_step_count_steps"));
    CHECK(est_test::contains(config_error_of({.summary_flush_secs = -3}), "run_config.summary_flush_secs"));
    CHECK(config_error_of({.save_summary_steps = 0, .log_step_count_steps = 0}) == "no error");
    // config_error is an xest::error.
    CHECK_THROWS_AS(xest::run_config{.keep_checkpoint_max = -1}.validate(), xest::error);
}

TEST_CASE("run_config: the optimizer's settings are validated by the estimator too")
{
    CHECK_THROWS_AS(estimator_type(est_test::quiet(), {.learning_rate = -0.1f}), xest::config_error);
}

TEST_CASE("logging: the default stderr lines every log_step_count_steps steps")
{
    line_data d;
    auto in = xest::inputs::from_arrays<1>(d.x, d.y, {.num_epochs = xest::inputs::repeat});
    estimator_type est({.log_step_count_steps = 3}, {.learning_rate = 0.01f});
    std::vector<float> losses;
    est_test::stderr_capture capture;
    est.train(in, xest::steps{7}, [&](float l) { losses.push_back(l); });
    auto const lines = lines_of(capture.text());
    REQUIRE(losses.size() == 7);

    std::regex const rate(R"(INFO:xestimator:global_step/sec: [0-9.e+]+|INFO:xestimator:global_step/sec: inf)");
    auto loss_line = [&](int step)
    {
        return std::regex("INFO:xestimator:loss = " + std::regex_replace(format_g(losses[std::size_t(step - 1)]), std::regex(R"([.+])"), R"(\$&)") +
                          ", step = " + std::to_string(step) + R"( \([0-9]+\.[0-9]{3} sec\))");
    };
    // Step 1 (no rate yet), steps 3 and 6 (rate, then loss), then the final line.
    REQUIRE(lines.size() == 6);
    CHECK(std::regex_match(lines[0], loss_line(1)));
    CHECK(std::regex_match(lines[1], rate));
    CHECK(std::regex_match(lines[2], loss_line(3)));
    CHECK(std::regex_match(lines[3], rate));
    CHECK(std::regex_match(lines[4], loss_line(6)));
    CHECK(lines[5] == "INFO:xestimator:Loss for final step: " + format_g(losses[6]) + ".");
}

TEST_CASE("logging: log_step_count_steps = 0 writes nothing")
{
    line_data d;
    auto in = xest::inputs::from_arrays<1>(d.x, d.y, {.num_epochs = xest::inputs::repeat});
    estimator_type est(est_test::quiet(), {.learning_rate = 0.01f});
    est_test::stderr_capture capture;
    est.train(in, xest::steps{250});
    est.train(in, xest::max_steps{10});
    CHECK(capture.text().empty());
}
