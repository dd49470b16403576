// expect: the member after_step must be callable as after_step(xest::step_info const&)
#include <tuple>
#include <xestimator/hooks/dispatch.hpp>

struct my_hook
{
#ifdef XEST_COMPILE_FAIL_OK
    bool after_step(xest::step_info const& s) { return s.step > 10; }
#else
    int after_step(xest::step_info const& s) { return s.step > 10 ? 1 : 0; }  // int is not "stop"
#endif
};

int main()
{
    std::tuple<my_hook> hooks;
    return xest::hooks::after_step_all(hooks, xest::step_info{.step = 1}) ? 1 : 0;
}
