// expect: 1-D features hold one feature per example: declare NumFeatures = 1
// A flat vector passed as if it held 2 features per example.
#include <vector>
#include <xestimator/inputs/array_input.hpp>

int main()
{
    std::vector<float> x(4, 1.0f);
#ifdef XEST_COMPILE_FAIL_OK
    auto in = xest::inputs::from_arrays<2, 1>(x);
#else
    auto in = xest::inputs::from_arrays<2, 2>(x);
#endif
    return in.num_examples() == 4 ? 0 : 1;
}
