// expect: xestimator: unknown prediction key: the model's keys are the template arguments of prediction_keys
// predict_keys with a key the model does not have.
#include <xestimator/xestimator.hpp>

struct named_model
{
    xest::param<"w", xest::shape<1, 2>> w{xest::init::zeros{}};

    template <class Mode>
    auto operator()(auto const& x, auto const& y, Mode mode) const
    {
        auto z = xest::matmul(x, w);
        return xest::spec(mode).loss(xest::losses::sparse_softmax_cross_entropy(y, z))
            .predictions(xest::named<"logits">(z), xest::named<"probabilities">(xest::softmax(z)));
    }
};

int main()
{
    xt::xtensor<float, 1> x = {1.0f, 2.0f};
    xest::estimator<named_model, xest::optim::gradient_descent> est({.log_step_count_steps = 0});
    auto in = xest::inputs::from_arrays<1>(x);
#ifdef XEST_COMPILE_FAIL_OK
    return static_cast<int>(est.predict<"probabilities">(in).size()) - 2;
#else
    return static_cast<int>(est.predict<"probability">(in).size()) - 2;
#endif
}
