// expect: input_layer<Columns...> needs at least one column
// An input_layer of no column.
#include <xestimator/features.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::features::input_layer<xest::features::numeric<"a", 0>> layer;
#else
    xest::features::input_layer<> layer;
#endif
    return sizeof(layer) > 0 ? 0 : 1;
}
