// expect: labels and predictions must both be batches, or both be scalars.
// A mean squared error of a batch of predictions against one scalar label.
#include <xestimator/core/tensor.hpp>
#include <xestimator/metrics/mean.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::tensor<float, xest::shape<4>> labels = {1.0f, 1.0f, 1.0f, 1.0f};
#else
    xest::tensor<float, xest::shape<>> labels = 1.0f;
#endif
    xest::tensor<float, xest::shape<4>> predictions = {0.5f, 1.0f, 1.5f, 2.0f};
    xest::metrics::accumulators::mean_squared_error m;
    m.update(4, labels, predictions);
    return m.result() >= 0.0 ? 0 : 1;
}
