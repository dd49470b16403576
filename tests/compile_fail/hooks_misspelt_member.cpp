// expect: this type is not a hook
// A misspelt member is not silently skipped: a type with no recognised member is rejected.
#include <tuple>
#include <xestimator/hooks/dispatch.hpp>

struct my_hook
{
#ifdef XEST_COMPILE_FAIL_OK
    void after_step(xest::step_info const&) {}
#else
    void after_stpe(xest::step_info const&) {}
#endif
};

int main()
{
    std::tuple<my_hook> hooks;
    bool stop = false;
    return xest::hooks::after_step_all(hooks, xest::step_info{.step = 1, .stop_flag = &stop}) ? 1 : 0;
}
