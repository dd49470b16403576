// expect: unknown prediction key, a binary classifier's keys are
// A misspelt prediction key of a binary classifier ("logit" for "logistic").
#include <xestimator/canned/linear.hpp>

int main()
{
    using classifier = xest::canned::linear_classifier<2>;
    xest::tensor<float, xest::shape<3>> row{0.25f, 0.75f, 1.1f};
#ifdef XEST_COMPILE_FAIL_OK
    return static_cast<float>(classifier::prediction<"logistic">(row)) > 0.5f ? 0 : 1;
#else
    return static_cast<float>(classifier::prediction<"logit">(row)) > 0.5f ? 0 : 1;
#endif
}
