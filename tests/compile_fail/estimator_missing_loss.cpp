// expect: train() and evaluate() need a loss
// A spec without .loss(...) can predict but not train.
#include <xestimator/xestimator.hpp>

struct no_loss_model
{
    xest::param<"w", xest::shape<1, 1>> w{xest::init::zeros{}};

    template <class Mode>
    auto operator()(auto const& x, auto const& y, Mode mode) const
    {
        auto p = xest::matmul(x, w);
#ifdef XEST_COMPILE_FAIL_OK
        return xest::spec(mode).loss(xest::losses::mean_squared_error(y, p)).predictions(p);
#else
        (void)y;
        return xest::spec(mode).predictions(p);
#endif
    }
};

int main()
{
    xt::xtensor<float, 1> x = {1.0f, 2.0f};
    xt::xtensor<float, 1> y = {2.0f, 4.0f};
    xest::estimator<no_loss_model, xest::optim::gradient_descent> est({.log_step_count_steps = 0});
    auto in = xest::inputs::from_arrays<1>(x, y);
    return static_cast<int>(est.train(in, xest::steps{1}).steps) - 1;
}
