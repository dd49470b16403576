// expect: the optimizer it wraps already keeps a moving average
// Two averages of one param would be saved under the same checkpoint name.
#include <xestimator/optim.hpp>

int main()
{
    namespace xo = xest::optim;
#ifdef XEST_COMPILE_FAIL_OK
    auto const opt = xo::clip_global_norm(xo::moving_average(xo::adam{}, 0.99f), 1.0f);
#else
    auto const opt = xo::moving_average(xo::clip_global_norm(xo::moving_average(xo::adam{}, 0.99f), 1.0f), 0.999f);
#endif
    opt.validate();
    return 0;
}
