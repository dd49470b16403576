// expect: Gradients flow from a scalar
// backward() from a <2, 2> root: a loss must be reduced to a scalar first.
#include <xestimator/expr.hpp>

int main()
{
    xest::param<"a", xest::shape<2, 2>> a;
#ifdef XEST_COMPILE_FAIL_OK
    auto root = xest::mean(a * a);
#else
    auto root = a * a;
#endif
    xest::expr::program<true, decltype(root)> prog(root);
    prog.forward<0>();
    prog.backward<0>();
}
