// expect: a layer that differs by mode is called as layer(x, mode)
// A dropout layer called with a number where the model function's mode belongs.
#include <xestimator/estimator.hpp>
#include <xestimator/nn.hpp>

int main()
{
    xest::param<"h", xest::shape<4, 6>> h;
    xest::nn::dropout<0.5, "drop"> drop;
#ifdef XEST_COMPILE_FAIL_OK
    auto loss = xest::mean(drop(h, xest::mode::eval{}));
#else
    auto loss = xest::mean(drop(h, 1));
#endif
    (void)loss;
}
