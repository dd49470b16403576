// expect: convolution and pooling take NHWC images <batch, height, width, channels>
// Max pooling over a batch of flat pixel rows.
#include <xestimator/expr.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::param<"pixels", xest::shape<2, 8, 8, 1>> pixels;
#else
    xest::param<"pixels", xest::shape<2, 64>> pixels;
#endif
    auto loss = xest::mean(xest::max_pool2d<2>(pixels));
    (void)loss;
}
