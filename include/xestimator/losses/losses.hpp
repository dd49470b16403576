#ifndef XESTIMATOR_LOSSES_LOSSES_HPP
#define XESTIMATOR_LOSSES_LOSSES_HPP

/// @file
/// @brief Losses with TensorFlow's names, argument order (labels first) and default reduction:
/// the mean over all elements of the real rows of the batch, or with `weights` (a scalar or one
/// per example) the weighted sum divided by the number of non-zero weights.

#include <cmath>
#include <cstddef>

#include "../expr/ops_elementwise.hpp"
#include "../expr/ops_reduce.hpp"
#include "pointwise.hpp"
#include "softmax_cross_entropy.hpp"

namespace xest::losses
{
    namespace rules
    {
        struct squared_error
        {
            template <class T>
            static T value(T y, T p) noexcept { return (p - y) * (p - y); }
            template <class T>
            static T d_prediction(T y, T p) noexcept { return T(2) * (p - y); }
            template <class T>
            static T d_label(T y, T p) noexcept { return T(2) * (y - p); }
        };

        struct absolute_error
        {
            template <class T>
            static T sign(T v) noexcept { return v > T(0) ? T(1) : (v < T(0) ? T(-1) : T(0)); }
            template <class T>
            static T value(T y, T p) noexcept { return std::abs(p - y); }
            template <class T>
            static T d_prediction(T y, T p) noexcept { return sign(p - y); }
            template <class T>
            static T d_label(T y, T p) noexcept { return -sign(p - y); }
        };

        /// @brief 0.5 e^2 for |e| <= delta, delta (|e| - 0.5 delta) beyond (e = p - y).
        struct huber
        {
            double delta = 1.0;
            template <class T>
            T value(T y, T p) const noexcept
            {
                T const e = std::abs(p - y);
                T const d = T(delta);
                return e <= d ? T(0.5) * e * e : d * (e - T(0.5) * d);
            }
            template <class T>
            T d_prediction(T y, T p) const noexcept
            {
                T const e = p - y;
                T const d = T(delta);
                return e > d ? d : (e < -d ? -d : e);
            }
            template <class T>
            T d_label(T y, T p) const noexcept { return -d_prediction(y, p); }
        };

        /// @brief -y log(p + eps) - (1 - y) log(1 - p + eps), as tf.losses.log_loss.
        struct log_loss
        {
            double epsilon = 1e-7;
            template <class T>
            T value(T y, T p) const noexcept
            {
                T const e = T(epsilon);
                return -y * expr::detail::portable::log(p + e) - (T(1) - y) * expr::detail::portable::log(T(1) - p + e);
            }
            template <class T>
            T d_prediction(T y, T p) const noexcept
            {
                T const e = T(epsilon);
                return -y / (p + e) + (T(1) - y) / (T(1) - p + e);
            }
            template <class T>
            T d_label(T, T p) const noexcept
            {
                T const e = T(epsilon);
                return -expr::detail::portable::log(p + e) + expr::detail::portable::log(T(1) - p + e);
            }
        };

        /// @brief max(0, 1 - (2y - 1) p) with labels in {0, 1}, as tf.losses.hinge_loss.
        struct hinge
        {
            template <class T>
            static T value(T y, T p) noexcept
            {
                T const m = T(1) - (T(2) * y - T(1)) * p;
                return m > T(0) ? m : T(0);
            }
            template <class T>
            static T d_prediction(T y, T p) noexcept
            {
                return T(1) - (T(2) * y - T(1)) * p > T(0) ? -(T(2) * y - T(1)) : T(0);
            }
            template <class T>
            static T d_label(T y, T p) noexcept
            {
                return T(1) - (T(2) * y - T(1)) * p > T(0) ? T(-2) * p : T(0);
            }
        };

        /// @brief max(x, 0) - x z + log(1 + e^-|x|): the stable sigmoid cross-entropy of logits x.
        struct sigmoid_cross_entropy
        {
            template <class T>
            static T value(T z, T x) noexcept
            {
                return (x > T(0) ? x : T(0)) - x * z + expr::detail::portable::log1p(expr::detail::portable::exp(-std::abs(x)));
            }
            template <class T>
            static T d_prediction(T z, T x) noexcept
            {
                T const s = x >= T(0) ? T(1) / (T(1) + expr::detail::portable::exp(-x))
                                       : expr::detail::portable::exp(x) / (T(1) + expr::detail::portable::exp(x));
                return s - z;
            }
            template <class T>
            static T d_label(T, T x) noexcept { return -x; }
        };
    }

    /// @brief Mean of (predictions - labels)^2.
    template <operand L, operand P, operand... W>
        requires(sizeof...(W) <= 1)
    auto mean_squared_error(L const& labels, P const& predictions, W const&... weights)
    {
        return detail::make_pointwise(rules::squared_error{}, labels, predictions, weights...);
    }

    /// @brief Mean of |predictions - labels|.
    template <operand L, operand P, operand... W>
        requires(sizeof...(W) <= 1)
    auto absolute_difference(L const& labels, P const& predictions, W const&... weights)
    {
        return detail::make_pointwise(rules::absolute_error{}, labels, predictions, weights...);
    }

    /// @brief Huber loss with threshold delta (TensorFlow's argument order: labels,
    /// predictions, weights, delta; pass weights 1 to set only delta).
    template <operand L, operand P>
    auto huber_loss(L const& labels, P const& predictions)
    {
        return detail::make_pointwise(rules::huber{}, labels, predictions);
    }
    template <operand L, operand P, operand W>
    auto huber_loss(L const& labels, P const& predictions, W const& weights, double delta = 1.0)
    {
        return detail::make_pointwise(rules::huber{delta}, labels, predictions, weights);
    }

    /// @brief Binary cross-entropy of probabilities (epsilon keeps log finite at 0 and 1);
    /// TensorFlow's argument order: labels, predictions, weights, epsilon.
    template <operand L, operand P>
    auto log_loss(L const& labels, P const& predictions)
    {
        return detail::make_pointwise(rules::log_loss{}, labels, predictions);
    }
    template <operand L, operand P, operand W>
    auto log_loss(L const& labels, P const& predictions, W const& weights, double epsilon = 1e-7)
    {
        return detail::make_pointwise(rules::log_loss{epsilon}, labels, predictions, weights);
    }

    /// @brief Hinge loss of logits with labels in {0, 1}.
    template <operand L, operand P, operand... W>
        requires(sizeof...(W) <= 1)
    auto hinge_loss(L const& labels, P const& logits, W const&... weights)
    {
        return detail::make_pointwise(rules::hinge{}, labels, logits, weights...);
    }

    /// @brief Sigmoid cross-entropy of logits with labels in [0, 1] (multi-label or binary).
    template <operand L, operand P, operand... W>
        requires(sizeof...(W) <= 1)
    auto sigmoid_cross_entropy(L const& labels, P const& logits, W const&... weights)
    {
        return detail::make_pointwise(rules::sigmoid_cross_entropy{}, labels, logits, weights...);
    }

    /// @brief Softmax cross-entropy of logits <B, C> with one-hot (or soft) labels <B, C>.
    template <operand L, operand P, operand... W>
        requires(sizeof...(W) <= 1)
    auto softmax_cross_entropy(L const& onehot_labels, P const& logits, W const&... weights)
    {
        return detail::make_softmax_cross_entropy<false>(onehot_labels, logits, weights...);
    }

    /// @brief Softmax cross-entropy of logits <B, C> with integer class labels <B>.
    template <operand L, operand P, operand... W>
        requires(sizeof...(W) <= 1)
    auto sparse_softmax_cross_entropy(L const& labels, P const& logits, W const&... weights)
    {
        return detail::make_softmax_cross_entropy<true>(labels, logits, weights...);
    }

    /// @brief scale * sum over params of sum(w^2) / 2 (tf.nn.l2_loss, as l2_regularizer(scale)).
    template <operand... Params>
        requires(sizeof...(Params) >= 1)
    auto l2_regularization(double scale, Params const&... params)
    {
        using T = typename xest::detail::operand_value<std::remove_cvref_t<decltype((params, ...))>>::type;
        return (... + sum(square(params))) * static_cast<T>(0.5 * scale);
    }
}

#endif
