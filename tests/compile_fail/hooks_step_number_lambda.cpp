// expect: this type is not a hook
// A lambda over the step number is not taken for a loss callable (the loss would be truncated).
#include <cstdint>
#include <tuple>
#include <xestimator/hooks/dispatch.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    auto hook = [](xest::step_info const& s) { return s.step > 3; };
#else
    auto hook = [](std::int64_t step) { return step > 3; };
#endif
    auto hooks = std::tie(hook);
    return xest::hooks::after_step_all(hooks, xest::step_info{.step = 1}) ? 1 : 0;
}
