// expect: top_k_accuracy needs batches (first dimension = batch), not scalars.
// Top-2 accuracy of one scalar label against a batch of scores.
#include <xestimator/core/tensor.hpp>
#include <xestimator/metrics/top_k_accuracy.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::tensor<int, xest::shape<2>> labels = {0, 2};
#else
    xest::tensor<int, xest::shape<>> labels = 0;
#endif
    xest::tensor<float, xest::shape<2, 3>> scores = {{0.5f, 0.3f, 0.2f}, {0.1f, 0.2f, 0.7f}};
    xest::metrics::accumulators::top_k_accuracy<2> m;
    m.update(2, labels, scores);
    return m.result() >= 0.0 ? 0 : 1;
}
