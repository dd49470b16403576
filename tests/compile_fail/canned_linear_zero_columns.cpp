// expect: a linear model needs Columns > 0 and Units > 0.
// A linear regressor over no feature columns (Columns = 0).
#include <xestimator/canned/linear.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::canned::linear_regressor<3> est({.log_step_count_steps = 0});
#else
    xest::canned::linear_regressor<0> est({.log_step_count_steps = 0});
#endif
    return est.global_step() == 0 ? 0 : 1;
}
