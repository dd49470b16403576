// expect: gather reads a floating-point table.
// Gathering rows of an integer feature matrix (ids and table swapped is the usual cause).
#include <cstdint>

#include <xestimator/expr.hpp>

int main()
{
    std::int32_t ids[4] = {1, 2, 3, 4};
    xest::expr::data_leaf<xest::expr::features_tag, std::int32_t, xest::shape<4>> leaf{ids};
#ifdef XEST_COMPILE_FAIL_OK
    float rows[20] = {};
    xest::expr::data_leaf<xest::expr::features_tag, float, xest::shape<10, 2>> table{rows};
#else
    std::int32_t rows[20] = {};
    xest::expr::data_leaf<xest::expr::features_tag, std::int32_t, xest::shape<10, 2>> table{rows};
#endif
    auto e = xest::gather(table, leaf);
    auto loss = xest::sum(e);
    (void)loss;
}
