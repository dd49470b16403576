// expect: nn::batch_norm<C> normalizes C features, the last axis of a batch <B, ..., C>
// A batch_norm of 8 features applied to a batch of 6 features.
#include <xestimator/estimator.hpp>
#include <xestimator/nn.hpp>

int main()
{
    xest::param<"h", xest::shape<4, 6>> h;
#ifdef XEST_COMPILE_FAIL_OK
    xest::nn::batch_norm<6, "bn"> bn;
#else
    xest::nn::batch_norm<8, "bn"> bn;
#endif
    auto loss = xest::mean(bn(h, xest::mode::train{}));
    (void)loss;
}
