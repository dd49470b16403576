// Misuses that used to end silently or wrongly: step bounds that overflow or are negative,
// evaluating nothing, evaluating or predicting an input that never ends, a NaN loss with the
// default NaN check (and with it turned off), early_stopping where there is nothing to watch,
// two estimators taking turns in one model directory, and the rollback's learning-rate scale
// across a checkpoint.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include <unistd.h>

#include <doctest/doctest.h>

#include "estimator_test_support.hpp"
#include "test_files.hpp"

namespace
{
    using est_test::line_data;
    using estimator_type = xest::estimator<est_test::linear_model, xest::optim::gradient_descent>;

    auto repeat_input(line_data const& d)
    {
        return xest::inputs::from_arrays<2>(d.x, d.y, {.num_epochs = xest::inputs::repeat});
    }
}

TEST_CASE("steps{INT64_MAX} after some steps means no step bound, and negative bounds are refused")
{
    line_data d;
    auto in = xest::inputs::from_arrays<2>(d.x, d.y, {.num_epochs = 3});
    estimator_type est(est_test::quiet(), {.learning_rate = 0.01f});
    est.train(in, xest::steps{4});
    auto const r = est.train(in, xest::steps{std::numeric_limits<std::int64_t>::max()});
    CHECK(r.reason == xest::stop_reason::input_exhausted);
    CHECK(r.steps > 0);
    CHECK_THROWS_WITH_AS(est.train(in, xest::steps{-1}), doctest::Contains("steps{-1} is negative"), xest::config_error);
    CHECK_THROWS_WITH_AS(est.train(in, xest::max_steps{-3}), doctest::Contains("max_steps{-3} is negative"),
                         xest::config_error);
}

TEST_CASE("evaluate: zero batches, or an input with no example, is an error and not a perfect score")
{
    line_data d;
    estimator_type est(est_test::quiet(), {.learning_rate = 0.01f});
    auto ev = xest::inputs::from_arrays<2>(d.x, d.y);
    CHECK_THROWS_WITH_AS(est.evaluate(ev, xest::steps{0}), doctest::Contains("steps = 0 evaluates nothing"), xest::config_error);
    CHECK_THROWS_AS(est.evaluate(ev, xest::steps{-2}), xest::config_error);
    CHECK(est.evaluate(ev, xest::steps{1}).num_examples == 2);
}

TEST_CASE("evaluate and predict refuse an input that repeats forever")
{
    line_data d;
    estimator_type est(est_test::quiet(), {.learning_rate = 0.01f});
    auto forever = repeat_input(d);
    CHECK_THROWS_WITH_AS(est.evaluate(forever), doctest::Contains("repeats forever"), xest::config_error);
    auto features_forever = xest::inputs::from_arrays<2>(d.x, {.num_epochs = xest::inputs::repeat});
    CHECK_THROWS_WITH_AS(est.predict(features_forever), doctest::Contains("repeats forever"), xest::config_error);
}

TEST_CASE("the default NaN check stops before a non-finite update, check_nan = false lets it through")
{
    line_data d;
    auto in = repeat_input(d);
    estimator_type checked(est_test::quiet(), {.learning_rate = 1e30f});
    CHECK_THROWS_WITH_AS(checked.train(in, xest::steps{50}), doctest::Contains("was not applied"), xest::nan_loss_error);
    CHECK(std::isfinite(checked.get_variable_value("weights")(0, 0)));

    auto in2 = repeat_input(d);
    xest::run_config unchecked = est_test::quiet();
    unchecked.check_nan = false;
    estimator_type est(unchecked, {.learning_rate = 1e30f});
    CHECK_NOTHROW(est.train(in2, xest::steps{50}));
    CHECK_FALSE(std::isfinite(est.get_variable_value("weights")(0, 0)));
}

TEST_CASE("non-finite params are never checkpointed over a finite model")
{
    xest_test::scratch_dir tmp;
    auto const dir = tmp / "model";
    line_data d;
    auto in = repeat_input(d);
    {
        estimator_type good({.model_dir = dir.string(), .log_step_count_steps = 0}, {.learning_rate = 0.01f});
        good.train(in, xest::steps{3});
    }
    xest::run_config c{.model_dir = dir.string(), .log_step_count_steps = 0, .check_nan = false};
    estimator_type bad(c, {.learning_rate = 1e30f});
    CHECK_THROWS_WITH_AS(bad.train(in, xest::steps{50}), doctest::Contains("holds a NaN or an infinity"), xest::checkpoint_error);
    estimator_type reread({.model_dir = dir.string(), .log_step_count_steps = 0}, {.learning_rate = 0.01f});
    CHECK(reread.global_step() == 3);
    CHECK(std::isfinite(reread.get_variable_value("weights")(0, 0)));
}

TEST_CASE("early_stopping on evaluations passed to train() is refused, through train_and_evaluate it works")
{
    line_data d;
    auto in = repeat_input(d);
    estimator_type est(est_test::quiet(), {.learning_rate = 0.01f});
    CHECK_THROWS_WITH_AS(est.train(in, xest::steps{10}, xest::hooks::early_stopping{}),
                         doctest::Contains("pass the hook to train_and_evaluate"), xest::config_error);
    CHECK_NOTHROW(est.train(in, xest::steps{10}, xest::hooks::early_stopping{.patience = 3, .on_evaluation = false}));
    auto ev = xest::inputs::from_arrays<2>(d.x, d.y);
    auto const r = xest::train_and_evaluate(est, xest::train_spec{in, 200}, xest::eval_spec{ev, std::nullopt, "", 50},
                                            xest::hooks::early_stopping{.patience = 2});
    CHECK(r.global_step > 10);
}

TEST_CASE("two estimators on one model_dir: each train() starts from the other's latest checkpoint")
{
    xest_test::scratch_dir tmp;
    auto const dir = tmp / "model";
    line_data d;
    auto in = repeat_input(d);
    xest::run_config const c{.model_dir = dir.string(), .log_step_count_steps = 0};
    estimator_type a(c, {.learning_rate = 0.01f});
    estimator_type b(c, {.learning_rate = 0.01f});
    a.train(in, xest::steps{10});
    b.train(in, xest::steps{5});  // restores a's step 10 first
    CHECK(b.global_step() == 15);
    a.train(in, xest::steps{5});  // and a restores b's 15
    CHECK(a.global_step() == 20);

    // The same 20 steps by one estimator give the same params.
    xest_test::scratch_dir tmp2;
    auto in2 = repeat_input(d);
    estimator_type one({.model_dir = (tmp2 / "m").string(), .log_step_count_steps = 0}, {.learning_rate = 0.01f});
    one.train(in2, xest::steps{20});
    CHECK(one.get_variable_value("weights")(0, 0) == a.get_variable_value("weights")(0, 0));
    CHECK(one.get_variable_value("bias")(0) == a.get_variable_value("bias")(0));
}

TEST_CASE("a second writer while one trains gets io_error naming the holder, and loses nothing")
{
    xest_test::scratch_dir tmp;
    auto const dir = tmp / "model";
    line_data d;
    auto in = repeat_input(d);
    auto in2 = repeat_input(d);
    xest::run_config const c{.model_dir = dir.string(), .log_step_count_steps = 0};
    estimator_type a(c, {.learning_rate = 0.01f});
    estimator_type b(c, {.learning_rate = 0.01f});
    std::string refused;
    a.train(in, xest::steps{10},
            [&](xest::step_info const& s)
            {
                if (s.step == 5)
                {
                    try
                    {
                        b.train(in2, xest::steps{3});
                    }
                    catch (xest::io_error const& e)
                    {
                        refused = e.what();
                    }
                }
            });
    CHECK(est_test::contains(refused, "process " + std::to_string(::getpid())));
    CHECK(a.global_step() == 10);
    CHECK(b.global_step() == 0);
    b.train(in2, xest::steps{3});  // a is done: b continues from a's checkpoint
    CHECK(b.global_step() == 13);
}
