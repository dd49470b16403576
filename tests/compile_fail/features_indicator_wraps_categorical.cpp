// expect: indicator<C> and embedding<C, Dim> wrap a categorical column
// An indicator column over a numeric column.
#include <xestimator/features.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::features::indicator<xest::features::categorical_identity<"c", 0, 3>> column;
#else
    xest::features::indicator<xest::features::numeric<"c", 0>> column;
#endif
    return column.width == 3 ? 0 : 1;
}
