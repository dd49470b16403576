// expect: matmul needs two matrices (rank 2)
// A vector is not a matrix: matmul asks for a reshape to <1, N> first.
#include <xestimator/expr.hpp>

int main()
{
    xest::param<"v", xest::shape<3>> v;
    xest::param<"w", xest::shape<3, 2>> w;
#ifdef XEST_COMPILE_FAIL_OK
    auto y = xest::matmul(xest::reshape<xest::shape<1, 3>>(v), w);
#else
    auto y = xest::matmul(v, w);
#endif
    (void)y;
}
