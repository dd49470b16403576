// expect: a conv2d kernel has shape <kernel height, kernel width, input channels, filters> (rank 4).
// A 3 x 3 kernel of 16 filters declared without its input-channel axis.
#include <xestimator/expr.hpp>

int main()
{
    xest::param<"images", xest::shape<2, 8, 8, 1>> images;
#ifdef XEST_COMPILE_FAIL_OK
    xest::param<"kernel", xest::shape<3, 3, 1, 16>> kernel;
#else
    xest::param<"kernel", xest::shape<3, 3, 16>> kernel;
#endif
    auto loss = xest::mean(xest::conv2d(images, kernel));
    (void)loss;
}
