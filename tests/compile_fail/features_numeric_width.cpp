// expect: a numeric column reads at least one value (Width > 0)
// A numeric column of width zero.
#include <xestimator/features.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::features::numeric<"a", 0, 1> column;
#else
    xest::features::numeric<"a", 0, 0> column;
#endif
    return column.width == 1 ? 0 : 1;
}
