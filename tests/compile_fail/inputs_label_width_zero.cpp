// expect: LabelWidth must be at least 1.
// An input declared with 0 labels per example.
#include <xestimator/core/xtensor.hpp>
#include <xestimator/inputs/array_input.hpp>

int main()
{
    xt::xtensor<float, 2> x = {{1.0f, 2.0f}, {3.0f, 4.0f}};
    xt::xtensor<float, 2> y = {{1.0f, 0.0f}, {0.0f, 1.0f}};
#ifdef XEST_COMPILE_FAIL_OK
    auto in = xest::inputs::from_arrays<2, 2, 2>(x, y);
#else
    auto in = xest::inputs::from_arrays<2, 2, 0>(x, y);
#endif
    return in.num_examples() == 2 ? 0 : 1;
}
