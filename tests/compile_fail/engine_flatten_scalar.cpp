// expect: flatten keeps axis 0 (the batch)
// Flattening a reduced (scalar) value.
#include <xestimator/expr.hpp>

int main()
{
    xest::param<"a", xest::shape<4, 2, 3>> a;
#ifdef XEST_COMPILE_FAIL_OK
    auto f = xest::flatten(a);
#else
    auto f = xest::flatten(xest::mean(a));
#endif
    auto loss = xest::mean(f);
    (void)loss;
}
