// matmul, transpose and reshape: forward values against naive loops over a grid of shapes,
// gradients against finite differences.

#include <algorithm>
#include <limits>

#include "expr_test_support.hpp"

using namespace xest;
using engine_test::check_gradient;
using engine_test::check_values;

namespace
{
    template <class T, std::size_t M, std::size_t K, std::size_t N>
    struct mm
    {
        using value_type = T;
        static constexpr std::size_t m = M;
        static constexpr std::size_t k = K;
        static constexpr std::size_t n = N;
    };

    // Includes degenerate sizes, a column result, N = 33 (full tiles of columns and a tail),
    // and a sum long enough to be cut into slices (K = 300).
#define MATMUL_GRID(T) mm<T, 1, 1, 1>, mm<T, 2, 3, 4>, mm<T, 3, 5, 1>, mm<T, 1, 7, 2>, mm<T, 4, 2, 33>, mm<T, 9, 300, 20>

    template <class A, class B>
    std::vector<double> naive_matmul(A const& a, B const& b, std::size_t m, std::size_t k, std::size_t n)
    {
        std::vector<double> c(m * n, 0.0);
        for (std::size_t i = 0; i < m; ++i)
        {
            for (std::size_t j = 0; j < n; ++j)
            {
                double s = 0.0;
                for (std::size_t q = 0; q < k; ++q)
                {
                    s += double(a.data()[i * k + q]) * double(b.data()[q * n + j]);
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }
}

TEST_CASE_TEMPLATE("matmul equals a naive triple loop", C, MATMUL_GRID(float), MATMUL_GRID(double))
{
    using T = typename C::value_type;
    constexpr std::size_t M = C::m, K = C::k, N = C::n;
    tensor<T, shape<M, K>> x;
    engine_test::fill(x, 31);
    expr::data_leaf<expr::features_tag, T, shape<M, K>> X{x.data()};
    param<"w", shape<K, N>, T> w;
    engine_test::fill(w.value, 32);
    auto const y = matmul(X, w);
    static_assert(std::is_same_v<shape_of_t<decltype(y)>, shape<M, N>>);
    // Also W^T-shaped products: (w^T)^T = w.
    auto const v = engine_test::eval_all(y, matmul(X, transpose(transpose(w))));
    auto const want = naive_matmul(x, w.value, M, K, N);
    check_values<T>(v[0], want);
    check_values<T>(v[1], want);
}

// Shape classes of the kernels (kernels/gemm.hpp) in every product (A B, dC B^T, A^T dC):
// tails in M (a short last row tile), in N and K (narrower vectors, then scalars), full tiles,
// and a 1 x 1 x 1 product. (Float finite differences of a sum of a few hundred terms are too
// noisy for the tolerance: the largest shape is checked in double only.)
#define MATMUL_GRAD_GRID(T)                                                                                               \
    mm<T, 2, 3, 4>, mm<T, 4, 2, 33>, mm<T, 1, 1, 1>, mm<T, 13, 9, 19>, mm<T, 7, 21, 3>, mm<T, 6, 16, 16>, mm<T, 5, 37, 10>

TEST_CASE_TEMPLATE("matmul: gradients of both operands", C, MATMUL_GRAD_GRID(float), MATMUL_GRAD_GRID(double),
                   mm<double, 12, 16, 32>)
{
    using T = typename C::value_type;
    constexpr std::size_t M = C::m, K = C::k, N = C::n;
    param<"a", shape<M, K>, T> a;
    param<"b", shape<K, N>, T> b;
    engine_test::fill(a.value, 33);
    engine_test::fill(b.value, 34);
    tensor<T, shape<M, N>> r;
    engine_test::fill(r, 35, 0.5, 1.5);
    expr::data_leaf<expr::features_tag, T, shape<M, N>> w{r.data()};
    check_gradient<T>(sum(matmul(a, b) * w));
}

TEST_CASE_TEMPLATE("transpose and reshape: values and gradients", T, float, double)
{
    param<"a", shape<2, 3>, T> a;
    engine_test::fill(a.value, 36);
    auto const v = engine_test::eval_all(transpose(a), reshape<shape<3, 2>>(a), reshape<shape<6>>(a));
    std::vector<double> at, flat;
    for (std::size_t j = 0; j < 3; ++j)
    {
        for (std::size_t i = 0; i < 2; ++i)
        {
            at.push_back(double(a.value(i, j)));
        }
    }
    for (auto x : a.value)
    {
        flat.push_back(double(x));
    }
    check_values<T>(v[0], at);
    check_values<T>(v[1], flat);  // reshape keeps row-major order
    check_values<T>(v[2], flat);

    tensor<T, shape<3, 2>> r;
    engine_test::fill(r, 37, 0.5, 1.5);
    expr::data_leaf<expr::features_tag, T, shape<3, 2>> w{r.data()};
    check_gradient<T>(sum(transpose(a) * w));
    check_gradient<T>(sum(reshape<shape<3, 2>>(a) * w));
    // The adjoint of a transpose is the transposed adjoint.
    auto const g = engine_test::grad<decltype(a)>(sum(transpose(a) * w));
    std::vector<double> want;
    for (std::size_t i = 0; i < 2; ++i)
    {
        for (std::size_t j = 0; j < 3; ++j)
        {
            want.push_back(double(r(j, i)));
        }
    }
    check_values<T>(g, want);
}

namespace
{
    template <class T, class Bias>
    struct biased
    {
        using value_type = T;
        using bias_shape = Bias;
    };
}

// matmul(a, b) + bias is one fused op (the bias starts the accumulators) for a bias of shape
// <N>, <1, N> or <M, N>: the same values as the product plus the bias, and the gradients of all
// three operands. Any other addend stays an ordinary add.
TEST_CASE_TEMPLATE("matmul + bias: one fused op, values and gradients", C, biased<float, shape<4>>,
                   biased<double, shape<4>>, biased<float, shape<1, 4>>, biased<double, shape<3, 4>>)
{
    using T = typename C::value_type;
    using Bias = typename C::bias_shape;
    param<"a", shape<3, 5>, T> a;
    param<"b", shape<5, 4>, T> b;
    param<"c", Bias, T> c;
    engine_test::fill(a.value, 41);
    engine_test::fill(b.value, 42);
    engine_test::fill(c.value, 43);
    auto const y = matmul(a, b) + c;
    static_assert(std::is_same_v<decltype(y), expr::node<expr::matmul_bias_op<3, 5, 4, false, Bias>, expr::param_leaf<decltype(a)>,
                                                              expr::param_leaf<decltype(b)>, expr::param_leaf<decltype(c)>> const>);
    std::vector<double> want = naive_matmul(a.value, b.value, 3, 5, 4);
    for (std::size_t i = 0; i < want.size(); ++i)
    {
        want[i] += double(c.value.data()[Bias::size == 4 ? i % 4 : i]);
    }
    check_values<T>(engine_test::eval(y), want);

    tensor<T, shape<3, 4>> r;
    engine_test::fill(r, 44, 0.5, 1.5);
    expr::data_leaf<expr::features_tag, T, shape<3, 4>> w{r.data()};
    check_gradient<T>(sum(y * w));
}

TEST_CASE("matmul + an addend that is not a bias row is an ordinary add")
{
    param<"a", shape<3, 2>> a;
    param<"b", shape<2, 4>> b;
    param<"col", shape<3, 1>> col;
    engine_test::fill(a.value, 45);
    engine_test::fill(b.value, 46);
    engine_test::fill(col.value, 47);
    auto const y = matmul(a, b) + col;
    static_assert(std::is_same_v<decltype(y.op), expr::binary_op<expr::rules::add, shape<3, 4>, shape<3, 1>>>);
    check_gradient<float>(sum(y * y));
    check_gradient<float>(sum(matmul(a, b) + 2.0f));
}

TEST_CASE("matmul + bias in a batch: padding rows add nothing to the bias gradient")
{
    tensor<float, shape<4, 2>> x;
    engine_test::fill(x, 48);
    x(3, 0) = std::numeric_limits<float>::quiet_NaN();  // a padding row holding garbage
    expr::data_leaf<expr::features_tag, float, shape<4, 2>> X{x.data()};
    param<"w", shape<2, 3>> w;
    param<"bias", shape<3>> bias;
    engine_test::fill(w.value, 49);
    auto const out = matmul(X, w) + bias;
    auto const total = sum(out);  // a program points at its roots: they must outlive it
    using program_type = expr::program<true, decltype(total)>;
    auto prog = std::make_unique<program_type>(total);
    prog->set_rows(3);
    prog->template forward<0>();
    prog->template backward<0>();
    float const* g = prog->template gradient<decltype(bias)>();
    for (std::size_t j = 0; j < 3; ++j)
    {
        CHECK(g[j] == doctest::Approx(3.0));  // d sum / d bias_j = the 3 real rows
    }
}

TEST_CASE_TEMPLATE("matmul in a padded batch: the kernel gradient sums the real rows only", T, float, double)
{
    // 13 rows of which 10 are real (a tail in the batch dimension of dW = X^T dZ), padding rows
    // holding NaN: none of it may reach the gradient of w.
    tensor<T, shape<13, 9>> x;
    engine_test::fill(x, 50);
    for (std::size_t i = 10; i < 13; ++i)
    {
        x(i, 4) = std::numeric_limits<T>::quiet_NaN();
    }
    expr::data_leaf<expr::features_tag, T, shape<13, 9>> X{x.data()};
    param<"w", shape<9, 19>, T> w;
    param<"bias", shape<19>, T> bias;
    engine_test::fill(w.value, 51);
    engine_test::fill(bias.value, 52);
    auto const out = matmul(X, w) + bias;
    check_gradient<T>(mean(out * out), 10);
}

TEST_CASE_TEMPLATE("relu(matmul + bias): one fused op, values and gradients", T, float, double)
{
    // Tails in every dimension (7 rows, 9 terms, 19 columns) and a bias row; the values equal
    // max(a b + bias, 0), the gradients finite differences (away from the kink: the fill
    // keeps pre-activations off 0).
    param<"a", shape<7, 9>, T> a;
    param<"b", shape<9, 19>, T> b;
    param<"c", shape<19>, T> c;
    engine_test::fill(a.value, 53);
    engine_test::fill(b.value, 54);
    engine_test::fill(c.value, 55);
    auto const y = relu(matmul(a, b) + c);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(y.op)>, expr::matmul_bias_relu_op<7, 9, 19, false, shape<19>, T>>);
    std::vector<double> want = naive_matmul(a.value, b.value, 7, 9, 19);
    std::size_t positive = 0;
    for (std::size_t i = 0; i < want.size(); ++i)
    {
        want[i] = std::max(0.0, want[i] + double(c.value(i % 19)));
        positive += want[i] > 0.0 ? 1 : 0;
    }
    CHECK(positive > 0);
    CHECK(positive < want.size());  // both sides of the ReLU are exercised
    check_values<T>(engine_test::eval(y), want);

    tensor<T, shape<7, 19>> r;
    engine_test::fill(r, 56, 0.5, 1.5);
    expr::data_leaf<expr::features_tag, T, shape<7, 19>> w{r.data()};
    // The gradients equal those of the unfused ops (a scalar addend keeps relu element-wise)...
    auto const unfused = relu(matmul(a, b) + c + T(0));
    static_assert(!std::is_same_v<std::remove_cvref_t<decltype(unfused.op)>, std::remove_cvref_t<decltype(y.op)>>);
    check_values<T>(engine_test::grad<decltype(a)>(sum(y * w)), engine_test::grad<decltype(a)>(sum(unfused * w)));
    check_values<T>(engine_test::grad<decltype(b)>(sum(y * w)), engine_test::grad<decltype(b)>(sum(unfused * w)));
    check_values<T>(engine_test::grad<decltype(c)>(sum(y * w)), engine_test::grad<decltype(c)>(sum(unfused * w)));
    // ...and finite differences (in double: a float step can cross the ReLU's kink).
    if constexpr (std::is_same_v<T, double>)
    {
        check_gradient<T>(sum(y * w));
    }
}

TEST_CASE("relu(matmul + bias) in a padded batch: padding rows reach no gradient")
{
    tensor<float, shape<6, 5>> x;
    engine_test::fill(x, 57);
    x(5, 1) = std::numeric_limits<float>::quiet_NaN();
    expr::data_leaf<expr::features_tag, float, shape<6, 5>> X{x.data()};
    param<"w", shape<5, 11>> w;
    param<"bias", shape<11>> bias;
    engine_test::fill(w.value, 58);
    engine_test::fill(bias.value, 59);
    auto const h = relu(matmul(X, w) + bias);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(h.op)>, expr::matmul_bias_relu_op<6, 5, 11, true, shape<11>, float>>);
    check_gradient<float>(mean(h * h), 5);
}
