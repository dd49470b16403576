// expect: gradient<P>() of a param this graph does not read.
// Asking a program for the gradient of a param its loss does not use.
#include <xestimator/expr.hpp>

int main()
{
    xest::param<"a", xest::shape<2>> a;
    xest::param<"b", xest::shape<2>> b;
#ifdef XEST_COMPILE_FAIL_OK
    auto root = xest::sum(a * b);
#else
    auto root = xest::sum(a);
#endif
    xest::expr::program<true, decltype(root)> prog(root);
    prog.forward<0>();
    prog.backward<0>();
    return prog.gradient<decltype(b)>()[0] == 0.0f ? 0 : 1;
}
