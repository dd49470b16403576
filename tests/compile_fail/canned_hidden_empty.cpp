// expect: hidden<...> needs at least one layer width, e.g. hidden<16, 16>.
// A DNN without hidden layers (hidden<>).
#include <xestimator/canned/dnn.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::canned::dnn_regressor<2, xest::canned::hidden<4>> est({.log_step_count_steps = 0});
#else
    xest::canned::dnn_regressor<2, xest::canned::hidden<>> est({.log_step_count_steps = 0});
#endif
    return est.global_step() == 0 ? 0 : 1;
}
