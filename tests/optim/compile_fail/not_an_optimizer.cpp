// Clipping wraps an optimizer, not a schedule.
#include <xestimator/optim/adam.hpp>
#include <xestimator/optim/clipping.hpp>
#include <xestimator/optim/schedules.hpp>

int main()
{
#ifdef XEST_KO
    auto const opt = xest::optim::clip_global_norm(xest::optim::cosine_decay{0.1f, 10}, 1.0f);
#else
    auto const opt = xest::optim::clip_global_norm(xest::optim::adam{}, 1.0f);
#endif
    return opt.clip_norm > 0.0f ? 0 : 1;
}
