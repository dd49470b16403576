// expect: features must be an xt::xtensor<T, 1 or 2>, a std::vector<T>, a std::array<T, N>
// Features in a container the input does not read (a std::vector of rows).
#include <vector>
#include <xestimator/inputs/array_input.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xt::xtensor<float, 2> x = {{1.0f, 2.0f}, {3.0f, 4.0f}};
#else
    std::vector<std::vector<float>> x = {{1.0f, 2.0f}, {3.0f, 4.0f}};
#endif
    auto in = xest::inputs::from_arrays<2, 2>(x);
    return in.num_examples() == 2 ? 0 : 1;
}
