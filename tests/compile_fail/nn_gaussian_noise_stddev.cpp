// expect: nn::gaussian_noise<Stddev> needs a finite standard deviation of at least 0
// A Gaussian noise layer with a negative standard deviation.
#include <xestimator/estimator.hpp>
#include <xestimator/nn.hpp>

int main()
{
    xest::param<"h", xest::shape<4, 6>> h;
#ifdef XEST_COMPILE_FAIL_OK
    xest::nn::gaussian_noise<0.1, "noise"> noise;
#else
    xest::nn::gaussian_noise<-0.1, "noise"> noise;
#endif
    auto loss = xest::mean(noise(h, xest::mode::train{}));
    (void)loss;
}
