// expect: nn::layer_norm<N> normalizes a last axis of N features
// A layer_norm of 8 features applied to rows of 6.
#include <xestimator/expr.hpp>
#include <xestimator/nn.hpp>

int main()
{
    xest::param<"h", xest::shape<4, 6>> h;
#ifdef XEST_COMPILE_FAIL_OK
    xest::nn::layer_norm<6, "norm"> norm;
#else
    xest::nn::layer_norm<8, "norm"> norm;
#endif
    auto loss = xest::mean(norm(h));
    (void)loss;
}
