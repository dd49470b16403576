// expect: pooling indexes its input with 32 bits.
// Max pooling over a batch of images of 2^32 values in all.
#include <xestimator/expr.hpp>

int main()
{
    float const* pixels = nullptr;
#ifdef XEST_COMPILE_FAIL_OK
    xest::expr::data_leaf<xest::expr::features_tag, float, xest::shape<16, 1024, 1024, 1>> images{pixels};
#else
    xest::expr::data_leaf<xest::expr::features_tag, float, xest::shape<4096, 1024, 1024, 1>> images{pixels};
#endif
    auto loss = xest::mean(xest::max_pool2d<2>(images));
    (void)loss;
}
