// expect: a layer that differs by mode is called as layer(x, mode)
// A batch_norm layer called without the model function's mode (a bool where the mode belongs).
#include <xestimator/estimator.hpp>
#include <xestimator/nn.hpp>

int main()
{
    xest::param<"h", xest::shape<4, 6>> h;
    xest::nn::batch_norm<6, "bn"> bn;
#ifdef XEST_COMPILE_FAIL_OK
    auto loss = xest::mean(bn(h, xest::mode::train{}));
#else
    auto loss = xest::mean(bn(h, true));
#endif
    (void)loss;
}
