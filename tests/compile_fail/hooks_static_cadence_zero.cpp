// expect: xest hook: static constexpr every_n_steps must be at least 1 (1 = every step).
// A hook meant to run every step, declared with a cadence of 0.
#include <cstdint>
#include <tuple>
#include <xestimator/hooks/dispatch.hpp>

struct my_hook
{
#ifdef XEST_COMPILE_FAIL_OK
    static constexpr std::int64_t every_n_steps = 1;
#else
    static constexpr std::int64_t every_n_steps = 0;
#endif
    void after_step(xest::step_info const&) {}
};

int main()
{
    std::tuple<my_hook> hooks;
    bool stop = false;
    return xest::hooks::after_step_all(hooks, xest::step_info{.step = 1, .stop_flag = &stop}) ? 1 : 0;
}
