// expect: xestimator: the model function reads a param that is not a member of the model
// A param created inside the model function: it is not part of the model, so it could not be trained.
#include <xestimator/xestimator.hpp>

struct linear_model
{
    xest::param<"w", xest::shape<1, 1>> w{xest::init::zeros{}};
#ifdef XEST_COMPILE_FAIL_OK
    xest::param<"b", xest::shape<1>> b{xest::init::zeros{}};
#endif

    template <class Mode>
    auto operator()(auto const& x, auto const& y, Mode mode) const
    {
#ifndef XEST_COMPILE_FAIL_OK
        static xest::param<"b", xest::shape<1>> b{xest::init::zeros{}};
#endif
        auto p = xest::matmul(x, w) + b;
        return xest::spec(mode).loss(xest::losses::mean_squared_error(y, p)).predictions(p);
    }
};

int main()
{
    xt::xtensor<float, 1> x = {1.0f, 2.0f};
    xt::xtensor<float, 1> y = {2.0f, 4.0f};
    xest::estimator<linear_model, xest::optim::gradient_descent> est({.log_step_count_steps = 0});
    auto in = xest::inputs::from_arrays<1>(x, y);
    return static_cast<int>(est.train(in, xest::steps{1}).steps) - 1;
}
