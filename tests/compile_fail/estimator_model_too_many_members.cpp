// expect: xestimator: a model aggregate has more members than it can visit
// A model of 17 params side by side (one per feature).
#include <xestimator/xestimator.hpp>

template <xest::fixed_string Name>
using scalar_weight = xest::param<Name, xest::shape<1, 1>>;

struct first_weights
{
    scalar_weight<"w0"> w0{xest::init::zeros{}};
    scalar_weight<"w1"> w1{xest::init::zeros{}};
    scalar_weight<"w2"> w2{xest::init::zeros{}};
    scalar_weight<"w3"> w3{xest::init::zeros{}};
    scalar_weight<"w4"> w4{xest::init::zeros{}};
    scalar_weight<"w5"> w5{xest::init::zeros{}};
    scalar_weight<"w6"> w6{xest::init::zeros{}};
    scalar_weight<"w7"> w7{xest::init::zeros{}};
};

struct wide_model
{
#ifdef XEST_COMPILE_FAIL_OK
    first_weights first;
#else
    scalar_weight<"w0"> w0{xest::init::zeros{}};
    scalar_weight<"w1"> w1{xest::init::zeros{}};
    scalar_weight<"w2"> w2{xest::init::zeros{}};
    scalar_weight<"w3"> w3{xest::init::zeros{}};
    scalar_weight<"w4"> w4{xest::init::zeros{}};
    scalar_weight<"w5"> w5{xest::init::zeros{}};
    scalar_weight<"w6"> w6{xest::init::zeros{}};
    scalar_weight<"w7"> w7{xest::init::zeros{}};
#endif
    scalar_weight<"w8"> w8{xest::init::zeros{}};
    scalar_weight<"w9"> w9{xest::init::zeros{}};
    scalar_weight<"w10"> w10{xest::init::zeros{}};
    scalar_weight<"w11"> w11{xest::init::zeros{}};
    scalar_weight<"w12"> w12{xest::init::zeros{}};
    scalar_weight<"w13"> w13{xest::init::zeros{}};
    scalar_weight<"w14"> w14{xest::init::zeros{}};
    scalar_weight<"w15"> w15{xest::init::zeros{}};
    scalar_weight<"w16"> w16{xest::init::zeros{}};

    template <class Mode>
    auto operator()(auto const& x, auto const& y, Mode mode) const
    {
        auto p = xest::matmul(x, w16);
        return xest::spec(mode).loss(xest::losses::mean_squared_error(y, p)).predictions(p);
    }
};

int main()
{
    xt::xtensor<float, 1> x = {1.0f, 2.0f};
    xt::xtensor<float, 1> y = {2.0f, 4.0f};
    xest::estimator<wide_model, xest::optim::gradient_descent> est({.log_step_count_steps = 0});
    auto in = xest::inputs::from_arrays<1>(x, y);
    return static_cast<int>(est.train(in, xest::steps{1}).steps) - 1;
}
