// expect: needs at least one boundary, strictly increasing
// A bucketized column whose boundaries go down.
#include <xestimator/features.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::features::bucketized<"age", 0, 18, 65> column;
#else
    xest::features::bucketized<"age", 0, 65, 18> column;
#endif
    return column.buckets == 3 ? 0 : 1;
}
