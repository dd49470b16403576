// expect: the member end must be callable as void end(xest::step_info const& last).
// end declared without the last step's info.
#include <tuple>
#include <xestimator/hooks/dispatch.hpp>

struct my_hook
{
#ifdef XEST_COMPILE_FAIL_OK
    void end(xest::step_info const&) {}
#else
    void end() {}
#endif
};

int main()
{
    std::tuple<my_hook> hooks;
    xest::hooks::end_all(hooks, xest::step_info{.step = 1});
}
