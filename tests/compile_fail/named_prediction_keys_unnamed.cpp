// expect: xestimator: predict<Keys...>() selects named predictions
// predict_keys asked of a model whose predictions have no names.
#include <xestimator/xestimator.hpp>

struct unnamed_model
{
    xest::param<"w", xest::shape<1, 2>> w{xest::init::zeros{}};

    template <class Mode>
    auto operator()(auto const& x, auto const& y, Mode mode) const
    {
        auto z = xest::matmul(x, w);
#ifdef XEST_COMPILE_FAIL_OK
        return xest::spec(mode).loss(xest::losses::sparse_softmax_cross_entropy(y, z)).predictions(xest::named<"logits">(z));
#else
        return xest::spec(mode).loss(xest::losses::sparse_softmax_cross_entropy(y, z)).predictions(z);
#endif
    }
};

int main()
{
    xt::xtensor<float, 1> x = {1.0f, 2.0f};
    xest::estimator<unnamed_model, xest::optim::gradient_descent> est({.log_step_count_steps = 0});
    auto in = xest::inputs::from_arrays<1>(x);
    return static_cast<int>(est.predict<"logits">(in).size()) - 2;
}
