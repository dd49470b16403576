// expect: concat needs operands of one scalar type (float with float, double with double).
// Joining a float param with a double param.
#include <xestimator/expr.hpp>

int main()
{
    xest::param<"a", xest::shape<4, 2>, float> a;
#ifdef XEST_COMPILE_FAIL_OK
    xest::param<"b", xest::shape<4, 3>, float> b;
#else
    xest::param<"b", xest::shape<4, 3>, double> b;
#endif
    auto c = xest::concat(a, b);
    auto loss = xest::mean(c);
    (void)loss;
}
