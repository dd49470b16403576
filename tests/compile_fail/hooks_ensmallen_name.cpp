// expect: are ensmallen callback names
// An ensmallen callback name next to a recognised member would otherwise never be called.
#include <tuple>
#include <xestimator/hooks/dispatch.hpp>

struct my_hook
{
    void after_step(xest::step_info const&) {}
#ifdef XEST_COMPILE_FAIL_OK
    void begin(xest::run_info const&) {}
#else
    void BeginOptimization(xest::run_info const&) {}
#endif
};

int main()
{
    std::tuple<my_hook> hooks;
    xest::hooks::begin_all(hooks, xest::run_info{});
}
