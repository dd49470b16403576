// expect: normalize_last_axis needs an axis to normalize.
// Normalizing a scalar (a mean) instead of the rows it was taken from.
#include <xestimator/expr.hpp>

int main()
{
    xest::param<"a", xest::shape<4, 3>> a;
#ifdef XEST_COMPILE_FAIL_OK
    auto n = xest::normalize_last_axis(a);
#else
    auto n = xest::normalize_last_axis(xest::mean(a));
#endif
    auto loss = xest::mean(n);
    (void)loss;
}
