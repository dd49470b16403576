// expect: top_k_accuracy needs one class id per example in the labels (<B> or <B, 1>).
// Top-2 accuracy of one-hot labels instead of class ids.
#include <xestimator/core/tensor.hpp>
#include <xestimator/metrics/top_k_accuracy.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::tensor<int, xest::shape<2, 1>> labels = {{0}, {2}};
#else
    xest::tensor<int, xest::shape<2, 3>> labels = {{1, 0, 0}, {0, 0, 1}};
#endif
    xest::tensor<float, xest::shape<2, 3>> scores = {{0.5f, 0.3f, 0.2f}, {0.1f, 0.2f, 0.7f}};
    xest::metrics::accumulators::top_k_accuracy<2> m;
    m.update(2, labels, scores);
    return m.result() >= 0.0 ? 0 : 1;
}
