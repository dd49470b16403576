// expect: unknown prediction key, a multi-class classifier's keys are
// A misspelt prediction key ("class_id" for "class_ids").
#include <xestimator/canned/dnn.hpp>

int main()
{
    using classifier = xest::canned::dnn_classifier<2, xest::canned::hidden<4>, 3>;
    xest::tensor<float, xest::shape<6>> row{0.2f, 0.5f, 0.3f, 0.0f, 1.0f, 0.5f};
#ifdef XEST_COMPILE_FAIL_OK
    return static_cast<int>(classifier::prediction<"class_ids">(row)) == 1 ? 0 : 1;
#else
    return static_cast<int>(classifier::prediction<"class_id">(row)) == 1 ? 0 : 1;
#endif
}
