// expect: a classifier needs Classes >= 2
// A classifier of one class (Classes = 1).
#include <xestimator/canned/dnn.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::canned::dnn_classifier<2, xest::canned::hidden<4>, 2> est({.log_step_count_steps = 0});
#else
    xest::canned::dnn_classifier<2, xest::canned::hidden<4>, 1> est({.log_step_count_steps = 0});
#endif
    return est.global_step() == 0 ? 0 : 1;
}
