// expect: 1-D labels hold one label per example: declare LabelWidth = 1
// A flat vector of labels passed as if it held 2 labels per example.
#include <vector>
#include <xestimator/inputs/array_input.hpp>

int main()
{
    std::vector<float> x(4, 1.0f);
    std::vector<float> y(4, 0.5f);
#ifdef XEST_COMPILE_FAIL_OK
    auto in = xest::inputs::from_arrays<2, 1, 1>(x, y);
#else
    auto in = xest::inputs::from_arrays<2, 1, 2>(x, y);
#endif
    return in.num_examples() == 4 ? 0 : 1;
}
