#ifndef XESTIMATOR_EXPR_OPS_RANDOM_HPP
#define XESTIMATOR_EXPR_OPS_RANDOM_HPP

/// @file
/// @brief The random ops, `dropout(x, rate, stream)` and `gaussian_noise(x, stddev, stream)`.
///
/// They keep no generator state: element i of a step draws from a counter-based hash of
/// (run seed, step, stream, i), read from expr::context (the estimator sets the seed and the
/// global step). So a step draws the same numbers whenever it is computed (again for a summary,
/// after a rollback, after a restart from a checkpoint) and backward recomputes dropout's mask
/// instead of storing it. The numbers are integers and IEEE operations only (the normal draws
/// use the library's own log), so a seed gives the same bits on every target.
///
/// These ops always draw; the layers nn::dropout and nn::gaussian_noise use them in train mode
/// only and return their input unchanged in eval and predict mode.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "../core/error.hpp"
#include "../core/shape.hpp"
#include "../init/random.hpp"
#include "make_node.hpp"
#include "node.hpp"
#include "op_base.hpp"

namespace xest
{
    namespace expr
    {
        namespace detail
        {
            /// @brief splitmix64's output function: a bijective, well-mixed hash of 64 bits.
            constexpr std::uint64_t mix64(std::uint64_t z) noexcept
            {
                z += 0x9E3779B97F4A7C15ull;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
                return z ^ (z >> 31);
            }

            /// @brief The key of one op's draws in one step.
            constexpr std::uint64_t random_key(context const& ctx, std::uint64_t stream) noexcept
            {
                return mix64(mix64(mix64(ctx.seed) ^ static_cast<std::uint64_t>(ctx.step)) ^ stream);
            }

            /// @brief The 64 random bits of element i under `key` (splitmix64's i-th output).
            constexpr std::uint64_t element_bits(std::uint64_t key, std::size_t i) noexcept
            {
                return mix64(key + 0x9E3779B97F4A7C15ull * static_cast<std::uint64_t>(i));
            }

            /// @brief Keras' keep rule on a uniform u in [0, 1) of 24 bits: keep when u >= rate.
            /// Decided in double, so float and double graphs drop the same elements.
            constexpr bool keeps(std::uint64_t key, std::size_t i, double rate) noexcept
            {
                return static_cast<double>(element_bits(key, i) >> 40) * 0x1.0p-24 >= rate;
            }
        }

        /// @brief The stream of a named layer: FNV-1a of its name, so two layers draw apart.
        constexpr std::uint64_t stream_of(std::string_view name) noexcept
        {
            std::uint64_t h = 0xcbf29ce484222325ull;
            for (char c : name)
            {
                h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
            }
            return h;
        }

        /// @brief Inverted dropout: y = x / (1 - rate) where kept, 0 where dropped; the same
        /// mask scales the gradient (recomputed from the key, not stored).
        template <class S, class T>
        struct dropout_op : op_base
        {
            using shape_type = S;
            double rate;
            std::uint64_t stream;

            void forward(context const& ctx, no_scratch&, T* __restrict out, T const* __restrict x) const noexcept
            {
                std::uint64_t const key = detail::random_key(ctx, stream);
                T const scale = T(1) / (T(1) - T(rate));
                for (std::size_t i = 0; i < S::size; ++i)
                {
                    out[i] = detail::keeps(key, i, rate) ? x[i] * scale : T(0);
                }
            }

            template <std::size_t I, bool Assign>
            void backward(context const& ctx, no_scratch&, T const* __restrict dout, T const*, T* __restrict d,
                          T const*) const noexcept
            {
                std::uint64_t const key = detail::random_key(ctx, stream);
                T const scale = T(1) / (T(1) - T(rate));
                for (std::size_t i = 0; i < S::size; ++i)
                {
                    put<Assign>(d[i], detail::keeps(key, i, rate) ? dout[i] * scale : T(0));
                }
            }
        };

        /// @brief y = x + stddev n, n standard normal per element (Keras' GaussianNoise); the
        /// gradient passes unchanged.
        template <class S, class T>
        struct gaussian_noise_op : op_base
        {
            using shape_type = S;
            double stddev;
            std::uint64_t stream;

            void forward(context const& ctx, no_scratch&, T* __restrict out, T const* __restrict x) const noexcept
            {
                std::uint64_t const key = detail::random_key(ctx, stream);
                for (std::size_t i = 0; i < S::size; ++i)
                {
                    init::random_stream r(detail::element_bits(key, i));
                    out[i] = x[i] + T(stddev) * r.template normal<T>();
                }
            }

            template <std::size_t I, bool Assign>
            void backward(context const&, no_scratch&, T const* __restrict dout, T const*, T* __restrict d,
                          T const*) const noexcept
            {
                for (std::size_t i = 0; i < S::size; ++i)
                {
                    put<Assign>(d[i], dout[i]);
                }
            }
        };

        namespace forms
        {
            // An integer tensor has no fraction to scale or noise to add.
            template <class T>
            struct check_random_type
            {
                static constexpr bool value = std::is_floating_point_v<T>;
                static_assert(value, "xestimator: dropout and gaussian_noise take a float or double operand.");
            };

            // Op is dropout_op or gaussian_noise_op; amount is its rate or its stddev.
            template <template <class, class> class Op>
            struct random
            {
                double amount;
                std::uint64_t stream;

                template <class E>
                using check = check_random_type<value_type_of_t<E>>;
                template <class E>
                using op_type = Op<shape_of_t<E>, value_type_of_t<E>>;
                template <class E>
                op_type<E> op() const noexcept
                {
                    return {{}, amount, stream};
                }
            };
        }
    }

    /// @brief Inverted dropout as in training (tf.nn.dropout): each element is kept with
    /// probability 1 - rate and scaled by 1 / (1 - rate), or set to 0. Always draws: use the
    /// layer nn::dropout for "in train mode only". `stream` tells ops of one graph apart (two
    /// dropouts with one stream drop the same elements); a rate outside [0, 1) is a config_error.
    template <operand X>
        requires(!std::is_arithmetic_v<std::remove_cvref_t<X>>)
    auto dropout(X const& x, double rate, std::uint64_t stream = 0)
    {
        if (!(rate >= 0.0 && rate < 1.0))
        {
            raise<config_error>("dropout(x, rate): the rate must be in [0, 1)");
        }
        return expr::detail::make_node(expr::forms::random<expr::dropout_op>{rate, stream}, x);
    }

    /// @brief x plus normal noise of standard deviation `stddev` (Keras' GaussianNoise in
    /// training). Always draws: use the layer nn::gaussian_noise for "in train mode only". A
    /// negative or non-finite stddev is a config_error.
    template <operand X>
        requires(!std::is_arithmetic_v<std::remove_cvref_t<X>>)
    auto gaussian_noise(X const& x, double stddev, std::uint64_t stream = 0)
    {
        if (!(stddev >= 0.0 && stddev < 1e300))
        {
            raise<config_error>("gaussian_noise(x, stddev): the stddev must be finite and at least 0");
        }
        return expr::detail::make_node(expr::forms::random<expr::gaussian_noise_op>{stddev, stream}, x);
    }
}

#endif
