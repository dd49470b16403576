// expect: a static every_n_steps must be a constant expression convertible to std::int64_t
#include <cstdint>
#include <tuple>
#include <xestimator/hooks/dispatch.hpp>

struct my_hook
{
#ifdef XEST_COMPILE_FAIL_OK
    static constexpr std::int64_t every_n_steps = 10;
#else
    static constexpr double every_n_steps = 2.5;
#endif
    void after_step(xest::step_info const&) {}
};

int main()
{
    std::tuple<my_hook> hooks;
    return xest::hooks::after_step_all(hooks, xest::step_info{.step = 1}) ? 1 : 0;
}
