// expect: join() got a temporary tuple holding hooks by value
#include <tuple>
#include <xestimator/hooks/dispatch.hpp>

struct my_hook
{
    void after_step(xest::step_info const&) {}
};

int main()
{
    std::tuple<my_hook> kept;
#ifdef XEST_COMPILE_FAIL_OK
    my_hook h;
    auto all = xest::hooks::join(kept, std::tie(h));
#else
    auto all = xest::hooks::join(kept, std::tuple<my_hook>{});
#endif
    return xest::hooks::after_step_all(all, xest::step_info{.step = 1}) ? 1 : 0;
}
