// expect: a loss needs labels and predictions of the same shape
// Labels <4, 1> with predictions <4, 2>.
#include <xestimator/losses.hpp>

int main()
{
    float y[4] = {};
    xest::expr::data_leaf<xest::expr::labels_tag, float, xest::shape<4, 1>> labels{y};
#ifdef XEST_COMPILE_FAIL_OK
    xest::param<"p", xest::shape<4, 1>> p;
#else
    xest::param<"p", xest::shape<4, 2>> p;
#endif
    auto loss = xest::losses::mean_squared_error(labels, p);
    (void)loss;
}
