// expect: are Keras callback names
// A Keras callback name next to a recognised member would otherwise never be called.
#include <cstdint>
#include <tuple>
#include <xestimator/hooks/dispatch.hpp>

struct my_hook
{
    void after_step(xest::step_info const&) {}
#ifdef XEST_COMPILE_FAIL_OK
    void end(xest::step_info const&) {}
#else
    void on_train_end(xest::step_info const&) {}
#endif
};

int main()
{
    std::tuple<my_hook> hooks;
    bool stop = false;
    return xest::hooks::after_step_all(hooks, xest::step_info{.step = 1, .stop_flag = &stop}) ? 1 : 0;
}
