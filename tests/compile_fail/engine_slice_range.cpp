// expect: slice<Begin, Size> must take at least one column inside the last axis
// Columns 3 and 4 of a tensor of 4 columns.
#include <xestimator/expr.hpp>

int main()
{
    xest::param<"a", xest::shape<2, 4>> a;
#ifdef XEST_COMPILE_FAIL_OK
    auto s = xest::slice<2, 2>(a);
#else
    auto s = xest::slice<3, 2>(a);
#endif
    auto loss = xest::sum(s);
    (void)loss;
}
