// expect: a metric's values must have an arithmetic element type.
// A metric fed a tensor of complex numbers.
#include <complex>

#include <xestimator/core/xtensor.hpp>
#include <xestimator/metrics/mean.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xt::xtensor_fixed<double, xt::xshape<2>> values = {1.0, 2.0};
#else
    xt::xtensor_fixed<std::complex<double>, xt::xshape<2>> values = {{1.0, 0.0}, {2.0, 0.0}};
#endif
    xest::metrics::accumulators::mean m;
    m.update(2, values);
    return m.result() >= 0.0 ? 0 : 1;
}
