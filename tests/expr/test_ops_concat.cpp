// concat, slice and flatten: forward values against loops, gradients against finite differences
// in float and double, and a partial batch giving the gradients of the smaller batch.

#include "expr_test_support.hpp"

using namespace xest;
using engine_test::check_gradient;
using engine_test::check_values;

namespace
{
    // A batch of 4 rows, two params that make batched operands (matmul) and a param of 4 rows
    // that is not batched.
    template <class T>
    struct towers
    {
        tensor<T, shape<4, 2>> x;
        tensor<T, shape<2, 2>> x2;  // the first two rows of x alone
        expr::data_leaf<expr::features_tag, T, shape<4, 2>> X{nullptr};
        expr::data_leaf<expr::features_tag, T, shape<2, 2>> X2{nullptr};
        param<"a", shape<2, 3>, T> A;
        param<"b", shape<2, 1>, T> B;
        param<"c", shape<5>, T> C;
        towers()
        {
            engine_test::fill(x, 11);
            engine_test::fill(A.value, 12);
            engine_test::fill(B.value, 13);
            engine_test::fill(C.value, 14);
            for (std::size_t i = 0; i < 4; ++i)
            {
                x2.data()[i] = x.data()[i];
            }
            X.data = x.data();
            X2.data = x2.data();
        }
    };
}

TEST_CASE_TEMPLATE("concat: operands side by side along the last axis", T, float, double)
{
    towers<T> d;
    auto const h = concat(d.X, matmul(d.X, d.A), matmul(d.X, d.B));
    static_assert(std::is_same_v<shape_of_t<decltype(h)>, shape<4, 6>>);
    static_assert(expr::traits<std::remove_cvref_t<decltype(h)>>::batched);
    auto const got = engine_test::eval(h);
    std::vector<double> want;
    for (std::size_t i = 0; i < 4; ++i)
    {
        for (std::size_t j = 0; j < 2; ++j)
        {
            want.push_back(double(d.x(i, j)));
        }
        for (std::size_t j = 0; j < 3; ++j)
        {
            want.push_back(double(T(d.x(i, 0) * d.A.value(0, j) + d.x(i, 1) * d.A.value(1, j))));
        }
        want.push_back(double(T(d.x(i, 0) * d.B.value(0, 0) + d.x(i, 1) * d.B.value(1, 0))));
    }
    check_values<T>(got, want);
    // Rank 3: the last axis is joined, the others must match.
    param<"p", shape<2, 2, 1>, T> p;
    param<"q", shape<2, 2, 3>, T> q;
    static_assert(std::is_same_v<shape_of_t<decltype(concat(p, q))>, shape<2, 2, 4>>);
}

TEST_CASE_TEMPLATE("concat: gradient of each operand, also of an operand used twice", T, float, double)
{
    towers<T> d;
    // tanh and the per-column weights C make every column's gradient different.
    auto const loss = sum(tanh(concat(matmul(d.X, d.A), matmul(d.X, d.B), matmul(d.X, d.B) * T(2))) * d.C);
    check_gradient<T>(loss);
    // A non-batched operand beside a batched one.
    param<"u", shape<4, 2>, T> U;
    engine_test::fill(U.value, 15);
    auto const loss2 = mean(square(concat(matmul(d.X, d.A), U) - T(0.5)));
    check_gradient<T>(loss2);
}

TEST_CASE_TEMPLATE("concat: a partial batch gives the gradients of the smaller batch", T, float, double)
{
    towers<T> d;
    auto const full = mean(square(tanh(concat(matmul(d.X, d.A), matmul(d.X, d.B)))));
    auto const part = mean(square(tanh(concat(matmul(d.X2, d.A), matmul(d.X2, d.B)))));
    check_values<T>(engine_test::grad<decltype(d.A)>(full, 2), engine_test::grad<decltype(d.A)>(part));
    check_values<T>(engine_test::grad<decltype(d.B)>(full, 2), engine_test::grad<decltype(d.B)>(part));
    check_gradient<T>(full, 2);
}

TEST_CASE_TEMPLATE("slice: columns of the last axis, and their gradient", T, float, double)
{
    towers<T> d;
    auto const h = matmul(d.X, d.A);  // <4, 3>
    auto const s = slice<1, 2>(h);
    static_assert(std::is_same_v<shape_of_t<decltype(s)>, shape<4, 2>>);
    static_assert(expr::traits<std::remove_cvref_t<decltype(s)>>::batched);
    auto const hv = engine_test::eval(h);
    std::vector<double> want;
    for (std::size_t i = 0; i < 4; ++i)
    {
        want.push_back(hv[i * 3 + 1]);
        want.push_back(hv[i * 3 + 2]);
    }
    check_values<T>(engine_test::eval(s), want);
    // Two slices that together are the whole: concat gives back h.
    check_values<T>(engine_test::eval(concat(slice<0, 1>(h), slice<1, 2>(h))), hv);

    // The first slice assigns its operand's adjoint (zero outside), the second adds to it.
    auto const loss = sum(tanh(slice<0, 2>(h)) * slice<1, 2>(h)) + mean(square(slice<2, 1>(h)));
    check_gradient<T>(loss);
    check_gradient<T>(loss, 3);
    // Only a middle column: the others get exactly zero.
    auto const g = engine_test::grad<decltype(d.A)>(sum(slice<1, 1>(h)));
    for (std::size_t k = 0; k < 2; ++k)
    {
        CHECK(g[k * 3 + 0] == 0.0);
        CHECK(g[k * 3 + 2] == 0.0);
        double const col = double(d.x(0, k)) + double(d.x(1, k)) + double(d.x(2, k)) + double(d.x(3, k));
        CHECK(engine_test::close(g[k * 3 + 1], col, engine_test::value_tolerance<T>));
    }
    // A slice of a param (not batched).
    auto const loss_c = sum(square(slice<2, 3>(d.C)));
    check_gradient<T>(loss_c);
}

TEST_CASE_TEMPLATE("flatten: keeps the batch axis and its gradient", T, float, double)
{
    param<"img", shape<3, 2, 2, 2>, T> img;
    engine_test::fill(img.value, 16);
    auto const f = flatten(img);
    static_assert(std::is_same_v<shape_of_t<decltype(f)>, shape<3, 8>>);
    std::vector<double> want(img.value.data(), img.value.data() + 24);
    check_values<T>(engine_test::eval(f), want);
    param<"w8", shape<8, 2>, T> w;
    engine_test::fill(w.value, 17);
    check_gradient<T>(mean(tanh(matmul(f, w))));
}
