// expect: NumFeatures must be at least 1.
// An input declared with 0 features per example.
#include <xestimator/core/xtensor.hpp>
#include <xestimator/inputs/array_input.hpp>

int main()
{
    xt::xtensor<float, 2> x = {{1.0f, 2.0f}, {3.0f, 4.0f}};
#ifdef XEST_COMPILE_FAIL_OK
    auto in = xest::inputs::from_arrays<2, 2>(x);
#else
    auto in = xest::inputs::from_arrays<2, 0>(x);
#endif
    return in.num_examples() == 2 ? 0 : 1;
}
