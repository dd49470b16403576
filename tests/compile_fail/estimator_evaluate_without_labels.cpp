// expect: xestimator: evaluate() needs an input with labels: inputs::from_arrays<B>(features, labels).
// Evaluating on an input built without labels.
#include <xestimator/xestimator.hpp>

struct linear_model
{
    xest::param<"w", xest::shape<1, 1>> w{xest::init::zeros{}};

    template <class Mode>
    auto operator()(auto const& x, auto const& y, Mode mode) const
    {
        auto p = xest::matmul(x, w);
        return xest::spec(mode).loss(xest::losses::mean_squared_error(y, p)).predictions(p);
    }
};

int main()
{
    xt::xtensor<float, 1> x = {1.0f, 2.0f};
    xt::xtensor<float, 1> y = {2.0f, 4.0f};
    xest::estimator<linear_model, xest::optim::gradient_descent> est({.log_step_count_steps = 0});
#ifdef XEST_COMPILE_FAIL_OK
    auto in = xest::inputs::from_arrays<1>(x, y);
#else
    auto in = xest::inputs::from_arrays<1>(x);
    (void)y;
#endif
    return est.evaluate(in).loss >= 0.0 ? 0 : 1;
}
