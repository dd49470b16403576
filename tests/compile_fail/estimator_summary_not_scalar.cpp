// expect: xestimator: .summary(tag, x) writes a scalar: reduce x with xest::mean(...) first
// A scalar summary of the whole batch of predictions.
#include <xestimator/xestimator.hpp>

struct linear_model
{
    xest::param<"w", xest::shape<1, 1>> w{xest::init::zeros{}};

    template <class Mode>
    auto operator()(auto const& x, auto const& y, Mode mode) const
    {
        auto p = xest::matmul(x, w);
        return xest::spec(mode)
            .loss(xest::losses::mean_squared_error(y, p))
            .predictions(p)
#ifdef XEST_COMPILE_FAIL_OK
            .summary("prediction", xest::mean(p));
#else
            .summary("prediction", p);
#endif
    }
};

int main()
{
    xt::xtensor<float, 1> x = {1.0f, 2.0f};
    xt::xtensor<float, 1> y = {2.0f, 4.0f};
    xest::estimator<linear_model, xest::optim::gradient_descent> est({.log_step_count_steps = 0});
    auto in = xest::inputs::from_arrays<2>(x, y);
    return static_cast<int>(est.train(in, xest::steps{1}).steps) - 1;
}
