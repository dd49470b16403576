// expect: a conv2d bias has one value per filter, shape <F>.
// A bias of shape <1, 16> (as a dense layer's row) for a convolution of 16 filters.
#include <xestimator/expr.hpp>

int main()
{
    xest::param<"images", xest::shape<2, 8, 8, 1>> images;
    xest::param<"kernel", xest::shape<3, 3, 1, 16>> kernel;
#ifdef XEST_COMPILE_FAIL_OK
    xest::param<"bias", xest::shape<16>> bias;
#else
    xest::param<"bias", xest::shape<1, 16>> bias;
#endif
    auto loss = xest::mean(xest::conv2d(images, kernel, bias));
    (void)loss;
}
