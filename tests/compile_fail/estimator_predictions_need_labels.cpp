// expect: the predictions depend on labels
// A model whose predictions read the labels cannot predict: predict mode has no labels.
#include <xestimator/xestimator.hpp>

struct cheating_model
{
    xest::param<"w", xest::shape<1, 1>> w{xest::init::zeros{}};

    template <class Mode>
    auto operator()(auto const& x, auto const& y, Mode mode) const
    {
#ifdef XEST_COMPILE_FAIL_OK
        auto p = xest::matmul(x, w);
#else
        auto p = xest::matmul(x, w) + y;
#endif
        return xest::spec(mode).loss(xest::losses::mean_squared_error(y, p)).predictions(p);
    }
};

int main()
{
    xt::xtensor<float, 1> x = {1.0f, 2.0f};
    xest::estimator<cheating_model, xest::optim::gradient_descent> est({.log_step_count_steps = 0});
    auto in = xest::inputs::from_arrays<1>(x);
    return static_cast<int>(est.predict(in).size()) - 2;
}
