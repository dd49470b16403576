// expect: The second argument of xest::param must be a xest::shape<...>.
// A param declared with a number of elements instead of a shape.
#include <xestimator/expr.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::param<"w", xest::shape<4>> w;
#else
    xest::param<"w", int> w;
#endif
    return w.size == 4 ? 0 : 1;
}
