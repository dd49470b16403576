// expect: xestimator: two predictions have the same key
// Two outputs named "logits".
#include <xestimator/xestimator.hpp>

struct twice_model
{
    xest::param<"w", xest::shape<1, 2>> w{xest::init::zeros{}};

    template <class Mode>
    auto operator()(auto const& x, auto const& y, Mode mode) const
    {
        auto z = xest::matmul(x, w);
#ifdef XEST_COMPILE_FAIL_OK
        return xest::spec(mode).loss(xest::losses::sparse_softmax_cross_entropy(y, z)).predictions(xest::named<"logits">(z), xest::named<"probabilities">(xest::softmax(z)));
#else
        return xest::spec(mode).loss(xest::losses::sparse_softmax_cross_entropy(y, z)).predictions(xest::named<"logits">(z), xest::named<"logits">(xest::softmax(z)));
#endif
    }
};

int main()
{
    xt::xtensor<float, 1> x = {1.0f, 2.0f};
    xest::estimator<twice_model, xest::optim::gradient_descent> est({.log_step_count_steps = 0});
    auto in = xest::inputs::from_arrays<1>(x);
    return static_cast<int>(est.predict(in).size()) - 2;
}
