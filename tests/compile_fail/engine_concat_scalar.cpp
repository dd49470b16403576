// expect: a scalar has none (reshape it to <1> first)
// Prepending a scalar param (shape<>) to a vector instead of a <1> param.
#include <xestimator/expr.hpp>

int main()
{
    xest::param<"v", xest::shape<3>> v;
#ifdef XEST_COMPILE_FAIL_OK
    xest::param<"s", xest::shape<1>> s;
#else
    xest::param<"s", xest::shape<>> s;
#endif
    auto c = xest::concat(s, v);
    auto loss = xest::mean(c);
    (void)loss;
}
