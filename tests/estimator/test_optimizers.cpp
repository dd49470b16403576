// Every optimizer through the estimator lowers the loss of a small regression; a schedule's
// learning rate reaches the hooks.

#include <doctest/doctest.h>

#include "estimator_test_support.hpp"

namespace
{
    /// y = x·W + b with two features.
    struct plane_model
    {
        xest::param<"W", xest::shape<2, 1>> W{xest::init::zeros{}};
        xest::param<"b", xest::shape<1>> b{xest::init::zeros{}};

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            auto y = xest::matmul(features, W) + b;
            return xest::spec(mode).loss(xest::losses::mean_squared_error(labels, y)).predictions(y);
        }
    };

    /// 32 points of y = 3·x0 - 2·x1 + 0.5 on a grid in [-1, 1]².
    struct plane_data
    {
        xt::xtensor<float, 2> x = xt::xtensor<float, 2>::from_shape({32, 2});
        xt::xtensor<float, 1> y = xt::xtensor<float, 1>::from_shape({32});
        plane_data()
        {
            for (std::size_t i = 0; i < 32; ++i)
            {
                x(i, 0) = -1.0f + 2.0f * float(i % 8) / 7.0f;
                x(i, 1) = -1.0f + 2.0f * float(i / 8) / 3.0f;
                y(i) = 3.0f * x(i, 0) - 2.0f * x(i, 1) + 0.5f;
            }
        }
    };

    /// Evaluation loss after 300 steps divided by the loss before training.
    template <class Optimizer>
    double loss_ratio(Optimizer opt)
    {
        plane_data d;
        auto train_in = xest::inputs::from_arrays<8, 2>(d.x, d.y, {.num_epochs = xest::inputs::repeat, .shuffle = true, .seed = 3});
        auto eval_in = xest::inputs::from_arrays<32, 2>(d.x, d.y);
        xest::estimator<plane_model, Optimizer> est(est_test::quiet(), opt);
        double const before = est.evaluate(eval_in).loss;
        est.train(train_in, xest::steps{300});
        double const after = est.evaluate(eval_in).loss;
        MESSAGE(before, " -> ", after);
        return after / before;
    }
}

TEST_CASE("optimizers: each lowers the loss through the estimator")
{
    namespace o = xest::optim;
    CHECK(loss_ratio(o::gradient_descent{.learning_rate = 0.05f}) < 0.01);
    CHECK(loss_ratio(o::momentum{.learning_rate = 0.02f, .momentum = 0.9f}) < 0.01);
    CHECK(loss_ratio(o::momentum{.learning_rate = 0.02f, .momentum = 0.9f, .use_nesterov = true}) < 0.01);
    CHECK(loss_ratio(o::adagrad{.learning_rate = 0.3f}) < 0.05);
    CHECK(loss_ratio(o::rmsprop{.learning_rate = 0.01f}) < 0.05);
    CHECK(loss_ratio(o::adam{.learning_rate = 0.05f}) < 0.01);
    CHECK(loss_ratio(o::adamw{.learning_rate = 0.05f, .weight_decay = 0.001f}) < 0.01);
    CHECK(loss_ratio(o::ftrl{.learning_rate = 0.5f}) < 0.05);
    CHECK(loss_ratio(o::clip_by_global_norm<o::gradient_descent>{{.learning_rate = 0.05f}, 1.0f}) < 0.01);
}

TEST_CASE("optimizers: a schedule's learning rate is the one used and reported at each step")
{
    plane_data d;
    auto train_in = xest::inputs::from_arrays<8, 2>(d.x, d.y, {.num_epochs = xest::inputs::repeat});
    xest::optim::exponential_decay const decay{.initial_learning_rate = 0.1f, .decay_steps = 10, .decay_rate = 0.5f};
    auto opt = xest::optim::schedule(xest::optim::gradient_descent{}, decay);
    xest::estimator<plane_model, decltype(opt)> est(est_test::quiet(), opt);
    std::vector<std::pair<std::int64_t, float>> seen;
    est.train(train_in, xest::steps{25}, [&](xest::step_info const& s) { seen.emplace_back(s.step, s.learning_rate); });
    REQUIRE(seen.size() == 25);
    for (auto const& entry : seen)
    {
        std::int64_t const step = entry.first;
        float const lr = entry.second;
        CAPTURE(step);
        // The update producing global step s is made at global step s - 1.
        CHECK(lr == doctest::Approx(0.1 * std::pow(0.5, double(step - 1) / 10.0)).epsilon(1e-6));
    }
}
