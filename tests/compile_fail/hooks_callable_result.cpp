// expect: a callable hook must return void or bool
#include <tuple>
#include <xestimator/hooks/dispatch.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    auto hook = [](float loss) { return loss > 1.0f; };
#else
    auto hook = [](float loss) { return loss; };  // a float is not a stop request
#endif
    auto hooks = std::tie(hook);
    return xest::hooks::after_step_all(hooks, xest::step_info{.step = 1}) ? 1 : 0;
}
