// expect: loss weights must be a scalar or one weight per example
// Weights <3> for a batch of 4 examples.
#include <xestimator/losses.hpp>

int main()
{
    float y[8] = {};
    xest::expr::data_leaf<xest::expr::labels_tag, float, xest::shape<4, 2>> labels{y};
    xest::param<"p", xest::shape<4, 2>> p;
#ifdef XEST_COMPILE_FAIL_OK
    xest::param<"w", xest::shape<4>> w;
#else
    xest::param<"w", xest::shape<3>> w;
#endif
    auto loss = xest::losses::absolute_difference(labels, p, w);
    (void)loss;
}
