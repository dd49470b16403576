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

namespace
{
    /// y = relu(x·W1 + b1)·W2 + b2: 33 numbers, more than the loop keeps in local copies, so
    /// every gradient lies in the program's gradient block.
    struct hidden_model
    {
        xest::param<"W1", xest::shape<2, 8>> W1{xest::init::glorot_uniform{}};
        xest::param<"b1", xest::shape<8>> b1{xest::init::constant{0.1}};
        xest::param<"W2", xest::shape<8, 1>> W2{xest::init::glorot_uniform{}};
        xest::param<"b2", xest::shape<1>> b2{xest::init::zeros{}};

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            auto y = xest::matmul(xest::relu(xest::matmul(features, W1) + b1), W2) + b2;
            return xest::spec(mode).loss(xest::losses::mean_squared_error(labels, y)).predictions(y);
        }
    };

    /// Asks the loop to start backward from 0.5 (optim::has_loss_gradient_scale), records what
    /// preprocess sees, and doubles the gradients back: it must then train exactly as the rule.
    template <xest::optim::optimizer Optimizer, bool Double = true>
    class halved_then_doubled : public xest::optim::wrapper_base<halved_then_doubled<Optimizer, Double>, Optimizer>
    {
    public:
        halved_then_doubled(Optimizer opt = {})
            : m_opt(std::move(opt))
        {
        }
        Optimizer const& wrapped() const noexcept { return m_opt; }
        float loss_gradient_scale() const { return 0.5f; }

        template <class Each>
        void preprocess(Each&& each) const
        {
            seen_scale = each.loss_gradient_scale;
            auto const block = each.contiguous();
            block_size = block.size();
            all_in_block = true;
            gradient_numbers = 0;
            each([&](auto grad)
                 {
                     gradient_numbers += grad.size();
                     all_in_block = all_in_block && !block.empty() && grad.data() >= block.data()
                                    && grad.data() + grad.size() <= block.data() + block.size();
                     for (auto& g : grad)
                     {
                         g *= Double ? 2 : 1;
                     }
                 });
        }

        mutable float seen_scale = 0.0f;
        mutable std::size_t block_size = 0;
        mutable std::size_t gradient_numbers = 0;
        mutable bool all_in_block = false;

    private:
        Optimizer m_opt;
    };

    template <class Model, class Optimizer>
    std::vector<double> params_after_training(Optimizer opt, std::vector<std::string>& names)
    {
        plane_data d;
        auto in = xest::inputs::from_arrays<8, 2>(d.x, d.y, {.num_epochs = xest::inputs::repeat, .shuffle = true, .seed = 5});
        xest::estimator<Model, Optimizer> est(est_test::quiet(), opt);
        est.train(in, xest::steps{25});
        std::vector<double> all;
        names = est.get_variable_names();
        for (auto const& name : names)
        {
            auto const v = est.get_variable_value(name);
            all.insert(all.end(), v.begin(), v.end());
        }
        if constexpr (!std::is_same_v<Optimizer, xest::optim::gradient_descent>)
        {
            CHECK(est.optimizer().seen_scale == 0.5f);
            CHECK(est.optimizer().gradient_numbers == all.size());
            if constexpr (std::is_same_v<Model, hidden_model>)
            {
                // In one block, each gradient padded to XESTIMATOR_BUFFER_ALIGNMENT bytes.
                CHECK(est.optimizer().all_in_block);
                CHECK(est.optimizer().block_size >= all.size());
            }
            else
            {
                // The seed-sized model's gradients are the loop's local copies: no block.
                CHECK(est.optimizer().block_size == 0);
            }
        }
        return all;
    }
}

TEST_CASE("loss_gradient_scale: backward starts from it, and preprocess sees the gradients scaled by it")
{
    namespace o = xest::optim;
    static_assert(o::has_loss_gradient_scale<halved_then_doubled<o::gradient_descent>>);
    static_assert(!o::has_loss_gradient_scale<o::gradient_descent>);
    std::vector<std::string> names;
    std::vector<std::string> names_halved;
    // Halving and doubling are exact in binary: the params must agree bitwise.
    auto const plain = params_after_training<hidden_model>(o::gradient_descent{.learning_rate = 0.05f}, names);
    auto const scaled = params_after_training<hidden_model>(halved_then_doubled(o::gradient_descent{.learning_rate = 0.05f}), names_halved);
    CHECK(names == names_halved);
    CHECK(plain == scaled);
    // Without the doubling the steps are half as long: the comparison can fail.
    auto const halved = params_after_training<hidden_model>(halved_then_doubled<o::gradient_descent, false>({.learning_rate = 0.05f}), names_halved);
    CHECK(plain != halved);
    auto const small_plain = params_after_training<plane_model>(o::gradient_descent{.learning_rate = 0.05f}, names);
    auto const small_scaled = params_after_training<plane_model>(halved_then_doubled(o::gradient_descent{.learning_rate = 0.05f}), names_halved);
    CHECK(small_plain == small_scaled);
}
