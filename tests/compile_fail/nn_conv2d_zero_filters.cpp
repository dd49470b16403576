// expect: nn::conv2d needs at least one filter and one channel.
// A conv2d layer declared with 0 input channels.
#include <xestimator/expr.hpp>
#include <xestimator/nn.hpp>

int main()
{
    xest::param<"images", xest::shape<2, 8, 8, 1>> images;
#ifdef XEST_COMPILE_FAIL_OK
    xest::nn::conv2d<8, 3, 3, xest::nn::relu, "conv", xest::nn::conv2d_options{.channels = 1}> conv;
#else
    xest::nn::conv2d<8, 3, 3, xest::nn::relu, "conv", xest::nn::conv2d_options{.channels = 0}> conv;
#endif
    auto loss = xest::mean(xest::flatten(conv(images)));
    (void)loss;
}
