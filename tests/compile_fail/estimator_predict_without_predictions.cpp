// expect: xestimator: predict() needs predictions: return xest::spec(mode).predictions(expr)
// A model function that returns only a loss, then used to predict.
#include <xestimator/xestimator.hpp>

struct loss_only_model
{
    xest::param<"w", xest::shape<1, 1>> w{xest::init::zeros{}};

    template <class Mode>
    auto operator()(auto const& x, auto const& y, Mode mode) const
    {
        auto p = xest::matmul(x, w);
        if constexpr (std::is_same_v<Mode, xest::mode::predict>)
        {
#ifdef XEST_COMPILE_FAIL_OK
            return xest::spec(mode).predictions(p);
#else
            return xest::spec(mode);
#endif
        }
        else
        {
            return xest::spec(mode).loss(xest::losses::mean_squared_error(y, p)).predictions(p);
        }
    }
};

int main()
{
    xt::xtensor<float, 1> x = {1.0f, 2.0f};
    xest::estimator<loss_only_model, xest::optim::gradient_descent> est({.log_step_count_steps = 0});
    auto in = xest::inputs::from_arrays<1>(x);
    return static_cast<int>(est.predict(in).size()) - 2;
}
