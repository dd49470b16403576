// expect: bucketize needs at least one boundary, strictly increasing
// bucketize with a repeated boundary.
#include <xestimator/expr.hpp>

int main()
{
    xest::tensor<float, xest::shape<4>> x{};
    xest::expr::data_leaf<xest::expr::features_tag, float, xest::shape<4>> features{x.data()};
#ifdef XEST_COMPILE_FAIL_OK
    auto const ids = xest::bucketize<0.5, 1.5>(features);
#else
    auto const ids = xest::bucketize<0.5, 0.5>(features);
#endif
    return sizeof(ids) > 0 ? 0 : 1;
}
