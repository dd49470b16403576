// expect: unknown prediction key, a regressor's key is
// A misspelt prediction key of a regressor ("prediction" for "predictions").
#include <xestimator/canned/linear.hpp>

int main()
{
    using regressor = xest::canned::linear_regressor<2>;
    xest::tensor<float, xest::shape<1>> row{0.5f};
#ifdef XEST_COMPILE_FAIL_OK
    auto const p = regressor::prediction<"predictions">(row);
#else
    auto const p = regressor::prediction<"prediction">(row);
#endif
    return p(0) == 0.5f ? 0 : 1;
}
