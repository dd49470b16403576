#ifndef XESTIMATOR_TESTS_LOSSES_POINTWISE_LOSS_CASES_HPP
#define XESTIMATOR_TESTS_LOSSES_POINTWISE_LOSS_CASES_HPP

// The element-wise losses checked against TensorFlow's semantics written out here: the
// per-element loss, reduced as tf.losses does by default (SUM_BY_NONZERO_WEIGHTS): the mean over
// all elements, or with weights sum(w * l) / (number of non-zero weights broadcast to the
// elements), over the real rows of the batch only.

#include <algorithm>
#include <cmath>

#include "../expr/expr_test_support.hpp"

#include <xestimator/losses.hpp>

namespace loss_cases
{
    using namespace xest;
    constexpr std::size_t B = 4, C = 2;
    using S = shape<B, C>;

    // Each case: labels(i), predictions(i) chosen away from kinks, element(y, p), make(...).
    struct mse
    {
        static double label(std::size_t i) { return engine_test::pseudo(i, 61, -1.0, 1.0); }
        static double prediction(std::size_t i) { return label(i) + engine_test::pseudo(i, 62, -1.0, 1.0); }
        static double element(double y, double p) { return (p - y) * (p - y); }
        template <class L, class P, class... W>
        static auto make(L const& l, P const& p, W const&... w) { return losses::mean_squared_error(l, p, w...); }
    };
    struct absolute_difference
    {
        static double label(std::size_t i) { return engine_test::pseudo(i, 63, -1.0, 1.0); }
        // |p - y| in [0.2, 1.2) with both signs: away from the kink at 0.
        static double prediction(std::size_t i)
        {
            double const m = engine_test::pseudo(i, 64, 0.2, 1.2);
            return label(i) + (i % 2 == 0 ? m : -m);
        }
        static double element(double y, double p) { return std::abs(p - y); }
        template <class L, class P, class... W>
        static auto make(L const& l, P const& p, W const&... w) { return losses::absolute_difference(l, p, w...); }
    };
    struct huber
    {
        static constexpr double delta = 1.0;
        static double label(std::size_t i) { return engine_test::pseudo(i, 65, -1.0, 1.0); }
        // Errors on both sides of delta and of 0, none near a kink.
        static double prediction(std::size_t i)
        {
            constexpr double e[] = {0.3, -0.6, 1.4, -2.0, 0.7, -1.5, 2.5, -0.2};
            return label(i) + e[i % 8];
        }
        static double element(double y, double p)
        {
            double const e = std::abs(p - y);
            return e <= delta ? 0.5 * e * e : delta * (e - 0.5 * delta);
        }
        template <class L, class P>
        static auto make(L const& l, P const& p) { return losses::huber_loss(l, p, 1.0, delta); }
        template <class L, class P, class W>
        static auto make(L const& l, P const& p, W const& w) { return losses::huber_loss(l, p, w, delta); }
    };
    struct log_loss
    {
        static constexpr double eps = 1e-7;
        static double label(std::size_t i) { return i % 3 == 0 ? 1.0 : (i % 3 == 1 ? 0.0 : 0.25); }
        static double prediction(std::size_t i) { return engine_test::pseudo(i, 66, 0.1, 0.9); }
        static double element(double y, double p) { return -y * std::log(p + eps) - (1 - y) * std::log(1 - p + eps); }
        template <class L, class P>
        static auto make(L const& l, P const& p) { return losses::log_loss(l, p); }
        template <class L, class P, class W>
        static auto make(L const& l, P const& p, W const& w) { return losses::log_loss(l, p, w, eps); }
    };
    struct hinge
    {
        static double label(std::size_t i) { return (i * 5 + 1) % 3 == 0 ? 1.0 : 0.0; }
        // Margins 1 - (2y - 1) p of either sign, never near 0.
        static double prediction(std::size_t i)
        {
            constexpr double p[] = {0.3, -0.5, 1.6, -2.2, 0.6, 2.5, -1.4, 0.1};
            return p[i % 8];
        }
        static double element(double y, double p) { return std::max(0.0, 1.0 - (2 * y - 1) * p); }
        template <class L, class P, class... W>
        static auto make(L const& l, P const& p, W const&... w) { return losses::hinge_loss(l, p, w...); }
    };
    struct sigmoid_cross_entropy
    {
        static double label(std::size_t i) { return engine_test::pseudo(i, 67, 0.0, 1.0); }
        static double prediction(std::size_t i) { return engine_test::pseudo(i, 68, -3.0, 3.0); }
        // The textbook form -z log s(x) - (1 - z) log(1 - s(x)), fine for these moderate logits.
        static double element(double z, double x)
        {
            double const s = 1.0 / (1.0 + std::exp(-x));
            return -z * std::log(s) - (1 - z) * std::log(1 - s);
        }
        template <class L, class P, class... W>
        static auto make(L const& l, P const& p, W const&... w) { return losses::sigmoid_cross_entropy(l, p, w...); }
    };

    /// Per-example weights, one of them zero (a zero weight is not counted).
    inline double weight(std::size_t r)
    {
        constexpr double w[] = {0.5, 0.0, 2.0, 1.5};
        return w[r];
    }

    /// TensorFlow's reduction over the first `rows` rows; `per_example` selects <B> weights,
    /// otherwise the scalar weight `scalar` applies to every element (1: unweighted).
    template <class K>
    double oracle(std::size_t rows, bool per_example, double scalar = 1.0)
    {
        double s = 0.0;
        double count = 0.0;
        for (std::size_t r = 0; r < rows; ++r)
        {
            for (std::size_t c = 0; c < C; ++c)
            {
                std::size_t const i = r * C + c;
                double const w = per_example ? weight(r) : scalar;
                s += w * K::element(K::label(i), K::prediction(i));
                count += w != 0.0 ? 1.0 : 0.0;
            }
        }
        return count > 0 ? s / count : 0.0;
    }

    /// Labels and weights as batch data; predictions = P * ones, a batched node whose values are
    /// the param P (so P's gradient is the prediction's gradient).
    template <class K, class T>
    struct fixture
    {
        tensor<T, S> y;
        tensor<T, S> one;
        tensor<T, shape<B>> w;
        tensor<T, shape<B, 1>> w_col;
        expr::data_leaf<expr::labels_tag, T, S> Y{nullptr};
        expr::data_leaf<expr::features_tag, T, S> One{nullptr};
        expr::data_leaf<expr::features_tag, T, shape<B>> W{nullptr};
        expr::data_leaf<expr::features_tag, T, shape<B, 1>> Wcol{nullptr};
        param<"p", S, T> p;
        fixture()
        {
            for (std::size_t i = 0; i < S::size; ++i)
            {
                y.data()[i] = static_cast<T>(K::label(i));
                p.value.data()[i] = static_cast<T>(K::prediction(i));
                one.data()[i] = T(1);
            }
            for (std::size_t r = 0; r < B; ++r)
            {
                w(r) = static_cast<T>(weight(r));
                w_col(r, 0) = static_cast<T>(weight(r));
            }
            Y.data = y.data();
            One.data = one.data();
            W.data = w.data();
            Wcol.data = w_col.data();
        }
        auto predictions() const { return p * One; }
    };

    template <class K, class T>
    double tol()
    {
        return sizeof(T) == 4 ? 1e-5 : 1e-12;
    }

    /// Values: unweighted, <B> and <B, 1> weights, a scalar weight, and a partial batch.
    template <class K, class T>
    void check_values()
    {
        fixture<K, T> f;
        auto const pred = f.predictions();
        auto const v = engine_test::eval_all(K::make(f.Y, pred), K::make(f.Y, pred, f.W), K::make(f.Y, pred, f.Wcol),
                                             K::make(f.Y, pred, 2.0));
        CHECK(engine_test::close(v[0][0], oracle<K>(B, false), tol<K, T>()));
        CHECK(engine_test::close(v[1][0], oracle<K>(B, true), tol<K, T>()));
        CHECK(engine_test::close(v[2][0], oracle<K>(B, true), tol<K, T>()));
        CHECK(engine_test::close(v[3][0], oracle<K>(B, false, 2.0), tol<K, T>()));
        // A partial batch of 3 real rows: the same as the loss of those rows alone.
        CHECK(engine_test::close(engine_test::eval_scalar(K::make(f.Y, pred), 3), oracle<K>(3, false), tol<K, T>()));
        CHECK(engine_test::close(engine_test::eval_scalar(K::make(f.Y, pred, f.W), 3), oracle<K>(3, true), tol<K, T>()));
    }

    /// Gradients: unweighted and weighted, full and partial batch; padding rows get zero.
    template <class K, class T>
    void check_gradients()
    {
        fixture<K, T> f;
        auto const pred = f.predictions();
        engine_test::check_gradient<T>(K::make(f.Y, pred));
        engine_test::check_gradient<T>(K::make(f.Y, pred, f.W));
        engine_test::check_gradient<T>(K::make(f.Y, pred, f.W), 3);
        auto const g = engine_test::grad<decltype(f.p)>(K::make(f.Y, pred), 3);
        for (std::size_t c = 0; c < C; ++c)
        {
            CHECK(g[3 * C + c] == 0.0);
        }
        // The zero-weight row gets no gradient either.
        auto const gw = engine_test::grad<decltype(f.p)>(K::make(f.Y, pred, f.W));
        for (std::size_t c = 0; c < C; ++c)
        {
            CHECK(gw[1 * C + c] == 0.0);
        }
    }
}

#endif
