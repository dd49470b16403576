// expect: a convolution kernel or pooling window needs at least one row and one column.
// Average pooling with a window of 0 x 2.
#include <xestimator/expr.hpp>

int main()
{
    xest::param<"images", xest::shape<2, 8, 8, 1>> images;
#ifdef XEST_COMPILE_FAIL_OK
    auto pooled = xest::average_pool2d<1, 2>(images);
#else
    auto pooled = xest::average_pool2d<0, 2>(images);
#endif
    auto loss = xest::mean(pooled);
    (void)loss;
}
