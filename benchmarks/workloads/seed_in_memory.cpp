// The in-memory seed program whose compile cost benchmarks/run.sh measures (target: under 3 s of
// CPU at -O2): the seed example's model (y = x·W + b) trained, evaluated and used for prediction
// by an in_memory_estimator, through <xestimator/in_memory.hpp> only, so no model-directory code
// is compiled (the #error below fails the build if any is).
#include <cstdio>

#include <xestimator/in_memory.hpp>

#if defined(XESTIMATOR_IO_CHECKPOINT_HPP) || defined(XESTIMATOR_IO_EVENT_WRITER_HPP) || defined(XESTIMATOR_ESTIMATOR_MODEL_DIRECTORY_HPP)
#error "the in-memory seed program compiled model-directory code"
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
            auto loss = xest::losses::mean_squared_error(labels, y);
            return xest::spec(mode).loss(loss).predictions(y).eval_metric("mean_squared_error",
                                                                           xest::metrics::mean_squared_error(labels, y));
        }
    };
}

int main()
{
    xt::xtensor<float, 1> x = {1.0f, 2.0f, 3.0f};
    xt::xtensor<float, 1> y = {2.0f, 4.0f, 5.9f};
    auto train_in = xest::inputs::from_arrays<1>(x, y, {.num_epochs = xest::repeat, .shuffle = true, .seed = 7});
    auto eval_in = xest::inputs::from_arrays<1>(x, y);
    xest::in_memory_estimator<linear_model, xest::optim::gradient_descent> est({.log_step_count_steps = 0}, {.learning_rate = 0.01f});
    est.train(train_in, xest::steps{100});
    auto const r = est.evaluate(eval_in);
    std::printf("loss %g mean_squared_error %g\n", r.loss, r["mean_squared_error"]);
    auto pred_in = xest::inputs::from_arrays<1>(x);
    for (auto const& p : est.predict(pred_in))
    {
        std::printf("prediction %g\n", double(p(0)));
    }
}
