// Products large enough that XESTIMATOR_USE_CBLAS hands them to the BLAS (expr/cblas.hpp,
// cblas_min_flops): relu(matmul + bias) in a padded batch against naive loops in double. Built
// without a CBLAS the same checks run on the library's own kernels; built with one they cover
// the BLAS calls and the shared backward pass (ReLU mask and bias sums, begin_backward).

#include <limits>

#include "expr_test_support.hpp"

using namespace xest;

TEST_CASE_TEMPLATE("relu(matmul + bias) at a BLAS size in a padded batch: values and gradients", T, float, double)
{
    constexpr std::size_t M = 64, K = 160, N = 128, rows = 50;  // x and r differ in shape
    static_assert(M * K * N >= expr::detail::cblas_min_flops);
    tensor<T, shape<M, K>> x;
    engine_test::fill(x, 61);
    // Padding rows hold garbage: a NaN, and finite values whose ReLU passes, which would add to
    // the bias gradient if padding rows were summed.
    x(rows, 3) = std::numeric_limits<T>::quiet_NaN();
    for (std::size_t i = rows + 1; i < M; ++i)
    {
        for (std::size_t q = 0; q < K; ++q)
        {
            x(i, q) = T(3);
        }
    }
    tensor<T, shape<M, N>> r;
    engine_test::fill(r, 62, 0.5, 1.5);
    expr::data_leaf<expr::features_tag, T, shape<M, K>> X{x.data()};
    expr::data_leaf<expr::features_tag, T, shape<M, N>> R{r.data()};
    param<"w", shape<K, N>, T> w;
    param<"bias", shape<N>, T> bias;
    engine_test::fill(w.value, 63, -0.2, 0.2);
    engine_test::fill(bias.value, 64, -0.5, 0.5);
    auto const h = relu(matmul(X, w) + bias);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(h.op)>, expr::matmul_bias_relu_op<M, K, N, true, shape<N>, T>>);

    // Reference over the real rows: h = max(x w + bias, 0); with loss = sum(h r), dZ = r where
    // h > 0, dW = x^T dZ and dbias = the column sums of dZ.
    std::vector<double> want_h(rows * N), dz(rows * N), want_dw(K * N, 0.0), want_db(N, 0.0);
    std::size_t positive = 0;
    for (std::size_t i = 0; i < rows; ++i)
    {
        for (std::size_t j = 0; j < N; ++j)
        {
            double s = double(bias.value(j));
            for (std::size_t q = 0; q < K; ++q)
            {
                s += double(x(i, q)) * double(w.value(q, j));
            }
            want_h[i * N + j] = s > 0.0 ? s : 0.0;
            dz[i * N + j] = s > 0.0 ? double(r(i, j)) : 0.0;
            positive += s > 0.0 ? 1 : 0;
            want_db[j] += dz[i * N + j];
        }
    }
    CHECK(positive > 0);
    CHECK(positive < rows * N);  // both sides of the ReLU are exercised
    for (std::size_t q = 0; q < K; ++q)
    {
        for (std::size_t i = 0; i < rows; ++i)
        {
            for (std::size_t j = 0; j < N; ++j)
            {
                want_dw[q * N + j] += double(x(i, q)) * dz[i * N + j];
            }
        }
    }

    double const tol = sizeof(T) == 4 ? 1e-4 : 1e-10;
    std::vector<double> got_h = engine_test::eval(h, rows);
    got_h.resize(rows * N);  // the padding rows' values are not specified
    engine_test::check_values(got_h, want_h, tol);
    auto const loss = sum(h * R);
    engine_test::check_values(engine_test::grad<decltype(w)>(loss, rows), want_dw, tol);
    engine_test::check_values(engine_test::grad<decltype(bias)>(loss, rows), want_db, tol);
}
