// expect: conv2d needs images, kernel and bias of one scalar type.
// Float images convolved with a double kernel.
#include <xestimator/expr.hpp>

int main()
{
    xest::param<"images", xest::shape<2, 8, 8, 1>, float> images;
#ifdef XEST_COMPILE_FAIL_OK
    xest::param<"kernel", xest::shape<3, 3, 1, 4>, float> kernel;
#else
    xest::param<"kernel", xest::shape<3, 3, 1, 4>, double> kernel;
#endif
    auto loss = xest::mean(xest::conv2d(images, kernel));
    (void)loss;
}
