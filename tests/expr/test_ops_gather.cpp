// one_hot and gather: values against loops, out-of-range ids, gradients (scatter-add) against
// finite differences in float and double, equality with the one_hot · table product, and
// padding rows of a partial batch that add nothing.

#include <cmath>
#include <cstdint>

#include "expr_test_support.hpp"

using namespace xest;
using engine_test::check_gradient;
using engine_test::check_values;

TEST_CASE_TEMPLATE("one_hot: 1 at the id, zeros elsewhere and for ids out of range", T, float, double)
{
    tensor<std::int32_t, shape<5>> ids{2, 0, 3, -1, 4};
    expr::data_leaf<expr::features_tag, std::int32_t, shape<5>> I{ids.data()};
    auto const h = one_hot<4, T>(I);
    static_assert(std::is_same_v<shape_of_t<decltype(h)>, shape<5, 4>>);
    static_assert(std::is_same_v<value_type_of_t<decltype(h)>, T>);
    static_assert(expr::traits<std::remove_cvref_t<decltype(h)>>::batched);
    std::vector<double> want{0, 0, 1, 0, /**/ 1, 0, 0, 0, /**/ 0, 0, 0, 1, /**/ 0, 0, 0, 0, /**/ 0, 0, 0, 0};
    check_values<T>(engine_test::eval(h), want);

    // Floating-point ids (a column of a dense feature matrix), rank 2 ids.
    tensor<T, shape<2, 2>> fids{{1, 0}, {2, 7}};
    expr::data_leaf<expr::features_tag, T, shape<2, 2>> F{fids.data()};
    auto const h2 = one_hot<3>(F);
    static_assert(std::is_same_v<shape_of_t<decltype(h2)>, shape<2, 2, 3>>);
    check_values<T>(engine_test::eval(h2), {0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0});
}

TEST_CASE_TEMPLATE("one_hot: the indicator column's product is gradient-checked", T, float, double)
{
    tensor<std::int32_t, shape<4>> ids{2, 0, 2, 1};
    expr::data_leaf<expr::features_tag, std::int32_t, shape<4>> I{ids.data()};
    param<"w", shape<3, 2>, T> W;
    engine_test::fill(W.value, 21);
    auto const loss = mean(square(tanh(matmul(one_hot<3, T>(I), W)) - T(0.25)));
    check_gradient<T>(loss);
    check_gradient<T>(loss, 2);
}

TEST_CASE_TEMPLATE("gather: rows of the table, NaN for an id out of range", T, float, double)
{
    param<"table", shape<4, 3>, T> E;
    engine_test::fill(E.value, 31);
    tensor<std::int64_t, shape<5>> ids{3, 0, 3, 1, 4};
    expr::data_leaf<expr::features_tag, std::int64_t, shape<5>> I{ids.data()};
    auto const g = gather(E, I);
    static_assert(std::is_same_v<shape_of_t<decltype(g)>, shape<5, 3>>);
    static_assert(expr::traits<std::remove_cvref_t<decltype(g)>>::batched);
    auto const v = engine_test::eval(g);
    for (std::size_t i = 0; i < 4; ++i)
    {
        for (std::size_t j = 0; j < 3; ++j)
        {
            CHECK(v[i * 3 + j] == double(E.value(std::size_t(ids(i)), j)));
        }
    }
    for (std::size_t j = 0; j < 3; ++j)
    {
        CHECK(std::isnan(v[4 * 3 + j]));
    }
    // Rank 2 ids <2, 2> give <2, 2, 3>; floating-point ids work as their integer value.
    tensor<T, shape<2, 2>> fids{{1, 1}, {0, 2}};
    expr::data_leaf<expr::features_tag, T, shape<2, 2>> F{fids.data()};
    auto const g2 = gather(E, F);
    static_assert(std::is_same_v<shape_of_t<decltype(g2)>, shape<2, 2, 3>>);
    auto const v2 = engine_test::eval(g2);
    for (std::size_t i = 0; i < 4; ++i)
    {
        for (std::size_t j = 0; j < 3; ++j)
        {
            CHECK(v2[i * 3 + j] == double(E.value(std::size_t(fids.data()[i]), j)));
        }
    }
}

TEST_CASE_TEMPLATE("gather: the gradient scatter-adds, equal to the one_hot product's", T, float, double)
{
    param<"table", shape<4, 3>, T> E;
    param<"w", shape<3, 2>, T> W;
    engine_test::fill(E.value, 41);
    engine_test::fill(W.value, 42);
    // Id 2 is read three times, id 3 never: its gradient row is exactly zero.
    tensor<std::int32_t, shape<5>> ids{2, 0, 2, 1, 2};
    expr::data_leaf<expr::features_tag, std::int32_t, shape<5>> I{ids.data()};
    auto const loss = mean(square(tanh(matmul(gather(E, I), W)) - T(0.1)));
    check_gradient<T>(loss);
    auto const ge = engine_test::grad<decltype(E)>(loss);
    for (std::size_t j = 0; j < 3; ++j)
    {
        CHECK(ge[3 * 3 + j] == 0.0);
    }
    // gather(E, ids) is one_hot(ids) · E: the same values and gradients.
    auto const dense = mean(square(tanh(matmul(matmul(one_hot<4, T>(I), E), W)) - T(0.1)));
    CHECK(engine_test::close(engine_test::eval_scalar(loss), engine_test::eval_scalar(dense), engine_test::value_tolerance<T>));
    check_values<T>(ge, engine_test::grad<decltype(E)>(dense));
    check_values<T>(engine_test::grad<decltype(W)>(loss), engine_test::grad<decltype(W)>(dense));
}

TEST_CASE_TEMPLATE("gather: padding rows of a partial batch add nothing to the table's gradient", T, float, double)
{
    param<"table", shape<4, 3>, T> E;
    engine_test::fill(E.value, 51);
    tensor<std::int32_t, shape<4>> ids{1, 3, 0, 0};
    tensor<std::int32_t, shape<2>> ids2{1, 3};
    expr::data_leaf<expr::features_tag, std::int32_t, shape<4>> I{ids.data()};
    expr::data_leaf<expr::features_tag, std::int32_t, shape<2>> I2{ids2.data()};
    auto const full = mean(square(gather(E, I) - T(0.3)));
    auto const part = mean(square(gather(E, I2) - T(0.3)));
    auto const want = engine_test::grad<decltype(E)>(part);
    check_values<T>(engine_test::grad<decltype(E)>(full, 2), want);
    check_gradient<T>(full, 2);
    // Whatever the padding ids hold, even ids out of range, nothing changes.
    ids(2) = 99;
    ids(3) = -5;
    check_values<T>(engine_test::grad<decltype(E)>(full, 2), want);
    CHECK(std::isfinite(engine_test::eval_scalar(full, 2)));
}
