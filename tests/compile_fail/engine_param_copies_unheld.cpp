// expect: param_copies does not hold this param.
// Reading the copy of a param the program's loss does not use.
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
    auto local = prog.copy_params();
    prog.forward<0>(local);
    local.store(b);
}
