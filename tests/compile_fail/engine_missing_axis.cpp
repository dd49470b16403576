// expect: reduction over an axis the operand does not have
// sum<2> of a matrix (axes 0 and 1 only).
#include <xestimator/expr.hpp>

int main()
{
    xest::param<"m", xest::shape<2, 3>> m;
#ifdef XEST_COMPILE_FAIL_OK
    auto s = xest::sum<1>(m);
#else
    auto s = xest::sum<2>(m);
#endif
    (void)s;
}
