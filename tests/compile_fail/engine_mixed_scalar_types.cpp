// expect: Both operands of an element-wise op must have the same scalar type
// A float param added to a double param.
#include <xestimator/expr.hpp>

int main()
{
    xest::param<"a", xest::shape<2>, float> a;
#ifdef XEST_COMPILE_FAIL_OK
    xest::param<"b", xest::shape<2>, float> b;
#else
    xest::param<"b", xest::shape<2>, double> b;
#endif
    auto y = xest::sum(a + b);
    (void)y;
}
