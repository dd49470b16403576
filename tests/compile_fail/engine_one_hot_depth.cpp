// expect: one_hot needs a Depth of at least 1.
// A one-hot encoding of depth 0.
#include <cstdint>

#include <xestimator/expr.hpp>

int main()
{
    std::int32_t ids[4] = {1, 0, 1, 0};
    xest::expr::data_leaf<xest::expr::features_tag, std::int32_t, xest::shape<4>> leaf{ids};
#ifdef XEST_COMPILE_FAIL_OK
    auto h = xest::one_hot<2>(leaf);
#else
    auto h = xest::one_hot<0>(leaf);
#endif
    auto loss = xest::sum(h);
    (void)loss;
}
