// expect: xestimator: the loss must be a scalar: reduce it with xest::mean(...) or use a loss from xest::losses.
// The per-example squared errors given as the loss, not their mean.
#include <xestimator/xestimator.hpp>

struct linear_model
{
    xest::param<"w", xest::shape<1, 1>> w{xest::init::zeros{}};

    template <class Mode>
    auto operator()(auto const& x, auto const& y, Mode mode) const
    {
        auto p = xest::matmul(x, w);
        auto e = xest::square(p - y);
#ifdef XEST_COMPILE_FAIL_OK
        return xest::spec(mode).loss(xest::mean(e)).predictions(p);
#else
        return xest::spec(mode).loss(e).predictions(p);
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
