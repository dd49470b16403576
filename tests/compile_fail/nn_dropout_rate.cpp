// expect: nn::dropout<Rate> needs a rate in [0, 1)
// A dropout layer with a rate of 1, which would drop every value.
#include <xestimator/estimator.hpp>
#include <xestimator/nn.hpp>

int main()
{
    xest::param<"h", xest::shape<4, 6>> h;
#ifdef XEST_COMPILE_FAIL_OK
    xest::nn::dropout<0.5, "drop"> drop;
#else
    xest::nn::dropout<1.0, "drop"> drop;
#endif
    auto loss = xest::mean(drop(h, xest::mode::train{}));
    (void)loss;
}
