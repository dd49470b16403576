// train(): step bounds, every way a run stops, and the fields of train_result.

#include <cmath>
#include <limits>
#include <numeric>

#include <doctest/doctest.h>

#include "estimator_test_support.hpp"

using est_test::line_data;
using est_test::linear_model;

namespace
{
    using estimator_type = xest::estimator<linear_model, xest::optim::gradient_descent>;

    auto repeat_input(line_data const& d)
    {
        return xest::inputs::from_arrays<1>(d.x, d.y, {.num_epochs = xest::inputs::repeat});
    }
}

TEST_CASE("train: steps{n} adds n steps, max_steps{n} trains up to n")
{
    line_data d;
    auto in = repeat_input(d);
    estimator_type est(est_test::quiet(), {.learning_rate = 0.01f});
    CHECK(est.global_step() == 0);

    auto r = est.train(in, xest::steps{5});
    CHECK(r.steps == 5);
    CHECK(r.global_step == 5);
    CHECK(r.reason == xest::stop_reason::step_bound);
    r = est.train(in, xest::steps{3});
    CHECK(r.steps == 3);
    CHECK(est.global_step() == 8);

    r = est.train(in, xest::max_steps{12});
    CHECK(r.steps == 4);
    CHECK(r.global_step == 12);
    CHECK(r.reason == xest::stop_reason::step_bound);
}

TEST_CASE("train: max_steps already reached is reported in the result and logged")
{
    line_data d;
    auto in = repeat_input(d);
    estimator_type est({.log_step_count_steps = 100}, {.learning_rate = 0.01f});
    {
        est_test::stderr_capture quiet;  // the first call logs its steps
        est.train(in, xest::max_steps{6});
        (void)quiet.text();
    }
    auto const w = est.get_variable_value("weights")(0, 0);
    est_test::stderr_capture capture;
    auto const r = est.train(in, xest::max_steps{6});
    // A smaller bound is "already reached" too.
    auto const smaller = est.train(in, xest::max_steps{2});
    std::string const err = capture.text();
    CHECK(smaller.reason == xest::stop_reason::already_at_max);
    CHECK(smaller.global_step == 6);
    CHECK(r.steps == 0);
    CHECK(r.global_step == 6);
    CHECK(r.reason == xest::stop_reason::already_at_max);
    CHECK(std::isnan(r.loss));
    CHECK(est.get_variable_value("weights")(0, 0) == w);
    CHECK(est_test::contains(err, "Skipping training since max_steps has already been reached (global_step = 6, "
                                  "max_steps = 6)"));
    CHECK(std::string(xest::to_string(xest::stop_reason::already_at_max)) == "max_steps already reached before training");
}

TEST_CASE("train: stops when the input is exhausted, with a partial last batch")
{
    line_data d;  // 10 examples, batch 4: batches of 4, 4, 2
    auto in = xest::inputs::from_arrays<4>(d.x, d.y);
    std::vector<std::size_t> sizes;
    estimator_type est(est_test::quiet(), {.learning_rate = 0.01f});
    auto const r = est.train(in, xest::steps{100}, [&](xest::step_info const& s) { sizes.push_back(s.batch_size); });
    CHECK(r.steps == 3);
    CHECK(r.global_step == 3);
    CHECK(r.reason == xest::stop_reason::input_exhausted);
    CHECK(sizes == std::vector<std::size_t>{4, 4, 2});

    // Without a step bound, the input alone ends the run.
    auto two_epochs = xest::inputs::from_arrays<4>(d.x, d.y, {.num_epochs = 2});
    estimator_type est2(est_test::quiet(), {.learning_rate = 0.01f});
    auto const r2 = est2.train(two_epochs);
    CHECK(r2.steps == 5);  // 20 examples in batches of 4
    CHECK(r2.reason == xest::stop_reason::input_exhausted);

    // A used-up finite input starts over on the next call, as TensorFlow's input_fn does.
    std::vector<std::size_t> again;
    auto const r3 = est.train(in, xest::steps{100}, [&](xest::step_info const& s) { again.push_back(s.batch_size); });
    CHECK(r3.steps == 3);
    CHECK(r3.global_step == 6);
    CHECK(again == std::vector<std::size_t>{4, 4, 2});
}

TEST_CASE("train: a hook returning true stops after that step")
{
    line_data d;
    auto in = repeat_input(d);
    estimator_type est(est_test::quiet(), {.learning_rate = 0.01f});
    int calls = 0;
    auto const r = est.train(in, xest::steps{100},
                             [&](xest::step_info const& s)
                             {
                                 ++calls;
                                 return s.step == 4;
                             });
    CHECK(calls == 4);
    CHECK(r.steps == 4);
    CHECK(est.global_step() == 4);
    CHECK(r.reason == xest::stop_reason::hook_requested);

    // A loss callable may stop too.
    auto const r2 = est.train(in, xest::steps{100}, [](float loss) { return loss < 1e9f; });
    CHECK(r2.steps == 1);
    CHECK(r2.reason == xest::stop_reason::hook_requested);
}

TEST_CASE("train: request_stop() stops after the current step")
{
    line_data d;
    auto in = repeat_input(d);
    estimator_type est(est_test::quiet(), {.learning_rate = 0.01f});
    int after = 0;
    auto const r = est.train(
        in, xest::steps{100},
        [](xest::step_info const& s)
        {
            if (s.step == 3)
            {
                s.request_stop();
            }
        },
        [&](xest::step_info const& s)
        {
            ++after;  // a later hook still sees step 3, and sees the request
            if (s.step == 3)
            {
                CHECK(s.stop_requested());
            }
        });
    CHECK(after == 3);
    CHECK(r.steps == 3);
    CHECK(r.reason == xest::stop_reason::hook_requested);
}

TEST_CASE("train: a hook's before_step can refuse a step before it runs")
{
    struct no_step_5
    {
        bool before_step(std::int64_t step) const { return step == 5; }
    };
    line_data d;
    auto in = repeat_input(d);
    estimator_type est(est_test::quiet(), {.learning_rate = 0.01f});
    auto const r = est.train(in, xest::steps{100}, no_step_5{});
    CHECK(r.steps == 4);
    CHECK(est.global_step() == 4);
    CHECK(r.reason == xest::stop_reason::hook_requested);
}

TEST_CASE("train_result: loss of the last step, mean loss of the call")
{
    line_data d;
    auto in = repeat_input(d);
    std::vector<float> losses;
    auto record = [&](float l) { losses.push_back(l); };

    estimator_type est(est_test::quiet(), {.learning_rate = 0.01f});
    auto const r = est.train(in, xest::steps{7}, record);
    REQUIRE(losses.size() == 7);
    CHECK(r.loss == losses.back());
    double const mean = std::accumulate(losses.begin(), losses.end(), 0.0) / 7.0;
    CHECK(r.mean_loss == doctest::Approx(mean).epsilon(1e-12));

    // The same with logging on: the log does not change what the call reports.
    line_data d2;
    auto in2 = repeat_input(d2);
    losses.clear();
    estimator_type logged({.log_step_count_steps = 4}, {.learning_rate = 0.01f});
    est_test::stderr_capture capture;
    auto const r2 = logged.train(in2, xest::steps{10}, record);
    (void)capture.text();
    REQUIRE(losses.size() == 10);
    CHECK(r2.mean_loss == doctest::Approx(std::accumulate(losses.begin(), losses.end(), 0.0) / 10.0).epsilon(1e-12));
    CHECK(r2.loss == losses[9]);
}

TEST_CASE("train: the losses go down on a well-posed problem")
{
    line_data d;
    auto in = xest::inputs::from_arrays<10>(d.x, d.y, {.num_epochs = xest::inputs::repeat});  // full-batch descent
    estimator_type est(est_test::quiet(), {.learning_rate = 0.05f});
    auto eval_in = xest::inputs::from_arrays<10>(d.x, d.y);
    double const before = est.evaluate(eval_in).loss;
    est.train(in, xest::steps{2000});
    double const after = est.evaluate(eval_in).loss;
    CHECK(after < before / 20);
    // Least squares on these ten points (closed form): w = 1.996970, b = 1.031818.
    CHECK(est.get_variable_value("weights")(0, 0) == doctest::Approx(1.996970).epsilon(1e-3));
    CHECK(est.get_variable_value("bias")(0) == doctest::Approx(1.031818).epsilon(1e-3));
}
