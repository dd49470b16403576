// softmax_cross_entropy (one-hot or soft labels) and sparse_softmax_cross_entropy (integer labels)
// against TensorFlow's semantics written out: the per-example loss -sum_c y_c log softmax(x)_c,
// averaged over the real rows, or with weights sum(w_r l_r) / count_nonzero(w).

#include <limits>

#include "../expr/expr_test_support.hpp"

#include <xestimator/losses.hpp>

using namespace xest;

namespace
{
    constexpr std::size_t B = 4, C = 3;
    constexpr int classes[B] = {2, 0, 1, 2};
    constexpr double weights[B] = {0.5, 2.0, 0.0, 1.5};

    template <class T>
    struct fixture
    {
        tensor<T, shape<B, C>> onehot{};
        tensor<T, shape<B, C>> soft{};
        tensor<int, shape<B>> ids{};
        tensor<T, shape<B, C>> one;
        tensor<T, shape<B>> w;
        expr::data_leaf<expr::labels_tag, T, shape<B, C>> Y{nullptr};
        expr::data_leaf<expr::labels_tag, int, shape<B>> Ids{nullptr};
        expr::data_leaf<expr::features_tag, T, shape<B, C>> One{nullptr};
        expr::data_leaf<expr::features_tag, T, shape<B>> W{nullptr};
        param<"logits", shape<B, C>, T> x;
        fixture()
        {
            engine_test::fill(x.value, 71, -3.0, 3.0);
            for (std::size_t r = 0; r < B; ++r)
            {
                ids(r) = classes[r];
                onehot(r, static_cast<std::size_t>(classes[r])) = T(1);
                w(r) = static_cast<T>(weights[r]);
                double s = 0;
                for (std::size_t c = 0; c < C; ++c)
                {
                    soft(r, c) = static_cast<T>(engine_test::pseudo(r * C + c, 72, 0.1, 1.0));
                    s += double(soft(r, c));
                    one(r, c) = T(1);
                }
                for (std::size_t c = 0; c < C; ++c)
                {
                    soft(r, c) = static_cast<T>(double(soft(r, c)) / s);
                }
            }
            Y.data = onehot.data();
            Ids.data = ids.data();
            One.data = one.data();
            W.data = w.data();
        }
        auto logits() const { return x * One; }

        // -sum_c y_c log softmax(x)_c for row r, with labels `labels`.
        template <class L>
        double row_loss(L const& labels, std::size_t r) const
        {
            double m = -std::numeric_limits<double>::infinity();
            for (std::size_t c = 0; c < C; ++c)
            {
                m = std::max(m, double(x.value(r, c)));
            }
            double s = 0;
            for (std::size_t c = 0; c < C; ++c)
            {
                s += std::exp(double(x.value(r, c)) - m);
            }
            double l = 0;
            for (std::size_t c = 0; c < C; ++c)
            {
                l -= double(labels(r, c)) * (double(x.value(r, c)) - m - std::log(s));
            }
            return l;
        }
        template <class L>
        double oracle(L const& labels, std::size_t rows, bool weighted) const
        {
            double s = 0, count = 0;
            for (std::size_t r = 0; r < rows; ++r)
            {
                double const wr = weighted ? weights[r] : 1.0;
                s += wr * row_loss(labels, r);
                count += wr != 0 ? 1 : 0;
            }
            return count > 0 ? s / count : 0;
        }
    };

    template <class T>
    constexpr double tol = sizeof(T) == 4 ? 1e-5 : 1e-12;
}

TEST_CASE_TEMPLATE("softmax cross-entropy: values as tf.losses", T, float, double)
{
    fixture<T> f;
    auto const x = f.logits();
    tensor<T, shape<B, C>> const onehot = f.onehot;
    f.Y.data = f.soft.data();
    auto const v_soft = engine_test::eval_scalar(losses::softmax_cross_entropy(f.Y, x));
    CHECK(engine_test::close(v_soft, f.oracle(f.soft, B, false), tol<T>));
    f.Y.data = f.onehot.data();
    auto const v = engine_test::eval_all(losses::softmax_cross_entropy(f.Y, x), losses::softmax_cross_entropy(f.Y, x, f.W),
                                         losses::sparse_softmax_cross_entropy(f.Ids, x),
                                         losses::sparse_softmax_cross_entropy(f.Ids, x, f.W),
                                         losses::softmax_cross_entropy(f.Y, x, 3.0));
    CHECK(engine_test::close(v[0][0], f.oracle(onehot, B, false), tol<T>));
    CHECK(engine_test::close(v[1][0], f.oracle(onehot, B, true), tol<T>));
    CHECK(engine_test::close(v[2][0], f.oracle(onehot, B, false), tol<T>));
    CHECK(engine_test::close(v[3][0], f.oracle(onehot, B, true), tol<T>));
    CHECK(engine_test::close(v[4][0], 3.0 * f.oracle(onehot, B, false), tol<T>));
    // A partial batch of 3 rows.
    CHECK(engine_test::close(engine_test::eval_scalar(losses::sparse_softmax_cross_entropy(f.Ids, x), 3),
                             f.oracle(onehot, 3, false), tol<T>));
    CHECK(engine_test::close(engine_test::eval_scalar(losses::softmax_cross_entropy(f.Y, x, f.W), 3),
                             f.oracle(onehot, 3, true), tol<T>));
}

TEST_CASE_TEMPLATE("softmax cross-entropy: gradients", T, float, double)
{
    fixture<T> f;
    auto const x = f.logits();
    SUBCASE("dense labels")
    {
        engine_test::check_gradient<T>(losses::softmax_cross_entropy(f.Y, x));
        engine_test::check_gradient<T>(losses::softmax_cross_entropy(f.Y, x, f.W));
        engine_test::check_gradient<T>(losses::softmax_cross_entropy(f.Y, x), 3);
        f.Y.data = f.soft.data();
        engine_test::check_gradient<T>(losses::softmax_cross_entropy(f.Y, x));
    }
    SUBCASE("sparse labels")
    {
        engine_test::check_gradient<T>(losses::sparse_softmax_cross_entropy(f.Ids, x));
        engine_test::check_gradient<T>(losses::sparse_softmax_cross_entropy(f.Ids, x, f.W));
        engine_test::check_gradient<T>(losses::sparse_softmax_cross_entropy(f.Ids, x, f.W), 2);
        // Padding rows get zero gradient; the zero-weight row too.
        auto const g = engine_test::grad<decltype(f.x)>(losses::sparse_softmax_cross_entropy(f.Ids, x, f.W), 3);
        for (std::size_t c = 0; c < C; ++c)
        {
            CHECK(g[3 * C + c] == 0.0);
            CHECK(g[2 * C + c] == 0.0);
        }
    }
    SUBCASE("weights that are params")
    {
        param<"w", shape<B>, T> pw;
        pw.value = {T(0.5), T(1.0), T(2.0), T(1.5)};
        engine_test::check_gradient<T>(losses::softmax_cross_entropy(f.Y, x, pw));
        engine_test::check_gradient<T>(losses::sparse_softmax_cross_entropy(f.Ids, x, pw));
    }
}

TEST_CASE_TEMPLATE("softmax cross-entropy stays finite for logits of +-1000", T, float, double)
{
    fixture<T> f;
    f.x.value = {{T(1000), T(-1000), T(0)}, {T(1000), T(-1000), T(0)}, {T(-1000), T(1000), T(0)}, {T(0), T(0), T(1000)}};
    // Classes are {2, 0, 1, 2}: row 0 is wrong by a margin of 1000, rows 1 to 3 are right with
    // certainty, so the mean loss is 1000 / 4.
    auto const x = f.logits();
    auto const v = engine_test::eval_all(losses::sparse_softmax_cross_entropy(f.Ids, x),
                                         losses::softmax_cross_entropy(f.Y, x));
    CHECK(engine_test::close(v[0][0], 1000.0 / 4, 1e-6));
    CHECK(engine_test::close(v[1][0], 1000.0 / 4, 1e-6));
    auto const g = engine_test::grad<decltype(f.x)>(losses::sparse_softmax_cross_entropy(f.Ids, x));
    // Row 0: softmax (1, 0, 0) minus one-hot (0, 0, 1), over 4 rows.
    engine_test::check_values<T>({g[0], g[1], g[2]}, {0.25, 0.0, -0.25});
    for (double d : g)
    {
        CHECK(std::isfinite(d));
    }
}

TEST_CASE_TEMPLATE("l2_regularization is scale * sum(w^2) / 2 over its params", T, float, double)
{
    param<"k1", shape<2, 3>, T> k1;
    param<"k2", shape<3>, T> k2;
    engine_test::fill(k1.value, 73);
    engine_test::fill(k2.value, 74);
    double ss = 0;
    for (auto v : k1.value)
    {
        ss += double(v) * double(v);
    }
    for (auto v : k2.value)
    {
        ss += double(v) * double(v);
    }
    auto const reg = losses::l2_regularization(0.01, k1, k2);
    CHECK(engine_test::close(engine_test::eval_scalar(reg), 0.01 * ss / 2, tol<T>));
    engine_test::check_gradient<T>(reg);
    // d/dw = scale * w.
    std::vector<double> want;
    for (auto v : k2.value)
    {
        want.push_back(0.01 * double(v));
    }
    engine_test::check_values<T>(engine_test::grad<decltype(k2)>(reg), want);
}
