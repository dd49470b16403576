// expect: predictions must hold either as many values per example as the labels (class ids), or C > 1 scores
// Accuracy of one-hot labels of 2 classes against 3 scores per example.
#include <xestimator/core/tensor.hpp>
#include <xestimator/metrics/accuracy.hpp>

int main()
{
    xest::tensor<float, xest::shape<2, 2>> labels = {{1.0f, 0.0f}, {0.0f, 1.0f}};
#ifdef XEST_COMPILE_FAIL_OK
    xest::tensor<float, xest::shape<2, 2>> predictions = {{1.0f, 0.0f}, {1.0f, 0.0f}};
#else
    xest::tensor<float, xest::shape<2, 3>> predictions = {{1.0f, 0.0f, 0.0f}, {1.0f, 0.0f, 0.0f}};
#endif
    xest::metrics::accumulators::accuracy m;
    m.update(2, labels, predictions);
    return m.result() >= 0.0 ? 0 : 1;
}
