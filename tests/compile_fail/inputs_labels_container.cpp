// expect: labels must be an xt::xtensor<T, 1 or 2>, a std::vector<T>, a std::array<T, N>
// Labels given as strings.
#include <string>
#include <vector>
#include <xestimator/inputs/array_input.hpp>

int main()
{
    std::vector<float> x(2, 1.0f);
#ifdef XEST_COMPILE_FAIL_OK
    std::vector<int> y = {0, 1};
#else
    std::vector<std::string> y = {"cat", "dog"};
#endif
    auto in = xest::inputs::from_arrays<2>(x, y);
    return in.num_examples() == 2 ? 0 : 1;
}
