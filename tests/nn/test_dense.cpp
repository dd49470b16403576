// nn::dense: param names and shapes, forward equal to activation(x W + b), gradients, params
// visited in order, and two layers of a model kept apart by their names.

#include <string>
#include <vector>

#include "../expr/expr_test_support.hpp"

#include <xestimator/nn.hpp>

using namespace xest;
using engine_test::check_values;

namespace
{
    template <class T>
    struct input
    {
        tensor<T, shape<4, 3>> x;
        expr::data_leaf<expr::features_tag, T, shape<4, 3>> X{nullptr};
        input()
        {
            engine_test::fill(x, 81);
            X.data = x.data();
        }
    };

    // x W + b, then f, by loops.
    template <class T, class Layer, class F>
    std::vector<double> reference(input<T> const& in, Layer const& l, F f)
    {
        std::vector<double> out;
        for (std::size_t i = 0; i < 4; ++i)
        {
            for (std::size_t j = 0; j < 2; ++j)
            {
                double s = double(l.bias.value(j));
                for (std::size_t k = 0; k < 3; ++k)
                {
                    s += double(in.x(i, k)) * double(l.kernel.value(k, j));
                }
                out.push_back(f(s));
            }
        }
        return out;
    }
}

TEST_CASE("dense: param names, shapes and initial values as Keras' Dense")
{
    nn::dense<3, 2, nn::relu, "hidden"> layer;
    using L = decltype(layer);
    static_assert(std::is_same_v<L::kernel_type::shape_type, shape<3, 2>>);
    static_assert(std::is_same_v<L::bias_type::shape_type, shape<2>>);
    CHECK(L::kernel_type::name_view() == "hidden/kernel");
    CHECK(L::bias_type::name_view() == "hidden/bias");
    CHECK(nn::dense<3, 2>::kernel_type::name_view() == "dense/kernel");
    // Glorot-uniform kernel within sqrt(6 / (3 + 2)), zero bias.
    for (auto v : layer.kernel.value)
    {
        CHECK(std::abs(double(v)) <= std::sqrt(6.0 / 5.0));
    }
    CHECK(layer.kernel.value(0, 0) != layer.kernel.value(0, 1));
    for (auto v : layer.bias.value)
    {
        CHECK(v == 0.0f);
    }
    std::vector<std::string> names;
    layer.visit_params([&](auto const& p) { names.emplace_back(p.name_view()); });
    CHECK(names == std::vector<std::string>{"hidden/kernel", "hidden/bias"});
}

TEST_CASE_TEMPLATE("dense: forward equals activation(x W + b)", T, float, double)
{
    input<T> in;
    nn::dense<3, 2, nn::linear, "lin", T> lin;
    nn::dense<3, 2, nn::tanh, "th", T> th;
    nn::dense<3, 2, nn::relu, "re", T> re;
    engine_test::fill(lin.bias.value, 82);
    engine_test::fill(th.bias.value, 83);
    engine_test::fill(re.bias.value, 84);
    static_assert(std::is_same_v<shape_of_t<decltype(lin(in.X))>, shape<4, 2>>);
    auto const v = engine_test::eval_all(lin(in.X), th(in.X), re(in.X));
    check_values<T>(v[0], reference(in, lin, [](double s) { return s; }));
    check_values<T>(v[1], reference(in, th, [](double s) { return std::tanh(s); }));
    check_values<T>(v[2], reference(in, re, [](double s) { return s > 0 ? s : 0.0; }));
}

TEST_CASE_TEMPLATE("dense: two stacked layers, gradients of every param", T, float, double)
{
    input<T> in;
    nn::dense<3, 5, nn::tanh, "hidden", T> hidden;
    nn::dense<5, 2, nn::linear, "out", T> out;
    engine_test::fill(hidden.bias.value, 85);
    auto const y = out(hidden(in.X));
    auto const loss = mean(square(y));
    auto const r = gradient_check(loss);
    engine_test::check_result(r, engine_test::grad_tolerance<T>);
    CHECK(r.checked == 3 * 5 + 5 + 5 * 2 + 2);
}

TEST_CASE("dense: two layers of the same shape need their own names")
{
    // Two layers with the default name "dense" have params of one type: the graph refuses them
    // instead of computing the second layer with the first layer's kernel.
    input<float> in;
    nn::dense<3, 3> first;
    nn::dense<3, 3> second;
    CHECK_THROWS_WITH_AS(engine_test::eval(second(first(in.X))), doctest::Contains("give each its own name"),
                         xest::config_error);
    nn::dense<3, 3, nn::linear, "first"> first_named;
    nn::dense<3, 3, nn::linear, "second"> second_named;
    engine_test::fill(second_named.kernel.value, 86);
    auto const two = engine_test::eval(second_named(first_named(in.X)));
    auto const one = engine_test::eval(first_named(in.X));
    CHECK(two != one);
}
