// expect: bucketize reads floating-point values
// bucketize over integer ids.
#include <xestimator/expr.hpp>

#include <cstdint>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::tensor<float, xest::shape<4>> x{};
    xest::expr::data_leaf<xest::expr::features_tag, float, xest::shape<4>> features{x.data()};
#else
    xest::tensor<std::int32_t, xest::shape<4>> x{};
    xest::expr::data_leaf<xest::expr::features_tag, std::int32_t, xest::shape<4>> features{x.data()};
#endif
    auto const ids = xest::bucketize<0.5, 1.5>(features);
    return sizeof(ids) > 0 ? 0 : 1;
}
