// expect: shapes do not broadcast
// Adding a <3> vector to a <4> vector.
#include <xestimator/expr.hpp>

int main()
{
    xest::param<"a", xest::shape<3>> a;
#ifdef XEST_COMPILE_FAIL_OK
    xest::param<"b", xest::shape<3>> b;
#else
    xest::param<"b", xest::shape<4>> b;
#endif
    auto y = xest::sum(a + b);
    (void)y;
}
