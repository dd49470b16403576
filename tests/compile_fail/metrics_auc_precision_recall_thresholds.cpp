// expect: auc_precision_recall needs NumThresholds >= 2 (TensorFlow's default is 200).
// A precision-recall curve of one point.
#include <xestimator/metrics.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::metrics::accumulators::auc_precision_recall<2> a;
#else
    xest::metrics::accumulators::auc_precision_recall<1> a;
#endif
    a.reset();
    return a.result() >= 0.0 ? 0 : 1;
}
