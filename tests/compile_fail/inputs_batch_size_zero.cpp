// expect: BatchSize must be at least 1.
// An input declared with batches of 0 examples.
#include <vector>
#include <xestimator/inputs/array_input.hpp>

int main()
{
    std::vector<float> x(4, 1.0f);
#ifdef XEST_COMPILE_FAIL_OK
    auto in = xest::inputs::from_arrays<2>(x);
#else
    auto in = xest::inputs::from_arrays<0>(x);
#endif
    return in.num_examples() == 4 ? 0 : 1;
}
