// expect: a metric receives each value as an xt::xtensor_fixed (xest::tensor) whose first dimension is the batch.
// An accumulator updated with a dynamic xt::xtensor.
#include <xestimator/core/tensor.hpp>
#include <xestimator/core/xtensor.hpp>
#include <xestimator/metrics/mean.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::tensor<float, xest::shape<3>> values = {1.0f, 2.0f, 3.0f};
#else
    xt::xtensor<float, 1> values = {1.0f, 2.0f, 3.0f};
#endif
    xest::metrics::accumulators::mean m;
    m.update(3, values);
    return m.result() >= 0.0 ? 0 : 1;
}
