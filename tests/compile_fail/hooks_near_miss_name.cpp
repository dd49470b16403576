// expect: is a near miss of the hook protocol
#include <tuple>
#include <xestimator/hooks/dispatch.hpp>

struct my_hook
{
    void begin(xest::run_info const&) {}
#ifdef XEST_COMPILE_FAIL_OK
    void after_step(xest::step_info const&) {}
#else
    void after_steps(xest::step_info const&) {}
#endif
};

int main()
{
    std::tuple<my_hook> hooks;
    xest::hooks::begin_all(hooks, xest::run_info{});
}
