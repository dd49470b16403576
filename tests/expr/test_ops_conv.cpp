// conv2d: values against a loop written here (valid and same padding, strides 1 and 2), the
// gradients of images, kernel and bias against finite differences in float and double, and a
// partial batch giving the gradients of the smaller batch.

#include <cmath>

#include "expr_test_support.hpp"

using namespace xest;
using engine_test::check_gradient;
using engine_test::check_values;

namespace
{
    constexpr window_options same2{.stride_h = 2, .stride_w = 2, .pad = padding::same};
    constexpr window_options same1{.stride_h = 1, .stride_w = 1, .pad = padding::same};
    constexpr window_options valid12{.stride_h = 1, .stride_w = 2, .pad = padding::valid};

    // TensorFlow's conv2d by its definition: out[b, oy, ox, f] = bias[f] + sum over the window
    // of x[b, oy sh + ky - top, ox sw + kx - left, c] k[ky, kx, c, f], zero outside the image.
    template <class X, class K, class Bias>
    std::vector<double> reference_conv(X const& x, K const& k, Bias const& bias, std::size_t sh, std::size_t sw, bool same)
    {
        std::size_t const B = x.shape()[0], H = x.shape()[1], W = x.shape()[2], C = x.shape()[3];
        std::size_t const KH = k.shape()[0], KW = k.shape()[1], F = k.shape()[3];
        std::size_t const OH = same ? (H + sh - 1) / sh : (H - KH) / sh + 1;
        std::size_t const OW = same ? (W + sw - 1) / sw : (W - KW) / sw + 1;
        long const top = same ? long(std::max<long>(0, long((OH - 1) * sh + KH) - long(H)) / 2) : 0;
        long const left = same ? long(std::max<long>(0, long((OW - 1) * sw + KW) - long(W)) / 2) : 0;
        std::vector<double> out;
        for (std::size_t b = 0; b < B; ++b)
            for (std::size_t oy = 0; oy < OH; ++oy)
                for (std::size_t ox = 0; ox < OW; ++ox)
                    for (std::size_t f = 0; f < F; ++f)
                    {
                        double s = double(bias(f));
                        for (std::size_t ky = 0; ky < KH; ++ky)
                            for (std::size_t kx = 0; kx < KW; ++kx)
                            {
                                long const iy = long(oy * sh + ky) - top;
                                long const ix = long(ox * sw + kx) - left;
                                if (iy < 0 || ix < 0 || iy >= long(H) || ix >= long(W))
                                    continue;
                                for (std::size_t c = 0; c < C; ++c)
                                    s += double(x(b, std::size_t(iy), std::size_t(ix), c)) * double(k(ky, kx, c, f));
                            }
                        out.push_back(s);
                    }
        return out;
    }

    template <class T>
    struct conv_case
    {
        tensor<T, shape<3, 5, 6, 2>> x;
        tensor<T, shape<2, 5, 6, 2>> x2;  // the first two images alone
        expr::data_leaf<expr::features_tag, T, shape<3, 5, 6, 2>> X{nullptr};
        expr::data_leaf<expr::features_tag, T, shape<2, 5, 6, 2>> X2{nullptr};
        param<"k", shape<3, 3, 2, 4>, T> K;
        param<"bias", shape<4>, T> b;
        conv_case()
        {
            engine_test::fill(x, 61);
            engine_test::fill(K.value, 62);
            engine_test::fill(b.value, 63);
            for (std::size_t i = 0; i < x2.size(); ++i)
            {
                x2.data()[i] = x.data()[i];
            }
            X.data = x.data();
            X2.data = x2.data();
        }
    };
}

TEST_CASE_TEMPLATE("conv2d: values of valid and same padding, strides 1 and 2", T, float, double)
{
    conv_case<T> d;
    tensor<T, shape<4>> zero_bias;
    zero_bias.fill(T(0));

    auto const valid = conv2d(d.X, d.K, d.b);
    static_assert(std::is_same_v<shape_of_t<decltype(valid)>, shape<3, 3, 4, 4>>);
    static_assert(expr::traits<std::remove_cvref_t<decltype(valid)>>::batched);
    check_values<T>(engine_test::eval(valid), reference_conv(d.x, d.K.value, d.b.value, 1, 1, false));

    auto const no_bias = conv2d(d.X, d.K);
    check_values<T>(engine_test::eval(no_bias), reference_conv(d.x, d.K.value, zero_bias, 1, 1, false));

    auto const s1 = conv2d<same1>(d.X, d.K, d.b);
    static_assert(std::is_same_v<shape_of_t<decltype(s1)>, shape<3, 5, 6, 4>>);
    check_values<T>(engine_test::eval(s1), reference_conv(d.x, d.K.value, d.b.value, 1, 1, true));

    auto const s2 = conv2d<same2>(d.X, d.K, d.b);
    static_assert(std::is_same_v<shape_of_t<decltype(s2)>, shape<3, 3, 3, 4>>);
    check_values<T>(engine_test::eval(s2), reference_conv(d.x, d.K.value, d.b.value, 2, 2, true));

    auto const v12 = conv2d<valid12>(d.X, d.K, d.b);
    static_assert(std::is_same_v<shape_of_t<decltype(v12)>, shape<3, 3, 2, 4>>);
    check_values<T>(engine_test::eval(v12), reference_conv(d.x, d.K.value, d.b.value, 1, 2, false));

    // A 2x2 kernel with stride 2 and same padding on an odd size pads one row at the bottom.
    param<"k2", shape<2, 2, 2, 3>, T> K2;
    param<"b2", shape<3>, T> b2;
    engine_test::fill(K2.value, 64);
    engine_test::fill(b2.value, 65);
    auto const odd = conv2d<same2>(d.X, K2, b2);
    static_assert(std::is_same_v<shape_of_t<decltype(odd)>, shape<3, 3, 3, 3>>);
    check_values<T>(engine_test::eval(odd), reference_conv(d.x, K2.value, b2.value, 2, 2, true));
}

TEST_CASE_TEMPLATE("conv2d: gradients of kernel and bias", T, float, double)
{
    conv_case<T> d;
    check_gradient<T>(mean(square(tanh(conv2d(d.X, d.K, d.b)))));
    check_gradient<T>(mean(square(tanh(conv2d<same2>(d.X, d.K, d.b) - T(0.2)))));
    check_gradient<T>(sum(tanh(conv2d<valid12>(d.X, d.K)) * T(0.1)));
}

TEST_CASE_TEMPLATE("conv2d: gradient of the images (a conv after a conv)", T, float, double)
{
    // Images as a param, so their gradient is checked directly; then two stacked convolutions.
    param<"img", shape<2, 5, 4, 2>, T> img;
    param<"k", shape<3, 2, 2, 3>, T> K;
    param<"k2", shape<2, 2, 3, 2>, T> K2;
    engine_test::fill(img.value, 71);
    engine_test::fill(K.value, 72);
    engine_test::fill(K2.value, 73);
    check_gradient<T>(mean(square(tanh(conv2d<same1>(img, K)))));
    check_gradient<T>(mean(square(conv2d<same2>(tanh(conv2d(img, K)), K2))));
}

TEST_CASE_TEMPLATE("conv2d: a partial batch gives the gradients of the smaller batch", T, float, double)
{
    conv_case<T> d;
    auto const full = mean(square(tanh(conv2d<same2>(d.X, d.K, d.b))));
    auto const part = mean(square(tanh(conv2d<same2>(d.X2, d.K, d.b))));
    check_values<T>(engine_test::grad<decltype(d.K)>(full, 2), engine_test::grad<decltype(d.K)>(part));
    check_values<T>(engine_test::grad<decltype(d.b)>(full, 2), engine_test::grad<decltype(d.b)>(part));
    check_gradient<T>(full, 2);
    // Whatever the padding image holds (here huge values), the gradients do not change.
    for (std::size_t i = 2 * 5 * 6 * 2; i < d.x.size(); ++i)
    {
        d.x.data()[i] = T(1e30);
    }
    check_values<T>(engine_test::grad<decltype(d.K)>(full, 2), engine_test::grad<decltype(d.K)>(part));
    check_values<T>(engine_test::grad<decltype(d.b)>(full, 2), engine_test::grad<decltype(d.b)>(part));
}

TEST_CASE_TEMPLATE("relu(conv2d(x, k, b)) is one fused op with relu's values and gradients", T, float, double)
{
    conv_case<T> d;
    auto const fused = relu(conv2d<same2>(d.X, d.K, d.b));
    using op = std::remove_cvref_t<decltype(fused.op)>;
    static_assert(std::is_same_v<op, expr::conv2d_relu_op<shape<3, 5, 6, 2>, 3, 3, 4, same2, true, T>>);
    std::vector<double> want = reference_conv(d.x, d.K.value, d.b.value, 2, 2, true);
    for (double& v : want)
    {
        v = v > 0.0 ? v : 0.0;
    }
    check_values<T>(engine_test::eval(fused), want);
    // The same loss through the unfused element-wise relu gives the same gradients.
    auto const loss = mean(square(fused - T(0.1)));
    auto const plain = mean(square(expr::detail::make_unary<expr::rules::relu>(conv2d<same2>(d.X, d.K, d.b)) - T(0.1)));
    check_values<T>(engine_test::grad<decltype(d.K)>(loss, 2), engine_test::grad<decltype(d.K)>(plain, 2));
    check_values<T>(engine_test::grad<decltype(d.b)>(loss, 2), engine_test::grad<decltype(d.b)>(plain, 2));
    check_gradient<T>(loss);
    check_gradient<T>(loss, 2);
}
