// expect: an embedding column needs Dim > 0
// An embedding of dimension zero.
#include <xestimator/features.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::features::embedding<xest::features::categorical_identity<"c", 0, 3>, 2> column;
#else
    xest::features::embedding<xest::features::categorical_identity<"c", 0, 3>, 0> column;
#endif
    return column.width == 2 ? 0 : 1;
}
