// expect: the member begin must be callable as void begin(xest::run_info const&)
#include <cstdint>
#include <tuple>
#include <xestimator/hooks/dispatch.hpp>

struct my_hook
{
#ifdef XEST_COMPILE_FAIL_OK
    void begin(xest::run_info const&) {}
#else
    void begin(std::int64_t) {}  // the step number comes with before_step
#endif
};

int main()
{
    std::tuple<my_hook> hooks;
    xest::hooks::begin_all(hooks, xest::run_info{});
}
