// expect: a categorical column needs at least one bucket (Buckets > 0)
// A categorical column of no bucket.
#include <xestimator/features.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::features::categorical_identity<"c", 0, 2> column;
#else
    xest::features::categorical_identity<"c", 0, 0> column;
#endif
    return column.first_column == 0 ? 0 : 1;
}
