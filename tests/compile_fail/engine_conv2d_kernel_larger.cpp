// expect: the kernel (or pool window) is larger than the input image
// A 5x5 kernel over 4x4 images with valid padding.
#include <xestimator/expr.hpp>

int main()
{
    xest::param<"images", xest::shape<2, 4, 4, 1>> images;
    xest::param<"kernel", xest::shape<5, 5, 1, 8>> kernel;
#ifdef XEST_COMPILE_FAIL_OK
    constexpr xest::window_options options{.pad = xest::padding::same};
#else
    constexpr xest::window_options options{.pad = xest::padding::valid};
#endif
    auto y = xest::conv2d<options>(images, kernel);
    auto loss = xest::mean(xest::max_pool2d<2>(y));
    (void)loss;
}
