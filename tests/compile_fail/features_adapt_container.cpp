// expect: xest::features::adapt reads a feature container
// adapt() given a number instead of the feature rows.
#include <xestimator/features.hpp>

#include <xtensor/xtensor.hpp>

int main()
{
    xest::features::input_layer<xest::features::numeric<"a", 0, 1, xest::features::standardize>> layer;
#ifdef XEST_COMPILE_FAIL_OK
    xt::xtensor<float, 2> const rows = {{1.0f}, {3.0f}};
    xest::features::adapt(layer, rows);
#else
    xest::features::adapt(layer, 2.0f);
#endif
    return 0;
}
