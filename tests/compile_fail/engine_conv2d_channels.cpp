// expect: conv2d channel mismatch
// A conv2d layer declared for one channel applied to RGB images.
#include <xestimator/expr.hpp>
#include <xestimator/nn.hpp>

int main()
{
    xest::param<"images", xest::shape<2, 8, 8, 3>> images;
#ifdef XEST_COMPILE_FAIL_OK
    xest::nn::conv2d<16, 3, 3, xest::nn::relu, "conv", xest::nn::conv2d_options{.channels = 3}> conv;
#else
    xest::nn::conv2d<16, 3, 3, xest::nn::relu, "conv"> conv;
#endif
    auto loss = xest::mean(xest::flatten(conv(images)));
    (void)loss;
}
