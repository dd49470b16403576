// expect: classification metrics need batches (first dimension = batch), not scalars.
// Accuracy of a batch of labels against one scalar prediction.
#include <xestimator/core/tensor.hpp>
#include <xestimator/metrics/accuracy.hpp>

int main()
{
    xest::tensor<float, xest::shape<4>> labels = {0.0f, 1.0f, 1.0f, 0.0f};
#ifdef XEST_COMPILE_FAIL_OK
    xest::tensor<float, xest::shape<4>> predictions = {0.0f, 1.0f, 0.0f, 0.0f};
#else
    xest::tensor<float, xest::shape<>> predictions = 1.0f;
#endif
    xest::metrics::accumulators::accuracy m;
    m.update(4, labels, predictions);
    return m.result() >= 0.0 ? 0 : 1;
}
