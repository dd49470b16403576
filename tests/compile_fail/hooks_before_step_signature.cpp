// expect: the member before_step must be callable as before_step(std::int64_t step)
// before_step declared with the step_info of after_step.
#include <cstdint>
#include <tuple>
#include <xestimator/hooks/dispatch.hpp>

struct my_hook
{
#ifdef XEST_COMPILE_FAIL_OK
    bool before_step(std::int64_t step) { return step > 10; }
#else
    bool before_step(xest::step_info const& s) { return s.step > 10; }
#endif
};

int main()
{
    std::tuple<my_hook> hooks;
    return xest::hooks::before_step_all(hooks, 1) ? 1 : 0;
}
