// train_and_evaluate: evaluation cadence, throttling, the stops (early stopping after an
// evaluation, a training hook, max_steps, input exhaustion) and the returned evaluation.

#include <vector>

#include <doctest/doctest.h>

#include "estimator_test_support.hpp"

using est_test::line_data;
using est_test::linear_model;

namespace
{
    using estimator_type = xest::estimator<linear_model, xest::optim::gradient_descent>;

    /// Records the global step and loss of every evaluation it is shown.
    struct eval_spy
    {
        std::vector<std::int64_t>* steps;
        std::vector<double>* losses;
        template <class R>
        void after_evaluation(R const& r)
        {
            steps->push_back(r.global_step);
            losses->push_back(r.loss);
        }
    };

    using steps_t = std::vector<std::int64_t>;
}

TEST_CASE("train_and_evaluate: evaluates every N steps up to max_steps and returns the last evaluation")
{
    line_data d;
    auto train_in = xest::inputs::from_arrays<1>(d.x, d.y, {.num_epochs = xest::inputs::repeat});
    auto eval_in = xest::inputs::from_arrays<4>(d.x, d.y);
    estimator_type est(est_test::quiet(), {.learning_rate = 0.01f});
    steps_t steps;
    std::vector<double> losses;
    std::vector<float> train_losses;
    auto const r = xest::train_and_evaluate(est, xest::train_spec{train_in, 100},
                                            xest::eval_spec<decltype(eval_in)>{.input = eval_in, .every_n_steps = 25},
                                            eval_spy{&steps, &losses}, [&](float l) { train_losses.push_back(l); });
    CHECK(steps == steps_t{25, 50, 75, 100});
    CHECK(train_losses.size() == 100);  // the hooks run in every training chunk
    CHECK(est.global_step() == 100);
    CHECK(r.global_step == 100);
    CHECK(r.num_examples == 10);
    // The in-memory params were evaluated: the same result as evaluate() now.
    CHECK(r.loss == est.evaluate(eval_in).loss);
    CHECK(losses.back() == r.loss);
    CHECK(losses.front() > losses.back());

    // max_steps already reached: no training, one evaluation.
    steps.clear();
    auto const again = xest::train_and_evaluate(est, xest::train_spec{train_in, 100}, xest::eval_spec{eval_in},
                                                eval_spy{&steps, &losses});
    CHECK(steps == steps_t{100});
    CHECK(again.loss == r.loss);
}

TEST_CASE("train_and_evaluate: hooks::early_stopping stops after evaluations without improvement")
{
    line_data d;
    auto train_in = xest::inputs::from_arrays<1>(d.x, d.y, {.num_epochs = xest::inputs::repeat});
    auto eval_in = xest::inputs::from_arrays<4>(d.x, d.y);
    estimator_type est(est_test::quiet(), {.learning_rate = 0.01f});
    steps_t steps;
    std::vector<double> losses;
    // No improvement can be as large as min_delta: the first evaluation is the best one.
    xest::hooks::early_stopping stopper{.patience = 2, .min_delta = 1e9};
    auto const r = xest::train_and_evaluate(est, xest::train_spec{train_in, 1000}, xest::eval_spec{eval_in, {}, "", 10},
                                            stopper, eval_spy{&steps, &losses});
    CHECK(steps == steps_t{10, 20, 30});
    CHECK(est.global_step() == 30);
    CHECK(r.global_step == 30);
    CHECK(stopper.stopped());
    CHECK(stopper.best_step() == 10);
    CHECK(stopper.best() == losses[0]);

    // A named metric, maximised: the error falls while training, so the second evaluation is
    // already no improvement and patience 1 stops there.
    estimator_type est2(est_test::quiet(), {.learning_rate = 0.01f});
    steps.clear();
    xest::hooks::early_stopping on_metric{.patience = 1, .metric = "mean_absolute_error", .maximize = true};
    xest::train_and_evaluate(est2, xest::train_spec{train_in, 1000}, xest::eval_spec{eval_in, {}, "", 10}, on_metric,
                             eval_spy{&steps, &losses});
    CHECK(steps == steps_t{10, 20});
    CHECK(on_metric.stopped());
}

TEST_CASE("train_and_evaluate: a training hook's stop and input exhaustion end the loop with an evaluation")
{
    line_data d;
    auto eval_in = xest::inputs::from_arrays<4>(d.x, d.y);
    steps_t steps;
    std::vector<double> losses;
    {
        auto train_in = xest::inputs::from_arrays<1>(d.x, d.y, {.num_epochs = xest::inputs::repeat});
        estimator_type est(est_test::quiet(), {.learning_rate = 0.01f});
        auto const r = xest::train_and_evaluate(est, xest::train_spec{train_in, 1000}, xest::eval_spec{eval_in, {}, "", 10},
                                                xest::hooks::stop_at_step{.last_step = 15}, eval_spy{&steps, &losses});
        CHECK(steps == steps_t{10, 15});
        CHECK(r.global_step == 15);
    }
    {
        steps.clear();
        auto one_epoch = xest::inputs::from_arrays<1>(d.x, d.y);  // 10 steps of batch 1
        estimator_type est(est_test::quiet(), {.learning_rate = 0.01f});
        auto const r = xest::train_and_evaluate(est, xest::train_spec{one_epoch, 1000}, xest::eval_spec{eval_in, {}, "", 4},
                                                eval_spy{&steps, &losses});
        CHECK(steps == steps_t{4, 8, 10});
        CHECK(r.global_step == 10);
    }
}

TEST_CASE("train_and_evaluate: throttle_secs skips evaluations, eval steps limit the batches")
{
    line_data d;
    auto train_in = xest::inputs::from_arrays<1>(d.x, d.y, {.num_epochs = xest::inputs::repeat});
    auto eval_in = xest::inputs::from_arrays<4>(d.x, d.y);
    estimator_type est(est_test::quiet(), {.learning_rate = 0.01f});
    steps_t steps;
    std::vector<double> losses;
    auto const r = xest::train_and_evaluate(est, xest::train_spec{train_in, 50},
                                            xest::eval_spec<decltype(eval_in)>{.input = eval_in, .steps = 2, .every_n_steps = 5,
                                                                               .throttle_secs = 1e9},
                                            eval_spy{&steps, &losses});
    CHECK(steps == steps_t{50});  // only the final evaluation
    CHECK(r.num_examples == 8);
}

TEST_CASE("train_and_evaluate: invalid specs throw config_error")
{
    line_data d;
    auto train_in = xest::inputs::from_arrays<1>(d.x, d.y, {.num_epochs = xest::inputs::repeat});
    auto eval_in = xest::inputs::from_arrays<4>(d.x, d.y);
    estimator_type est(est_test::quiet(), {});
    CHECK_THROWS_AS(xest::train_and_evaluate(est, xest::train_spec{train_in, 10}, xest::eval_spec{eval_in, {}, "", 0}),
                    xest::config_error);
    CHECK_THROWS_AS(xest::train_and_evaluate(est, xest::train_spec{train_in, 10}, xest::eval_spec{eval_in, {}, "", 5, -1.0}),
                    xest::config_error);
    CHECK_THROWS_AS(xest::train_and_evaluate(est, xest::train_spec{train_in, -1}, xest::eval_spec{eval_in}), xest::config_error);
    CHECK(est.global_step() == 0);
}
