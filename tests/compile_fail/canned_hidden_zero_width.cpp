// expect: every hidden layer needs a width of at least 1.
// A hidden layer of width 0 (hidden<8, 0>).
#include <xestimator/canned/dnn.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::canned::dnn_regressor<2, xest::canned::hidden<8, 4>> est({.log_step_count_steps = 0});
#else
    xest::canned::dnn_regressor<2, xest::canned::hidden<8, 0>> est({.log_step_count_steps = 0});
#endif
    return est.global_step() == 0 ? 0 : 1;
}
