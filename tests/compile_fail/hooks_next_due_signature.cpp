// expect: the member next_due must be callable as std::int64_t next_due(std::int64_t step) const
// next_due declared without const.
#include <cstdint>
#include <tuple>
#include <xestimator/hooks/dispatch.hpp>

struct my_hook
{
    void after_step(xest::step_info const&) {}
#ifdef XEST_COMPILE_FAIL_OK
    std::int64_t next_due(std::int64_t step) const { return step + 10; }
#else
    std::int64_t next_due(std::int64_t step) { return step + 10; }
#endif
};

int main()
{
    std::tuple<my_hook> hooks;
    bool stop = false;
    return xest::hooks::after_step_all(hooks, xest::step_info{.step = 1, .stop_flag = &stop}) ? 1 : 0;
}
