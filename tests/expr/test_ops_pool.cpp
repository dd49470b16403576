// max_pool2d and average_pool2d: values against loops written here (valid and same padding,
// default and explicit strides), gradients against finite differences in float and double, and
// a conv -> pool -> dense chain on a partial batch giving the gradients of the smaller batch.

#include <cmath>
#include <limits>

#include "expr_test_support.hpp"

using namespace xest;
using engine_test::check_gradient;
using engine_test::check_values;

namespace
{
    constexpr window_options same_pool{.pad = padding::same};
    constexpr window_options stride1{.stride_h = 1, .stride_w = 1};

    // TensorFlow's pooling by its definition; padded cells are skipped.
    template <class X>
    std::vector<double> reference_pool(X const& x, std::size_t ph, std::size_t pw, std::size_t sh, std::size_t sw, bool same,
                                       bool max)
    {
        std::size_t const B = x.shape()[0], H = x.shape()[1], W = x.shape()[2], C = x.shape()[3];
        std::size_t const OH = same ? (H + sh - 1) / sh : (H - ph) / sh + 1;
        std::size_t const OW = same ? (W + sw - 1) / sw : (W - pw) / sw + 1;
        long const top = same ? std::max<long>(0, long((OH - 1) * sh + ph) - long(H)) / 2 : 0;
        long const left = same ? std::max<long>(0, long((OW - 1) * sw + pw) - long(W)) / 2 : 0;
        std::vector<double> out;
        for (std::size_t b = 0; b < B; ++b)
            for (std::size_t oy = 0; oy < OH; ++oy)
                for (std::size_t ox = 0; ox < OW; ++ox)
                    for (std::size_t c = 0; c < C; ++c)
                    {
                        double best = -std::numeric_limits<double>::infinity();
                        double sum = 0.0;
                        double n = 0.0;
                        for (std::size_t ky = 0; ky < ph; ++ky)
                            for (std::size_t kx = 0; kx < pw; ++kx)
                            {
                                long const iy = long(oy * sh + ky) - top;
                                long const ix = long(ox * sw + kx) - left;
                                if (iy < 0 || ix < 0 || iy >= long(H) || ix >= long(W))
                                    continue;
                                double const v = double(x(b, std::size_t(iy), std::size_t(ix), c));
                                best = std::max(best, v);
                                sum += v;
                                n += 1.0;
                            }
                        out.push_back(max ? best : sum / n);
                    }
        return out;
    }
}

TEST_CASE_TEMPLATE("pooling: values of max and average, valid and same, default and explicit strides", T, float, double)
{
    param<"img", shape<2, 5, 7, 3>, T> img;
    engine_test::fill(img.value, 91);
    auto const& x = img.value;

    auto const m = max_pool2d<2>(img);
    static_assert(std::is_same_v<shape_of_t<decltype(m)>, shape<2, 2, 3, 3>>);
    check_values<T>(engine_test::eval(m), reference_pool(x, 2, 2, 2, 2, false, true));
    auto const a = average_pool2d<2>(img);
    check_values<T>(engine_test::eval(a), reference_pool(x, 2, 2, 2, 2, false, false));

    auto const ms = max_pool2d<2, 3, same_pool>(img);
    static_assert(std::is_same_v<shape_of_t<decltype(ms)>, shape<2, 3, 3, 3>>);
    check_values<T>(engine_test::eval(ms), reference_pool(x, 2, 3, 2, 3, true, true));
    auto const as = average_pool2d<2, 3, same_pool>(img);
    check_values<T>(engine_test::eval(as), reference_pool(x, 2, 3, 2, 3, true, false));

    auto const m1 = max_pool2d<3, 3, stride1>(img);
    static_assert(std::is_same_v<shape_of_t<decltype(m1)>, shape<2, 3, 5, 3>>);
    check_values<T>(engine_test::eval(m1), reference_pool(x, 3, 3, 1, 1, false, true));
    auto const a1 = average_pool2d<3, 3, stride1>(img);
    check_values<T>(engine_test::eval(a1), reference_pool(x, 3, 3, 1, 1, false, false));
}

TEST_CASE_TEMPLATE("pooling: gradients of max and average pooling", T, float, double)
{
    // Distinct pseudo-random values: no ties, where finite differences would disagree.
    param<"img", shape<2, 5, 7, 3>, T> img;
    engine_test::fill(img.value, 92);
    check_gradient<T>(mean(square(max_pool2d<2>(img))));
    check_gradient<T>(mean(square(max_pool2d<2, 3, same_pool>(img))));
    // Overlapping windows: one cell can be the maximum of several windows.
    check_gradient<T>(mean(square(max_pool2d<3, 3, stride1>(img))));
    check_gradient<T>(mean(square(average_pool2d<2>(img))));
    check_gradient<T>(mean(square(average_pool2d<2, 3, same_pool>(img))));
    check_gradient<T>(mean(square(average_pool2d<3, 3, stride1>(img))));
}

TEST_CASE_TEMPLATE("pooling: max pooling sends the gradient of a tie to the first maximum", T, float, double)
{
    param<"img", shape<1, 2, 2, 1>, T> img;
    img.value.fill(T(1));
    auto const g = engine_test::grad<decltype(img)>(sum(max_pool2d<2>(img)));
    check_values<T>(g, {1.0, 0.0, 0.0, 0.0});
}

TEST_CASE_TEMPLATE("pooling: conv -> relu -> pool -> dense on a partial batch", T, float, double)
{
    tensor<T, shape<3, 6, 6, 1>> x;
    engine_test::fill(x, 93);
    tensor<T, shape<2, 6, 6, 1>> x2;
    for (std::size_t i = 0; i < x2.size(); ++i)
    {
        x2.data()[i] = x.data()[i];
    }
    for (std::size_t i = x2.size(); i < x.size(); ++i)
    {
        x.data()[i] = T(1e20);  // padding images hold junk
    }
    expr::data_leaf<expr::features_tag, T, shape<3, 6, 6, 1>> X{x.data()};
    expr::data_leaf<expr::features_tag, T, shape<2, 6, 6, 1>> X2{x2.data()};
    param<"k", shape<3, 3, 1, 2>, T> K;
    param<"kb", shape<2>, T> kb;
    param<"w", shape<8, 3>, T> Wd;
    engine_test::fill(K.value, 94);
    engine_test::fill(kb.value, 95);
    engine_test::fill(Wd.value, 96);
    auto model = [&](auto const& images)
    {
        auto const pooled = max_pool2d<2>(relu(conv2d(images, K, kb)));  // <B, 2, 2, 2>
        auto const avg = average_pool2d<2>(conv2d(images, K, kb));
        return mean(square(tanh(matmul(flatten(pooled) + flatten(avg), Wd))));
    };
    auto const full = model(X);
    auto const part = model(X2);
    CHECK(engine_test::close(engine_test::eval_scalar(full, 2), engine_test::eval_scalar(part), engine_test::value_tolerance<T>));
    check_values<T>(engine_test::grad<decltype(K)>(full, 2), engine_test::grad<decltype(K)>(part));
    check_values<T>(engine_test::grad<decltype(kb)>(full, 2), engine_test::grad<decltype(kb)>(part));
    check_values<T>(engine_test::grad<decltype(Wd)>(full, 2), engine_test::grad<decltype(Wd)>(part));
    check_gradient<T>(part);
}
