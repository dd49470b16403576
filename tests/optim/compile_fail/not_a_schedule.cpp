// schedule() takes a callable float(std::int64_t), not a number.
#include <xestimator/optim/adam.hpp>
#include <xestimator/optim/schedules.hpp>
#include <xestimator/optim/with_schedule.hpp>

int main()
{
#ifdef XEST_KO
    auto const opt = xest::optim::schedule(xest::optim::adam{}, 0.1f);
#else
    auto const opt = xest::optim::schedule(xest::optim::adam{}, xest::optim::constant{0.1f});
#endif
    return opt.current_learning_rate(0) > 0.0f ? 0 : 1;
}
