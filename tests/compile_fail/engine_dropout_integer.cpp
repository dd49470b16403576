// expect: dropout and gaussian_noise take a float or double operand
// Dropout applied to integer class ids.
#include <xestimator/expr.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    float ids[4] = {0, 1, 2, 1};
#else
    int ids[4] = {0, 1, 2, 1};
#endif
    xest::expr::data_leaf<xest::expr::labels_tag, decltype(+ids[0]), xest::shape<4>> y{ids};
    auto dropped = xest::dropout(y, 0.5);
    (void)dropped;
}
