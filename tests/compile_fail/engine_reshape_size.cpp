// expect: reshape must keep the number of elements
// Reshaping six elements to five.
#include <xestimator/expr.hpp>

int main()
{
    xest::param<"m", xest::shape<2, 3>> m;
#ifdef XEST_COMPILE_FAIL_OK
    auto r = xest::reshape<xest::shape<3, 2>>(m);
#else
    auto r = xest::reshape<xest::shape<5>>(m);
#endif
    (void)r;
}
