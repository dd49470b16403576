// expect: top_k_accuracy<K> needs K <= the number of classes (the scores per example of the predictions).
// A top-4 accuracy over 3 classes, which every example would hit.
#include <cstdint>

#include <xestimator/core/tensor.hpp>
#include <xestimator/metrics.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::metrics::accumulators::top_k_accuracy<3> a;
#else
    xest::metrics::accumulators::top_k_accuracy<4> a;
#endif
    xest::tensor<std::int32_t, xest::shape<2>> labels = {0, 2};
    xest::tensor<float, xest::shape<2, 3>> scores = {{0.5f, 0.3f, 0.2f}, {0.1f, 0.2f, 0.7f}};
    a.update(2, labels, scores);
    return a.result() >= 0.0 ? 0 : 1;
}
