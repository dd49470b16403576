// Uses xestimator's core types through the CMake target only (no include paths by hand) and
// checks them against values worked out by hand.
#include <xestimator/core/config.hpp>
#include <xestimator/core/shape.hpp>
#include <xestimator/core/tensor.hpp>

#include <cstdio>
#include <cstring>
#include <type_traits>

namespace
{
    int failures = 0;

    void check(bool ok, char const* what)
    {
        if (!ok)
        {
            std::fprintf(stderr, "consumer check failed: %s\n", what);
            ++failures;
        }
    }
}

int main()
{
    using batch = xest::shape<2, 3>;
    static_assert(batch::rank == 2 && batch::size == 6, "shape<2, 3> has rank 2 and 6 elements");
    static_assert(std::is_same_v<xest::broadcast_t<batch, xest::shape<3>>, batch>,
                  "a row of 3 broadcasts against a 2x3 batch");
    static_assert(std::is_same_v<xest::reduce_t<batch, 0>, xest::shape<3>>,
                  "reducing axis 0 of 2x3 leaves 3");

    xest::tensor<double, batch> t;
    auto values = xest::flat(t);
    static_assert(decltype(values)::extent == 6, "flat() of a 2x3 tensor has a static extent of 6");
    for (std::size_t i = 0; i < values.size(); ++i)
    {
        values[i] = static_cast<double>(i + 1); // 1 2 3 / 4 5 6
    }
    check(t.shape()[0] == 2 && t.shape()[1] == 3, "the tensor's run-time shape is 2x3");
    check(t(0, 2) == 3.0 && t(1, 0) == 4.0, "flat() is row-major: t(0, 2) == 3 and t(1, 0) == 4");

    xest::tensor<double, batch> twice = t + t;
    double sum = 0.0;
    for (double v : xest::flat(twice))
    {
        sum += v;
    }
    check(sum == 42.0, "the elements of t + t add up to 2 * (1 + ... + 6) = 42");

#ifdef XEST_EXPECTED_VERSION
    check(std::strcmp(XESTIMATOR_VERSION_STR, XEST_EXPECTED_VERSION) == 0,
          "the headers' XESTIMATOR_VERSION_STR matches the package version");
#endif

    if (failures != 0)
    {
        return 1;
    }
    std::printf("xestimator %s consumer: all checks passed\n", XESTIMATOR_VERSION_STR);
    return 0;
}
