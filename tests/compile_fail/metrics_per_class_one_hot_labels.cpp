// expect: mean_per_class_accuracy needs one class id per example in the labels.
// One-hot labels <B, 2> given where class ids <B> are expected.
#include <xestimator/core/tensor.hpp>
#include <xestimator/metrics/accuracy.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::tensor<float, xest::shape<2>> labels = {0.0f, 1.0f};
#else
    xest::tensor<float, xest::shape<2, 2>> labels = {{1.0f, 0.0f}, {0.0f, 1.0f}};
#endif
    xest::tensor<float, xest::shape<2, 2>> predictions = {{0.9f, 0.1f}, {0.2f, 0.8f}};
    xest::metrics::accumulators::mean_per_class_accuracy<2> m;
    m.update(2, labels, predictions);
    return m.result() >= 0.0 ? 0 : 1;
}
