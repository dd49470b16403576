// expect: matmul shape mismatch: the left operand's columns must equal the right operand's rows
// A <2, 3> matrix times a <4, 5> matrix; the failed product also absorbs the ops built on it (one message).
#include <xestimator/expr.hpp>

int main()
{
    xest::param<"a", xest::shape<2, 3>> a;
#ifdef XEST_COMPILE_FAIL_OK
    xest::param<"b", xest::shape<3, 5>> b;
#else
    xest::param<"b", xest::shape<4, 5>> b;
#endif
    auto loss = xest::mean(xest::matmul(a, b) * 2.0f + 1.0f);
    (void)loss;
}
