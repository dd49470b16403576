// expect: mean_per_class_accuracy needs NumClasses >= 2.
// A per-class accuracy over a single class.
#include <xestimator/metrics.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::metrics::accumulators::mean_per_class_accuracy<2> m;
#else
    xest::metrics::accumulators::mean_per_class_accuracy<1> m;
#endif
    m.reset();
    return m.result() >= 0.0 ? 0 : 1;
}
