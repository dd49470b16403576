// expect: the member before_update must be callable as before_update(xest::step_info const&)
// before_update declared with the step number of before_step.
#include <cstdint>
#include <tuple>
#include <xestimator/hooks/dispatch.hpp>

struct my_hook
{
#ifdef XEST_COMPILE_FAIL_OK
    bool before_update(xest::step_info const& s) { return s.step > 10; }
#else
    bool before_update(std::int64_t step) { return step > 10; }
#endif
};

int main()
{
    std::tuple<my_hook> hooks;
    bool stop = false;
    return xest::hooks::before_update_all(hooks, xest::step_info{.step = 1, .stop_flag = &stop}) ? 1 : 0;
}
