// Hooks through estimator::train: the step/loss sequence they see equals the analytic MSE of a
// tiny linear problem, hooks given as template arguments and per call both run, and cadences.

#include <cmath>
#include <vector>

#include <doctest/doctest.h>

#include "estimator_test_support.hpp"

using est_test::line_data;
using est_test::linear_model;
using est_test::record;
using est_test::spy;

namespace
{
    /// Plain gradient descent on (w·x + b - y)², one example per step, in double: the loss of each
    /// step before its update.
    std::vector<double> reference_losses(line_data const& d, int steps, double lr)
    {
        double w = 0.5, b = -0.25;  // linear_model's initial values
        std::vector<double> losses;
        for (int k = 0; k < steps; ++k)
        {
            std::size_t const i = std::size_t(k) % d.x.size();
            double const x = d.x(i), y = d.y(i);
            double const e = w * x + b - y;
            losses.push_back(e * e);
            w -= lr * 2.0 * e * x;
            b -= lr * 2.0 * e;
        }
        return losses;
    }

    struct every_3
    {
        static constexpr std::int64_t every_n_steps = 3;
        std::vector<std::int64_t>* steps;
        void after_step(xest::step_info const& s) { steps->push_back(s.step); }
    };

    template <class Est>
    struct loss_from_params
    {
        Est* est = nullptr;
        line_data const* d = nullptr;
        std::vector<double>* out = nullptr;
        // Before the update the model holds the params this step's loss was computed from.
        bool before_update(xest::step_info const& s)
        {
            std::size_t const i = std::size_t(s.step - 1) % d->x.size();
            double const w = est->model().W.value(0, 0);
            double const b = est->model().b.value(0);
            double const e = w * d->x(i) + b - d->y(i);
            out->push_back(e * e);
            return false;
        }
    };
}

TEST_CASE("hooks: template and per-call hooks see the analytic loss at every step")
{
    line_data d;
    auto in = xest::inputs::from_arrays<1>(d.x, d.y, {.num_epochs = xest::inputs::repeat});
    std::vector<record> held, passed;
    using estimator_type = xest::estimator<linear_model, xest::optim::gradient_descent, spy>;
    estimator_type est(est_test::quiet(), {.learning_rate = 0.05f}, spy{&held});

    std::vector<double> recomputed;
    loss_from_params<estimator_type> check{&est, &d, &recomputed};
    auto const r = est.train(in, xest::steps{25}, spy{&passed}, check);
    REQUIRE(r.steps == 25);

    auto const expected = reference_losses(d, 25, 0.05);
    for (auto const* seen : {&held, &passed})
    {
        REQUIRE(seen->size() == 2 + 25 * 2);
        CHECK(seen->front().what == 'b');
        CHECK(seen->front().step == 0);
        auto const after = est_test::only(*seen, 'a');
        auto const before = est_test::only(*seen, 'u');
        REQUIRE(after.size() == 25);
        REQUIRE(before.size() == 25);
        for (std::size_t k = 0; k < 25; ++k)
        {
            CAPTURE(k);
            CHECK(after[k].step == std::int64_t(k + 1));
            CHECK(before[k].step == std::int64_t(k + 1));
            CHECK(before[k].loss == after[k].loss);
            CHECK(double(after[k].loss) == doctest::Approx(expected[k]).epsilon(1e-4));
            CHECK(double(after[k].loss) == doctest::Approx(recomputed[k]).epsilon(1e-5));
        }
        CHECK(seen->back().what == 'e');
        CHECK(seen->back().step == 25);
        CHECK(seen->back().loss == after.back().loss);
    }
    CHECK(r.loss == passed[passed.size() - 2].loss);

    // A second call: begin() sees the restored step, the sequence continues.
    held.clear();
    passed.clear();
    est.train(in, xest::steps{5}, spy{&passed});
    auto const expected30 = reference_losses(d, 30, 0.05);
    CHECK(held.front().step == 25);
    auto const after = est_test::only(held, 'a');
    REQUIRE(after.size() == 5);
    CHECK(after[0].step == 26);
    CHECK(double(after[4].loss) == doctest::Approx(expected30[29]).epsilon(1e-4));
    CHECK(passed.size() == held.size());
}

TEST_CASE("hooks: template hooks run before per-call hooks at every point")
{
    struct tagged
    {
        char tag;
        std::vector<char>* order;
        void begin(xest::run_info const&) { order->push_back(tag); }
        void after_step(xest::step_info const&) { order->push_back(tag); }
        void end(xest::step_info const&) { order->push_back(tag); }
    };
    line_data d;
    auto in = xest::inputs::from_arrays<1>(d.x, d.y, {.num_epochs = xest::inputs::repeat});
    std::vector<char> order;
    xest::estimator<linear_model, xest::optim::gradient_descent, tagged> est(est_test::quiet(), {}, tagged{'T', &order});
    est.train(in, xest::steps{2}, tagged{'C', &order});
    CHECK(std::string(order.begin(), order.end()) == "TCTCTCTC");
}

TEST_CASE("hooks: cadence as a static constant or a member function")
{
    struct every_n
    {
        std::int64_t n;
        std::vector<std::int64_t>* steps;
        std::int64_t every_n_steps() const { return n; }
        void after_step(xest::step_info const& s) { steps->push_back(s.step); }
    };
    line_data d;
    auto in = xest::inputs::from_arrays<1>(d.x, d.y, {.num_epochs = xest::inputs::repeat});
    std::vector<std::int64_t> by3, by4, all;
    xest::estimator<linear_model, xest::optim::gradient_descent> est(est_test::quiet(), {});
    est.train(in, xest::steps{10}, every_3{&by3}, every_n{4, &by4}, every_n{1, &all});
    CHECK(by3 == std::vector<std::int64_t>{3, 6, 9});
    CHECK(by4 == std::vector<std::int64_t>{4, 8});
    CHECK(all.size() == 10);
    // The cadence follows the global step, not the call.
    by3.clear();
    est.train(in, xest::steps{4}, every_3{&by3}, every_n{4, &by4}, every_n{1, &all});
    CHECK(by3 == std::vector<std::int64_t>{12});
    CHECK(by4 == std::vector<std::int64_t>{4, 8, 12});
}
