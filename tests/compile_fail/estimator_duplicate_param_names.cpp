// expect: xestimator: two params of the model share a name
// Two dense layers left with the default name "dense".
#include <xestimator/xestimator.hpp>

struct two_layer_model
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::nn::dense<1, 4, xest::nn::relu, "hidden"> hidden;
    xest::nn::dense<4, 1, xest::nn::linear, "out"> out;
#else
    xest::nn::dense<1, 4, xest::nn::relu> hidden;
    xest::nn::dense<4, 1> out;
#endif

    template <class Mode>
    auto operator()(auto const& x, auto const& y, Mode mode) const
    {
        auto p = out(hidden(x));
        return xest::spec(mode).loss(xest::losses::mean_squared_error(y, p)).predictions(p);
    }
};

int main()
{
    xt::xtensor<float, 1> x = {1.0f, 2.0f};
    xt::xtensor<float, 1> y = {2.0f, 4.0f};
    xest::estimator<two_layer_model, xest::optim::gradient_descent> est({.log_step_count_steps = 0});
    auto in = xest::inputs::from_arrays<1>(x, y);
    return static_cast<int>(est.train(in, xest::steps{1}).steps) - 1;
}
