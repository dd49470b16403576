// Every built-in hook through estimator::train (nan_guard: test_nan_loss.cpp; early_stopping:
// test_train_and_evaluate.cpp), checked against what the run actually did.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "estimator_test_support.hpp"

using est_test::line_data;
using est_test::linear_model;

namespace
{
    using estimator_type = xest::estimator<linear_model, xest::optim::gradient_descent>;

    std::string file_text(std::FILE* f)
    {
        std::fflush(f);
        std::rewind(f);
        std::string out;
        char buffer[4096];
        std::size_t n = 0;
        while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0)
        {
            out.append(buffer, n);
        }
        return out;
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

    std::string format_g(float v)
    {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%g", double(v));
        return buffer;
    }

    struct fixture
    {
        line_data d;
        decltype(xest::inputs::from_arrays<1>(d.x, d.y)) in =
            xest::inputs::from_arrays<1>(d.x, d.y, {.num_epochs = xest::inputs::repeat});
        estimator_type est{est_test::quiet(), {.learning_rate = 0.01f}};
        std::vector<float> losses;
        auto recorder()
        {
            return [this](float l) { losses.push_back(l); };
        }
    };
}

TEST_CASE("hooks::logging through train: a line at the first step and every N steps, and the final loss")
{
    fixture f;
    std::FILE* out = std::tmpfile();
    f.est.train(f.in, xest::steps{10}, f.recorder(), xest::hooks::logging{.every_n_steps = 4, .out = out});
    auto const lines = lines_of(file_text(out));
    std::fclose(out);
    std::vector<std::string> loss_lines;
    for (auto const& l : lines)
    {
        if (l.rfind("INFO:xestimator:loss = ", 0) == 0)
        {
            loss_lines.push_back(l.substr(0, l.find(" (")));
        }
    }
    REQUIRE(f.losses.size() == 10);
    CHECK(loss_lines == std::vector<std::string>{"INFO:xestimator:loss = " + format_g(f.losses[0]) + ", step = 1",
                                                 "INFO:xestimator:loss = " + format_g(f.losses[3]) + ", step = 4",
                                                 "INFO:xestimator:loss = " + format_g(f.losses[7]) + ", step = 8"});
    CHECK(lines.back() == "INFO:xestimator:Loss for final step: " + format_g(f.losses[9]) + ".");
}

TEST_CASE("hooks::stop_at_step through train")
{
    fixture f;
    auto r = f.est.train(f.in, xest::steps{100}, xest::hooks::stop_at_step{.num_steps = 6});
    CHECK(r.steps == 6);
    CHECK(r.reason == xest::stop_reason::hook_requested);
    r = f.est.train(f.in, xest::steps{100}, xest::hooks::stop_at_step{.last_step = 9});
    CHECK(r.steps == 3);
    CHECK(f.est.global_step() == 9);
    // Already past last_step: before_step refuses the first step.
    r = f.est.train(f.in, xest::steps{100}, xest::hooks::stop_at_step{.last_step = 9});
    CHECK(r.steps == 0);
    CHECK(f.est.global_step() == 9);
    CHECK_THROWS_AS(f.est.train(f.in, xest::steps{1}, xest::hooks::stop_at_step{}), xest::config_error);
}

TEST_CASE("hooks::step_counter through train measures a positive rate")
{
    fixture f;
    xest::hooks::step_counter counter{.every_n_steps = 50};
    f.est.train(f.in, xest::steps{400}, counter);
    REQUIRE(counter.has_rate());
    CHECK(counter.steps_per_sec() > 0.0);
    // Batch 1: as many examples as steps per second.
    CHECK(counter.examples_per_sec() == doctest::Approx(counter.steps_per_sec()).epsilon(1e-9));
}

TEST_CASE("hooks::loss_history through train records every step's loss")
{
    fixture f;
    xest::hooks::loss_history history;
    f.est.train(f.in, xest::steps{12}, history, f.recorder());
    CHECK(history.losses() == f.losses);
    CHECK(history.first_step() == 1);
    CHECK(history.capacity() >= 12);  // reserved in begin() from the step bound
    f.est.train(f.in, xest::steps{3}, history);
    CHECK(history.size() == 15);
}

TEST_CASE("hooks::csv_logger through train writes step, loss and learning rate")
{
    fixture f;
    auto const path = std::filesystem::temp_directory_path() / "xest_est_csv_logger.csv";
    f.est.train(f.in, xest::steps{6}, xest::hooks::csv_logger{.path = path, .every_n_steps = 2}, f.recorder());
    std::ifstream file(path);
    std::string line;
    std::vector<std::string> lines;
    while (std::getline(file, line))
    {
        lines.push_back(line);
    }
    std::filesystem::remove(path);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == "step,loss,learning_rate");
    for (int k = 1; k <= 3; ++k)
    {
        long long step = 0;
        double loss = 0, lr = 0;
        REQUIRE(std::sscanf(lines[std::size_t(k)].c_str(), "%lld,%lf,%lf", &step, &loss, &lr) == 3);
        CHECK(step == 2 * k);
        CHECK(float(loss) == f.losses[std::size_t(2 * k - 1)]);  // %.9g round-trips a float
        CHECK(float(lr) == 0.01f);
    }
}

TEST_CASE("hooks::progress_bar through train prints plain lines to a file")
{
    fixture f;
    std::FILE* out = std::tmpfile();
    f.est.train(f.in, xest::steps{20}, f.recorder(),
                xest::hooks::progress_bar{.out = out, .style = xest::hooks::progress_style::lines});
    auto const lines = lines_of(file_text(out));
    std::fclose(out);
    // total 20 from the step bound: a line every 2 steps.
    REQUIRE(lines.size() == 10);
    CHECK(lines[0].rfind("step 2/20 (10%): loss = " + format_g(f.losses[1]) + ",", 0) == 0);
    CHECK(lines[9].rfind("step 20/20 (100%): loss = " + format_g(f.losses[19]) + ",", 0) == 0);
}
