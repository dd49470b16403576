// expect: a classifier's labels must be integer class ids
// A classifier evaluated on float labels (from_arrays with a float label array).
#include <cstdint>

#include <xestimator/canned/linear.hpp>
#include <xestimator/inputs.hpp>

int main()
{
    xt::xtensor<float, 2> x = xt::zeros<float>({4, 2});
#ifdef XEST_COMPILE_FAIL_OK
    xt::xtensor<std::int32_t, 1> y = xt::zeros<std::int32_t>({4});
#else
    xt::xtensor<float, 1> y = xt::zeros<float>({4});
#endif
    auto in = xest::inputs::from_arrays<4, 2>(x, y);
    xest::canned::linear_classifier<2, 3> est({.log_step_count_steps = 0});
    return est.evaluate(in).loss >= 0.0 ? 0 : 1;
}
