// expect: nn::batch_norm<C> needs at least one feature (C > 0).
// A batch_norm declared with no features.
#include <xestimator/estimator.hpp>
#include <xestimator/nn.hpp>

int main()
{
    xest::param<"h", xest::shape<4, 6>> h;
#ifdef XEST_COMPILE_FAIL_OK
    xest::nn::batch_norm<6, "bn"> bn;
#else
    xest::nn::batch_norm<0, "bn"> bn;
#endif
    auto loss = xest::mean(bn(h, xest::mode::eval{}));
    (void)loss;
}
