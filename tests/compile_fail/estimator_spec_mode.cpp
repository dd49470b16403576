// expect: xest::spec takes xest::mode::train{}, eval{} or predict{}.
// A model function called directly with `true` for "training" instead of xest::mode::train{}.
#include <xestimator/estimator/spec.hpp>
#include <xestimator/expr.hpp>
#include <xestimator/losses.hpp>

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
    float xs[2] = {1.0f, 2.0f};
    float ys[2] = {2.0f, 4.0f};
    xest::expr::data_leaf<xest::expr::features_tag, float, xest::shape<2, 1>> x{xs};
    xest::expr::data_leaf<xest::expr::labels_tag, float, xest::shape<2, 1>> y{ys};
    linear_model model;
#ifdef XEST_COMPILE_FAIL_OK
    auto spec = model(x, y, xest::mode::train{});
#else
    auto spec = model(x, y, true);
#endif
    (void)spec;
}
