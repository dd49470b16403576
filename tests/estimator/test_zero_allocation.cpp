// No heap allocation in the training step: global operator new/delete are replaced by counting
// versions, and a hook reads the count at the first after_step and at end(). Everything the
// estimator allocates (graph, hook tuple) is set up before the first step.

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <new>

#include <doctest/doctest.h>

#include "estimator_test_support.hpp"

#include "allocation_counter.hpp"

namespace
{
    /// Counts the allocations from the end of the first step to end(); optionally allocates once
    /// inside that window (to show the counter counts).
    struct allocation_window
    {
        std::int64_t* result;
        std::int64_t* steps_seen;
        bool allocate_at_step_500 = false;  // the 500th step of this call
        std::int64_t at_first_step = -1;

        void after_step(xest::step_info const&)
        {
            ++*steps_seen;
            if (at_first_step < 0)
            {
                at_first_step = xest_test::allocations.load(std::memory_order_relaxed);
            }
            if (allocate_at_step_500 && *steps_seen == 500)
            {
                int* volatile p = new int(5);
                delete p;
            }
        }
        void end(xest::step_info const&)
        {
            *result = xest_test::allocations.load(std::memory_order_relaxed) - at_first_step;
        }
    };

    struct mlp
    {
        xest::nn::dense<64, 32, xest::nn::relu, "hidden"> hidden;
        xest::nn::dense<32, 10, xest::nn::linear, "logits"> out;

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            auto logits = out(hidden(features));
            return xest::spec(mode)
                .loss(xest::losses::sparse_softmax_cross_entropy(labels, logits))
                .predictions(logits)
                .eval_metric("accuracy", xest::metrics::accuracy(labels, logits));
        }
    };

    struct mlp_data
    {
        xt::xtensor<float, 2> x = xt::xtensor<float, 2>::from_shape({256, 64});
        xt::xtensor<std::int32_t, 1> y = xt::xtensor<std::int32_t, 1>::from_shape({256});
        mlp_data()
        {
            std::uint32_t state = 12345;
            for (auto& v : x)
            {
                state = state * 1664525u + 1013904223u;
                v = float(state >> 8) / float(1u << 24) - 0.5f;
            }
            for (std::size_t i = 0; i < 256; ++i)
            {
                y(i) = std::int32_t(i % 10);
            }
        }
    };

    /// The seed example's model, as written there.
    struct linear_model
    {
        xest::param<"weights", xest::shape<1, 1>> W{xest::init::random_normal{}};
        xest::param<"bias", xest::shape<1>> b{xest::init::zeros{}};

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            auto y_predicted = xest::matmul(features, W) + b;
            auto loss = xest::losses::mean_squared_error(labels, y_predicted);
            return xest::spec(mode)
                .loss(loss)
                .predictions(y_predicted)
                .summary("training_loss", loss)
                .eval_metric("mean_squared_error", xest::metrics::mean_squared_error(labels, y_predicted));
        }
    };

    template <class Est, class Input, class... Hooks>
    std::int64_t allocations_in_steps(Est& est, Input& in, bool allocate_once, Hooks&&... hooks)
    {
        std::int64_t result = -1, steps = 0;
        auto const r = est.train(in, xest::steps{1000}, hooks..., allocation_window{&result, &steps, allocate_once});
        CHECK(r.steps == 1000);
        CHECK(steps == 1000);
        return result;
    }
}

TEST_CASE("zero allocation: the counter counts")
{
    xest_test::skip_without_allocation_counting();
    std::int64_t const before = xest_test::allocations.load();
    int* volatile p = new int(1);
    delete p;
    CHECK(xest_test::allocations.load() - before == 1);
}

TEST_CASE("zero allocation: 1000 steps of a 64-32-10 MLP with adam and hooks::logging")
{
    xest_test::skip_without_allocation_counting();
    mlp_data d;
    auto in = xest::inputs::from_arrays<32, 64>(d.x, d.y, {.num_epochs = xest::inputs::repeat, .shuffle = true, .seed = 1});
    xest::estimator<mlp, xest::optim::adam> est({.log_step_count_steps = 0}, {.learning_rate = 0.001f});
    std::FILE* log = std::tmpfile();
    REQUIRE(log != nullptr);
    static char buffer[1 << 14];
    std::setvbuf(log, buffer, _IOFBF, sizeof buffer);
    xest::hooks::logging logging{.every_n_steps = 400, .out = log};

    CHECK(allocations_in_steps(est, in, false, logging) == 0);
    // The window sees an allocation made inside it.
    CHECK(allocations_in_steps(est, in, true, logging) == 1);
    std::fclose(log);
    CHECK(est.global_step() == 2000);
}

TEST_CASE("zero allocation: 1000 steps of the seed linear model with a loss-summing hook")
{
    xest_test::skip_without_allocation_counting();
    xt::xtensor<float, 1> x = {1.0f, 2.0f, 3.0f};
    xt::xtensor<float, 1> y = {2.0f, 4.0f, 5.9f};
    auto in = xest::inputs::from_arrays<1>(x, y, {.num_epochs = xest::inputs::repeat, .shuffle = true, .seed = 7});
    xest::estimator<linear_model, xest::optim::gradient_descent> est({.log_step_count_steps = 0}, {.learning_rate = 0.01f});
    double sum = 0.0;
    auto summing = [&sum](float loss) { sum += loss; };
    CHECK(allocations_in_steps(est, in, false, summing) == 0);
    CHECK(sum > 0.0);
    CHECK(allocations_in_steps(est, in, true, summing) == 1);
}
