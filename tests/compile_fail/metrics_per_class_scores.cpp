// expect: mean_per_class_accuracy: predictions with scores must hold NumClasses scores per example.
// A per-class accuracy over 3 classes fed 2 scores per example.
#include <xestimator/core/tensor.hpp>
#include <xestimator/metrics/accuracy.hpp>

int main()
{
    xest::tensor<float, xest::shape<2>> labels = {0.0f, 1.0f};
#ifdef XEST_COMPILE_FAIL_OK
    xest::tensor<float, xest::shape<2, 3>> predictions = {{0.9f, 0.1f, 0.0f}, {0.2f, 0.8f, 0.0f}};
#else
    xest::tensor<float, xest::shape<2, 2>> predictions = {{0.9f, 0.1f}, {0.2f, 0.8f}};
#endif
    xest::metrics::accumulators::mean_per_class_accuracy<3> m;
    m.update(2, labels, predictions);
    return m.result() >= 0.0 ? 0 : 1;
}
