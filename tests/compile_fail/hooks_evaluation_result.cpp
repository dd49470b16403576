// expect: xest hook: after_evaluation_all needs a result with .loss (double), .global_step (std::int64_t) and operator[](std::string_view) -> double.
// Dispatching after_evaluation with the bare loss instead of the evaluation result.
#include <cstdint>
#include <string_view>
#include <tuple>
#include <xestimator/hooks/dispatch.hpp>

struct result
{
    double loss = 0.0;
    std::int64_t global_step = 0;
    double operator[](std::string_view) const { return 0.0; }
};

struct my_hook
{
    bool after_evaluation(auto const& r) { return r.loss < 0.1; }
};

int main()
{
    std::tuple<my_hook> hooks;
#ifdef XEST_COMPILE_FAIL_OK
    return xest::hooks::after_evaluation_all(hooks, result{}) ? 1 : 0;
#else
    return xest::hooks::after_evaluation_all(hooks, 0.5) ? 1 : 0;
#endif
}
