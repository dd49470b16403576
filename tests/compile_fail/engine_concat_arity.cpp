// expect: concat takes at most 4 operands
// Five operands in one concat.
#include <xestimator/expr.hpp>

int main()
{
    xest::param<"a", xest::shape<4, 1>> a;
    xest::param<"b", xest::shape<4, 1>> b;
    xest::param<"c", xest::shape<4, 1>> c;
    xest::param<"d", xest::shape<4, 1>> d;
    xest::param<"e", xest::shape<4, 1>> e;
#ifdef XEST_COMPILE_FAIL_OK
    auto joined = xest::concat(xest::concat(a, b, c, d), e);
#else
    auto joined = xest::concat(a, b, c, d, e);
#endif
    auto loss = xest::mean(joined);
    (void)loss;
}
