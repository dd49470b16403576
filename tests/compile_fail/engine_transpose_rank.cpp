// expect: transpose takes a matrix (rank 2)
// Transposing a vector.
#include <xestimator/expr.hpp>

int main()
{

#ifdef XEST_COMPILE_FAIL_OK
    xest::param<"v", xest::shape<1, 3>> v;
#else
    xest::param<"v", xest::shape<3>> v;
#endif
    auto t = xest::transpose(v);
    (void)t;
}
