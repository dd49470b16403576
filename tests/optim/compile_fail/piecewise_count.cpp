// piecewise() needs one more value than boundaries.
#include <xestimator/optim/schedules.hpp>

int main()
{
#ifdef XEST_KO
    auto const p = xest::optim::piecewise({10, 20}, {1.0f, 0.5f});
#else
    auto const p = xest::optim::piecewise({10, 20}, {1.0f, 0.5f, 0.25f});
#endif
    return p(0) > 0.0f ? 0 : 1;
}
