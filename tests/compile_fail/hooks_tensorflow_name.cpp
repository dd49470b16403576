// expect: are TensorFlow SessionRunHook names
// A TensorFlow member name next to a recognised one would otherwise never be called.
#include <tuple>
#include <xestimator/hooks/dispatch.hpp>

struct my_hook
{
    void begin(xest::run_info const&) {}
#ifdef XEST_COMPILE_FAIL_OK
    void after_step(xest::step_info const&) {}
#else
    void after_run(xest::step_info const&) {}
#endif
};

int main()
{
    std::tuple<my_hook> hooks;
    xest::hooks::begin_all(hooks, xest::run_info{});
}
