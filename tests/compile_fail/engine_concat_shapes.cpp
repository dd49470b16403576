// expect: concat needs operands of the same rank whose dimensions are equal except the last
// Joining a batch of 4 rows with a param of 3 rows.
#include <xestimator/expr.hpp>

int main()
{
    xest::param<"a", xest::shape<4, 2>> a;
#ifdef XEST_COMPILE_FAIL_OK
    xest::param<"b", xest::shape<4, 5>> b;
#else
    xest::param<"b", xest::shape<3, 5>> b;
#endif
    auto c = xest::concat(a, b);
    auto loss = xest::mean(c);
    (void)loss;
}
