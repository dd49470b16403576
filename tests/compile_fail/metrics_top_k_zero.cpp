// expect: top_k_accuracy<K> needs K >= 1 (K = 1 is accuracy).
// A top-0 accuracy, which no example could hit.
#include <xestimator/metrics.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::metrics::accumulators::top_k_accuracy<1> a;
#else
    xest::metrics::accumulators::top_k_accuracy<0> a;
#endif
    a.reset();
    return a.result() >= 0.0 ? 0 : 1;
}
