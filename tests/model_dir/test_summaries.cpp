// Summaries in a model directory, read back by the independent event-file reader
// (tests/support/event_reader.hpp): tags, steps and values of training and evaluation.
#include <doctest/doctest.h>

#include "model_dir_support.hpp"

namespace xe = xest;
using xest_test::linear_model;

namespace
{
    using linear_estimator = xe::estimator<linear_model, xe::optim::gradient_descent>;

    xe::run_config summary_config(std::filesystem::path const& dir)
    {
        return {.model_dir = dir.string(), .save_summary_steps = 10, .log_step_count_steps = 0};
    }
}

TEST_CASE("train summaries: loss, spec summaries and global_step/sec at steps 1, 10, 20, ... with the hook's loss values")
{
    xest_test::scratch_dir tmp;
    auto const dir = tmp / "my_model";
    auto const x = xest_test::seed_x();
    auto const y = xest_test::seed_y();
    auto train_in = xe::inputs::from_arrays<1>(x, y, {.num_epochs = xe::inputs::repeat, .shuffle = true, .seed = 7});

    std::map<std::int64_t, float> seen;
    {
        linear_estimator est(summary_config(dir), {.learning_rate = 0.01f});
        est.train(train_in, xe::steps{95}, [&](xe::step_info const& s) { seen[s.step] = s.loss; });
        REQUIRE(est.global_step() == 95);
    }
    REQUIRE(seen.size() == 95u);

    auto const r = xest_test::read_events(dir);
    CHECK(r.exit_code == 0);
    CHECK(r.errors == 0);
    CHECK_FALSE(r.truncated);
    CHECK(r.files == 1);

    std::vector<std::int64_t> const expected = {1, 10, 20, 30, 40, 50, 60, 70, 80, 90};
    CHECK(r.steps(".", "loss") == expected);
    CHECK(r.steps(".", "training_loss") == expected);
    // The rate needs an interval: none at the first step of a fresh model.
    CHECK(r.steps(".", "global_step/sec") == std::vector<std::int64_t>(expected.begin() + 1, expected.end()));

    for (auto const& p : r.series(".", "loss"))
    {
        INFO("step " << p.step);
        REQUIRE(seen.count(p.step) == 1u);
        CHECK(static_cast<float>(p.value) == seen[p.step]);
        CHECK(p.value == double(seen[p.step])); // stored as float32: widening is exact
    }
    for (auto const& p : r.series(".", "training_loss"))
    {
        INFO("step " << p.step);
        CHECK(static_cast<float>(p.value) == seen[p.step]);
    }
    for (auto const& p : r.series(".", "global_step/sec"))
    {
        CHECK(p.value > 0.0);
    }
}

TEST_CASE("evaluate writes loss and metrics to model_dir/eval at the global step, a named evaluation to eval_<name>")
{
    xest_test::scratch_dir tmp;
    auto const dir = tmp / "my_model";
    auto const x = xest_test::seed_x();
    auto const y = xest_test::seed_y();
    auto train_in = xe::inputs::from_arrays<1>(x, y, {.num_epochs = xe::inputs::repeat, .shuffle = true, .seed = 7});
    auto eval_in = xe::inputs::from_arrays<1>(x, y);

    linear_estimator est(summary_config(dir), {.learning_rate = 0.01f});
    est.train(train_in, xe::steps{40});
    auto const first = est.evaluate(eval_in);
    CHECK(first.global_step == 40);
    est.train(train_in, xe::steps{25});
    auto const second = est.evaluate(eval_in);
    CHECK(second.global_step == 65);
    auto const named = est.evaluate(eval_in, {.name = "holdout"});
    CHECK(named.global_step == 65);
    CHECK(std::filesystem::is_directory(dir / "eval"));
    CHECK(std::filesystem::is_directory(dir / "eval_holdout"));

    auto const r = xest_test::read_events(dir);
    CHECK(r.exit_code == 0);
    CHECK(r.errors == 0);

    auto const loss = r.series("eval", "loss");
    REQUIRE(loss.size() == 2u);
    CHECK(loss[0].step == 40);
    CHECK(static_cast<float>(loss[0].value) == static_cast<float>(first.loss));
    CHECK(loss[1].step == 65);
    CHECK(static_cast<float>(loss[1].value) == static_cast<float>(second.loss));
    auto const mse = r.series("eval", "mean_squared_error");
    REQUIRE(mse.size() == 2u);
    CHECK(mse[0].step == 40);
    CHECK(static_cast<float>(mse[0].value) == static_cast<float>(first["mean_squared_error"]));
    CHECK(mse[1].step == 65);
    CHECK(static_cast<float>(mse[1].value) == static_cast<float>(second["mean_squared_error"]));

    // Loss and MSE metric of this model are the same quantity, computed two ways.
    CHECK(first.loss == doctest::Approx(first["mean_squared_error"]).epsilon(1e-6));
    // The metric is independent: the mean squared error of the trained line over the 3 examples.
    double const w = est.get_variable_value("weights")(0, 0);
    double const b = est.get_variable_value("bias")(0);
    double sq = 0.0;
    for (std::size_t i = 0; i < 3; ++i)
    {
        double const d = w * double(x(i)) + b - double(y(i));
        sq += d * d;
    }
    CHECK(second["mean_squared_error"] == doctest::Approx(sq / 3.0).epsilon(1e-5));

    auto const held = r.series("eval_holdout", "loss");
    REQUIRE(held.size() == 1u);
    CHECK(held[0].step == 65);
    CHECK(static_cast<float>(held[0].value) == static_cast<float>(named.loss));
    CHECK(r.steps("eval_holdout", "mean_squared_error") == std::vector<std::int64_t>{65});
    // Training summaries stay in their own run.
    CHECK(r.series("eval", "training_loss").empty());
    CHECK(r.steps(".", "loss").front() == 1);
}
