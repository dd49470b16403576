// expect: labels and predictions must hold the same number of values per example
// A mean absolute error of labels <B, 1> against predictions <B, 2>.
#include <xestimator/core/tensor.hpp>
#include <xestimator/metrics/mean.hpp>

int main()
{
    xest::tensor<float, xest::shape<2, 1>> labels = {{1.0f}, {2.0f}};
#ifdef XEST_COMPILE_FAIL_OK
    xest::tensor<float, xest::shape<2, 1>> predictions = {{1.5f}, {2.5f}};
#else
    xest::tensor<float, xest::shape<2, 2>> predictions = {{1.5f, 0.0f}, {2.5f, 0.0f}};
#endif
    xest::metrics::accumulators::mean_absolute_error m;
    m.update(2, labels, predictions);
    return m.result() >= 0.0 ? 0 : 1;
}
