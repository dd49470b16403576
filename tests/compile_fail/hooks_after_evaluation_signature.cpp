// expect: the member after_evaluation must be callable as after_evaluation(result)
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
#ifdef XEST_COMPILE_FAIL_OK
    bool after_evaluation(auto const& r) { return r.loss < 0.1; }
#else
    bool after_evaluation(double loss) { return loss < 0.1; }
#endif
};

int main()
{
    std::tuple<my_hook> hooks;
    return xest::hooks::after_evaluation_all(hooks, result{}) ? 1 : 0;
}
