// The in-memory estimator compiles no file I/O: this file is built with fake <filesystem>,
// <fcntl.h> and <signal.h> that stop the compilation (tests/in_memory/poisoned, first on the
// include path), and checks that no io/ header was read. It then trains, evaluates and predicts
// for real, so the profile is a working estimator and not only a header set.

#include <cmath>
#include <type_traits>
#include <vector>

#include <doctest/doctest.h>

#include <xestimator/in_memory.hpp>

#if defined(XESTIMATOR_IO_CHECKPOINT_HPP) || defined(XESTIMATOR_IO_EVENT_WRITER_HPP) || defined(XESTIMATOR_IO_NPZ_HPP) \
    || defined(XESTIMATOR_IO_ATOMIC_FILE_HPP) || defined(XESTIMATOR_ESTIMATOR_MODEL_DIRECTORY_HPP)
#error "xestimator/in_memory.hpp included the model-directory layer"
#endif

namespace
{
    struct linear_model
    {
        xest::param<"weights", xest::shape<1, 1>> W{xest::init::random_normal{}};
        xest::param<"bias", xest::shape<1>> b{xest::init::zeros{}};

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            auto y = xest::matmul(features, W) + b;
            return xest::spec(mode)
                .loss(xest::losses::mean_squared_error(labels, y))
                .predictions(y)
                .eval_metric("mse", xest::metrics::mean_squared_error(labels, y));
        }
    };
}

TEST_CASE("in_memory_estimator trains, evaluates and predicts with no file I/O compiled in")
{
    xt::xtensor<float, 1> x = {1.0f, 2.0f, 3.0f, 4.0f};
    xt::xtensor<float, 1> y = {3.0f, 5.0f, 7.0f, 9.0f};  // y = 2x + 1
    auto in = xest::inputs::from_arrays<2>(x, y, {.num_epochs = xest::inputs::repeat, .shuffle = true, .seed = 3});
    xest::in_memory_estimator<linear_model, xest::optim::adam> est({.log_step_count_steps = 0}, {.learning_rate = 0.05f});
    auto const r = est.train(in, xest::steps{3000});
    CHECK(r.steps == 3000);
    CHECK(est.global_step() == 3000);
    CHECK(est.get_variable_value("weights")(0, 0) == doctest::Approx(2.0).epsilon(0.01));
    CHECK(est.get_variable_value("bias")(0) == doctest::Approx(1.0).epsilon(0.02));

    auto ev = xest::inputs::from_arrays<2>(x, y);
    auto const e = est.evaluate(ev);
    CHECK(e.num_examples == 4);
    CHECK(e.loss < 1e-3);
    CHECK(e["mse"] == doctest::Approx(e.loss));

    auto pin = xest::inputs::from_arrays<3>(x);
    auto const rows = est.predict(pin);
    REQUIRE(rows.size() == 4);
    CHECK(rows[3](0) == doctest::Approx(9.0).epsilon(0.01));
}

// A setting that means nothing without a model directory does not compile, rather than being
// silently ignored; the config holds no string, so nothing of it needs the allocator.
template <class Config>
concept has_model_dir_setting = requires(Config c) { c.model_dir; };
template <class Config>
concept has_summary_setting = requires(Config c) { c.save_summary_steps; };
static_assert(!has_model_dir_setting<xest::in_memory_config> && !has_summary_setting<xest::in_memory_config>);
static_assert(std::is_same_v<xest::in_memory_estimator<linear_model, xest::optim::adam>::config_type, xest::in_memory_config>);
static_assert(std::is_trivially_destructible_v<xest::in_memory_config>);

TEST_CASE("in_memory_estimator refuses a negative log cadence, naming the field")
{
    CHECK_THROWS_WITH_AS((xest::in_memory_estimator<linear_model, xest::optim::adam>({.log_step_count_steps = -1})),
                         doctest::Contains("in_memory_config.log_step_count_steps"), xest::config_error);
}
