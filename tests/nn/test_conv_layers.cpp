// nn::conv2d, nn::max_pool2d / average_pool2d / flatten, nn::layer_norm and nn::embedding:
// param names, shapes and initial values as Keras', forward equal to the ops they stand for,
// and gradients of a small CNN against finite differences in float and double.

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "../expr/expr_test_support.hpp"

#include <xestimator/losses.hpp>
#include <xestimator/nn.hpp>

using namespace xest;
using engine_test::check_gradient;
using engine_test::check_values;

TEST_CASE("conv2d layer: param names, shapes and Glorot-uniform kernel as Keras' Conv2D")
{
    nn::conv2d<8, 3, 2, nn::relu, "conv", nn::conv2d_options{.channels = 3}> conv;
    using L = decltype(conv);
    static_assert(std::is_same_v<L::kernel_type::shape_type, shape<3, 2, 3, 8>>);
    static_assert(std::is_same_v<L::bias_type::shape_type, shape<8>>);
    CHECK(L::kernel_type::name_view() == "conv/kernel");
    CHECK(L::bias_type::name_view() == "conv/bias");
    // Keras' fans of a conv kernel: receptive field 3 x 2 times the input and output channels.
    double const limit = std::sqrt(6.0 / (3.0 * 2.0 * 3.0 + 3.0 * 2.0 * 8.0));
    double largest = 0.0;
    for (auto v : conv.kernel.value)
    {
        largest = std::max(largest, std::abs(double(v)));
    }
    CHECK(largest <= limit);
    CHECK(largest > 0.5 * limit);
    for (auto v : conv.bias.value)
    {
        CHECK(v == 0.0f);
    }
    std::vector<std::string> names;
    conv.visit_params([&](auto const& p) { names.emplace_back(p.name_view()); });
    CHECK(names == std::vector<std::string>{"conv/kernel", "conv/bias"});
}

TEST_CASE_TEMPLATE("conv2d, pooling and flatten layers compute the ops they stand for", T, float, double)
{
    tensor<T, shape<2, 6, 5, 2>> x;
    engine_test::fill(x, 111);
    expr::data_leaf<expr::features_tag, T, shape<2, 6, 5, 2>> X{x.data()};
    constexpr nn::conv2d_options options{.channels = 2, .stride_h = 2, .stride_w = 1, .pad = padding::same};
    nn::conv2d<3, 3, 3, nn::tanh, "c", options, T> conv;
    engine_test::fill(conv.bias.value, 112);
    constexpr window_options window{.stride_h = 2, .stride_w = 1, .pad = padding::same};
    auto const by_layers = nn::flatten{}(nn::average_pool2d<1, 2>{}(nn::max_pool2d<2>{}(conv(X))));
    auto const by_ops = flatten(average_pool2d<1, 2>(max_pool2d<2>(tanh(conv2d<window>(X, conv.kernel, conv.bias)))));
    static_assert(std::is_same_v<shape_of_t<decltype(by_layers)>, shape<2, 3>>);
    check_values<T>(engine_test::eval(by_layers), engine_test::eval(by_ops));
}

TEST_CASE_TEMPLATE("a small CNN: conv -> relu -> max pool -> dense, gradients and a partial batch", T, float, double)
{
    tensor<T, shape<3, 6, 6, 1>> x;
    engine_test::fill(x, 113, 0.0, 1.0);
    expr::data_leaf<expr::features_tag, T, shape<3, 6, 6, 1>> X{x.data()};
    tensor<std::int32_t, shape<3>> y{2, 0, 1};
    expr::data_leaf<expr::labels_tag, std::int32_t, shape<3>> Y{y.data()};
    nn::conv2d<4, 3, 3, nn::relu, "conv", nn::conv2d_options{.pad = padding::same}, T> conv;
    nn::dense<3 * 3 * 4, 3, nn::linear, "logits", T> out;
    engine_test::fill(conv.bias.value, 114, 0.05, 0.2);  // away from relu's kink
    auto const loss = losses::sparse_softmax_cross_entropy(Y, out(flatten(nn::max_pool2d<2>{}(conv(X)))));
    check_gradient<T>(loss);
    check_gradient<T>(loss, 2);
}

TEST_CASE_TEMPLATE("layer_norm: gamma (ones) and beta (zeros), normalized rows, gradient", T, float, double)
{
    nn::layer_norm<4, "norm", T> norm;
    CHECK(decltype(norm)::gamma_type::name_view() == "norm/gamma");
    CHECK(decltype(norm)::beta_type::name_view() == "norm/beta");
    for (std::size_t j = 0; j < 4; ++j)
    {
        CHECK(norm.gamma.value(j) == T(1));
        CHECK(norm.beta.value(j) == T(0));
    }
    param<"x", shape<3, 4>, T> x;
    engine_test::fill(x.value, 121, -2.0, 2.0);
    // With the initial gamma and beta every row has mean 0 and variance v / (v + epsilon).
    auto const v = engine_test::eval(norm(x));
    for (std::size_t r = 0; r < 3; ++r)
    {
        double m = 0.0;
        double s = 0.0;
        for (std::size_t j = 0; j < 4; ++j)
        {
            m += v[r * 4 + j] / 4.0;
            s += v[r * 4 + j] * v[r * 4 + j] / 4.0;
        }
        CHECK(std::abs(m) < 1e-5);
        CHECK(s == doctest::Approx(1.0).epsilon(2e-2));
    }
    engine_test::fill(norm.gamma.value, 122, 0.5, 1.5);
    engine_test::fill(norm.beta.value, 123);
    param<"w", shape<4, 2>, T> w;
    engine_test::fill(w.value, 124);
    check_gradient<T>(mean(square(tanh(matmul(norm(x), w)))));
}

TEST_CASE_TEMPLATE("embedding: a table uniform in [-0.05, 0.05] read by ids, gradient", T, float, double)
{
    nn::embedding<6, 3, "words", T> emb;
    CHECK(decltype(emb)::table_type::name_view() == "words/embeddings");
    for (auto v : emb.table.value)
    {
        CHECK(std::abs(double(v)) <= 0.05);
    }
    tensor<std::int32_t, shape<4>> ids{5, 1, 1, 0};
    expr::data_leaf<expr::features_tag, std::int32_t, shape<4>> I{ids.data()};
    auto const e = emb(I);
    static_assert(std::is_same_v<shape_of_t<decltype(e)>, shape<4, 3>>);
    auto const v = engine_test::eval(e);
    CHECK(v[0] == double(emb.table.value(5, 0)));
    CHECK(v[3 * 3 + 2] == double(emb.table.value(0, 2)));
    engine_test::fill(emb.table.value, 131);
    param<"w", shape<3, 2>, T> w;
    engine_test::fill(w.value, 132);
    check_gradient<T>(mean(square(tanh(matmul(emb(I), w)))));
    check_gradient<T>(mean(square(tanh(matmul(emb(I), w)))), 2);
}
