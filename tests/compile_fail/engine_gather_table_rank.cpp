// expect: gather reads rows of a table <rows, width> (rank 2)
// An embedding table given as a vector.
#include <cstdint>

#include <xestimator/expr.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::param<"table", xest::shape<10, 1>> table;
#else
    xest::param<"table", xest::shape<10>> table;
#endif
    std::int32_t ids[4] = {1, 2, 3, 4};
    xest::expr::data_leaf<xest::expr::features_tag, std::int32_t, xest::shape<4>> leaf{ids};
    auto e = xest::gather(table, leaf);
    auto loss = xest::sum(e);
    (void)loss;
}
