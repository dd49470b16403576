// expect: This program was compiled without gradients
// backward() on a program compiled for inference (program<false, ...>).
#include <xestimator/expr.hpp>

int main()
{
    xest::param<"a", xest::shape<2>> a;
    auto root = xest::sum(a);
#ifdef XEST_COMPILE_FAIL_OK
    xest::expr::program<true, decltype(root)> prog(root);
#else
    xest::expr::program<false, decltype(root)> prog(root);
#endif
    prog.forward<0>();
    prog.backward<0>();
}
