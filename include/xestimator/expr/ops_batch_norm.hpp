#ifndef XESTIMATOR_EXPR_OPS_BATCH_NORM_HPP
#define XESTIMATOR_EXPR_OPS_BATCH_NORM_HPP

/// @file
/// @brief `normalize_batch(x, epsilon)`: each feature (the last axis) shifted to mean 0 and
/// scaled to variance 1 with the statistics of the batch, the core of batch normalization in
/// training (nn::batch_norm adds its scale and offset, and the moving statistics).
///
/// The statistics are taken over every axis but the last, over the real rows of a partial batch
/// only (see expr::context): padding rows do not shift them and receive no gradient.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "../core/shape.hpp"
#include "make_node.hpp"
#include "node.hpp"
#include "op_base.hpp"
#include "ops_reduce.hpp"

namespace xest
{
    namespace expr
    {
        /// @brief Where batch normalization writes its moving statistics in train mode:
        /// moving -= (moving - batch) (1 - momentum), as Keras' BatchNormalization, once per step
        /// (`updated_step` remembers the last step written, so a step whose forward runs again,
        /// as a gradient check runs it, updates once). Null pointers: no moving statistics.
        template <class T>
        struct moving_moments
        {
            T* mean = nullptr;
            T* variance = nullptr;
            std::int64_t* updated_step = nullptr;
            double momentum = 0.99;
        };

        /// @brief The 1 / sqrt(variance + epsilon) of each feature, kept for backward, and two
        /// per-feature sums. The sums live in the workspace rather than on the stack: a wide
        /// layer (thousands of features) would otherwise take kilobytes of stack per call.
        template <class T, std::size_t Features>
        struct batch_norm_scratch
        {
            T inv_std[Features];
            T sum[Features];
            T sum2[Features];
        };

        /// @brief y = (x - mean) / sqrt(variance + epsilon) per feature (the last axis of S),
        /// statistics over the real rows (variance with 1/n, as tf.nn.moments).
        template <class S, class T, bool Batched>
        struct normalize_batch_op : op_base
        {
            using shape_type = S;
            static constexpr std::size_t features = S::dims[S::rank - 1];
            static constexpr std::size_t batch = S::dims[0];
            static constexpr std::size_t per_example = S::size / batch; // values of one example
            using scratch_type = batch_norm_scratch<T, features>;

            double epsilon;
            moving_moments<T> moving;

            // Values of the real rows, in order: the first `rows` examples.
            static std::size_t counted(context const& ctx) noexcept
            {
                return detail::valid_rows<Batched, batch>(ctx) * per_example;
            }

            void forward(context const& ctx, scratch_type& scratch, T* __restrict out, T const* __restrict x) const noexcept
            {
                std::size_t const positions = counted(ctx) / features;
                T* mean = scratch.sum;
                T* var = scratch.sum2;
                for (std::size_t c = 0; c < features; ++c)
                {
                    mean[c] = T(0);
                    var[c] = T(0);
                }
                for (std::size_t p = 0; p < positions; ++p)
                {
                    for (std::size_t c = 0; c < features; ++c)
                    {
                        mean[c] += x[p * features + c];
                    }
                }
                // An empty batch (no real rows) normalizes nothing that counts: mean 0, variance 0.
                T const inv_count = positions == 0 ? T(0) : T(1) / T(positions);
                for (std::size_t c = 0; c < features; ++c)
                {
                    mean[c] *= inv_count;
                }
                // Two passes (mean, then squared deviations): E[x^2] - E[x]^2 loses the
                // variance of features far from 0 to cancellation in float.
                for (std::size_t p = 0; p < positions; ++p)
                {
                    for (std::size_t c = 0; c < features; ++c)
                    {
                        T const e = x[p * features + c] - mean[c];
                        var[c] += e * e;
                    }
                }
                for (std::size_t c = 0; c < features; ++c)
                {
                    var[c] *= inv_count;
                    scratch.inv_std[c] = T(1) / std::sqrt(var[c] + T(epsilon));
                }
                for (std::size_t p = 0; p < S::size / features; ++p)
                {
                    for (std::size_t c = 0; c < features; ++c)
                    {
                        out[p * features + c] = (x[p * features + c] - mean[c]) * scratch.inv_std[c];
                    }
                }
                if (moving.mean != nullptr && positions > 0 && *moving.updated_step != ctx.step)
                {
                    *moving.updated_step = ctx.step;
                    T const decay = T(1) - T(moving.momentum);
                    for (std::size_t c = 0; c < features; ++c)
                    {
                        moving.mean[c] -= (moving.mean[c] - mean[c]) * decay;
                        moving.variance[c] -= (moving.variance[c] - var[c]) * decay;
                    }
                }
            }

            // Over the real rows: dx = s (g - mean(g) - y mean(g y)), as layer normalization's
            // rule along the other axis; padding rows get 0.
            template <std::size_t I, bool Assign>
            void backward(context const& ctx, scratch_type& scratch, T const* __restrict dout, T const* __restrict out,
                          T* __restrict d, T const*) const noexcept
            {
                std::size_t const n = counted(ctx);
                std::size_t const positions = n / features;
                T* mg = scratch.sum;
                T* mgy = scratch.sum2;
                for (std::size_t c = 0; c < features; ++c)
                {
                    mg[c] = T(0);
                    mgy[c] = T(0);
                }
                for (std::size_t p = 0; p < positions; ++p)
                {
                    for (std::size_t c = 0; c < features; ++c)
                    {
                        mg[c] += dout[p * features + c];
                        mgy[c] += dout[p * features + c] * out[p * features + c];
                    }
                }
                T const inv_count = positions == 0 ? T(0) : T(1) / T(positions);
                for (std::size_t c = 0; c < features; ++c)
                {
                    mg[c] *= inv_count;
                    mgy[c] *= inv_count;
                }
                for (std::size_t p = 0; p < positions; ++p)
                {
                    for (std::size_t c = 0; c < features; ++c)
                    {
                        std::size_t const i = p * features + c;
                        put<Assign>(d[i], scratch.inv_std[c] * (dout[i] - mg[c] - out[i] * mgy[c]));
                    }
                }
                for (std::size_t i = n; i < S::size; ++i)
                {
                    put<Assign>(d[i], T(0));
                }
            }
        };

        namespace forms
        {
            // Statistics over a batch need a batch axis, and features to keep apart.
            template <class S>
            struct check_normalize_batch
            {
                static constexpr bool value = S::rank >= 2;
                static_assert(value, "xestimator: normalize_batch and nn::batch_norm take a batch of features "
                                     "(rank 2 or more: <B, ..., C>), normalizing each of the C features over "
                                     "the batch.");
            };

            // T is the scalar type of the moving statistics, or void for none (normalize_batch).
            template <class T>
            struct normalize_batch
            {
                double epsilon;
                moving_moments<T> moving{};

                template <class E>
                using check = check_normalize_batch<shape_of_t<E>>;
                template <class E>
                using op_type = normalize_batch_op<shape_of_t<E>, value_type_of_t<E>, traits<E>::batched>;
                template <class E>
                op_type<E> op() const noexcept
                {
                    if constexpr (std::is_void_v<T>)
                    {
                        return {{}, epsilon, {}};
                    }
                    else
                    {
                        return {{}, epsilon, moving};
                    }
                }
            };
        }
    }

    /// @brief (x - mean) / sqrt(variance + epsilon) per feature (the last axis), with the
    /// statistics of the batch (every other axis, real rows only): tf.nn.batch_normalization
    /// with tf.nn.moments, as batch normalization computes in training.
    template <operand X>
        requires(!std::is_arithmetic_v<std::remove_cvref_t<X>>)
    auto normalize_batch(X const& x, double epsilon = 1e-3)
    {
        return expr::detail::make_node(expr::forms::normalize_batch<void>{epsilon}, x);  // no moving statistics
    }
}

#endif
