#ifndef XESTIMATOR_OPTIM_MOVING_AVERAGE_HPP
#define XESTIMATOR_OPTIM_MOVING_AVERAGE_HPP

/// @file
/// @brief `with_moving_average<Optimizer>`: the wrapped rule, then an exponential moving average
/// of every param kept as one more slot (tf.train.ExponentialMovingAverage).

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

#include "checks.hpp"
#include "concepts.hpp"

namespace xest::optim
{
    namespace detail
    {
        /// @brief The wrapped rule's slots plus the shadow (averaged) copy of the param.
        ///
        /// A shadow holding NaN is unset: the next update copies the param into it first. This
        /// is how it starts from the param's value (the slots are built before the params are
        /// known), and how a checkpoint without averages resumes: its shadows keep NaN.
        template <class InnerSlots, class T, std::size_t N>
        struct moving_average_slots
        {
            static_assert(std::is_floating_point_v<T>,
                          "xest::optim::with_moving_average: averages float and double params only.");

            InnerSlots inner{};
            std::array<T, N> shadow = unset();

            template <class F>
            void visit(F&& f)
            {
                inner.visit(f);
                // TF's name for the shadow variable of a var: "<var>/ExponentialMovingAverage".
                f(std::string_view{"ExponentialMovingAverage"}, std::span<T, N>{shadow});
            }

            /// @brief False until the first update (or a restore) gave the shadow a value.
            bool is_set() const noexcept
            {
                return N == 0 || shadow[0] == shadow[0];
            }

        private:
            static constexpr std::array<T, N> unset() noexcept
            {
                std::array<T, N> a{};
                a.fill(std::numeric_limits<T>::quiet_NaN());
                return a;
            }
        };

        template <class S>
        inline constexpr bool is_moving_average_slots_v = false;
        template <class InnerSlots, class T, std::size_t N>
        inline constexpr bool is_moving_average_slots_v<moving_average_slots<InnerSlots, T, N>> = true;
    }

    /// @brief True when the per-param state of O holds a moving average (O is a
    /// with_moving_average, or a wrapper that forwards its slots, such as clipping).
    template <class O>
    inline constexpr bool has_moving_average_v =
        detail::is_moving_average_slots_v<typename O::template slots<float, 1>>;

    /// @brief Updates with `Optimizer`, then moves the shadow of every updated param towards its
    /// new value: `shadow -= (1 - d) * (shadow - value)` with `d = decay`, or with
    /// `use_num_updates`, `d = min(decay, (1 + step) / (10 + step))` (TF's `num_updates` set to
    /// the global step before the update). The shadow starts at the param's value and is saved
    /// in checkpoints as the slot "ExponentialMovingAverage". Evaluate with the averages through
    /// xest::optim::use_moving_averages (estimator/moving_averages.hpp).
    /// @tparam Optimizer the wrapped update rule
    template <optimizer Optimizer>
    struct with_moving_average
    {
        // Two averages per param would both be saved as "ExponentialMovingAverage".
        static_assert(!has_moving_average_v<Optimizer>,
                      "xest::optim::with_moving_average: the optimizer it wraps already keeps a moving average; "
                      "wrap the update rule once.");

        Optimizer opt;
        /// @brief Weight of the old average per step; tf.train.ExponentialMovingAverage has no
        /// default, 0.999 is the value its documentation suggests.
        float decay = 0.999f;
        /// @brief Ramps the decay up over the first steps, as TF's `num_updates` argument.
        bool use_num_updates = false;

        template <class T, std::size_t N>
        using slots = detail::moving_average_slots<typename Optimizer::template slots<T, N>, T, N>;

        /// @brief The wrapped rule's context and this step's averaging factor.
        struct context
        {
            typename Optimizer::context inner;
            double one_minus_decay;
        };

        void validate() const
        {
            opt.validate();
            detail::require_decay_rate("with_moving_average", "decay", decay);
        }

        float current_learning_rate(std::int64_t step) const
        {
            return opt.current_learning_rate(step);
        }

        /// @brief The decay applied at `step` (0 for the first update).
        double decay_at(std::int64_t step) const noexcept
        {
            double const d = decay;
            if (!use_num_updates)
            {
                return d;
            }
            double const n = static_cast<double>(step);
            return std::min(d, (1.0 + n) / (10.0 + n));
        }

        context prepare(std::int64_t step, float learning_rate) const
        {
            return {opt.prepare(step, learning_rate), 1.0 - decay_at(step)};
        }

        template <class Each>
            requires has_preprocess<Optimizer, Each>
        void preprocess(Each&& each) const
        {
            opt.preprocess(each);
        }

        template <class T, std::size_t N>
        void update(context const& ctx, std::span<T, N> value,
                    std::type_identity_t<std::span<T const, N>> grad, slots<T, N>& s) const
        {
            if (!s.is_set())
            {
                std::copy(value.begin(), value.end(), s.shadow.begin());
            }
            opt.update(ctx.inner, value, grad, s.inner);
            T const f = static_cast<T>(ctx.one_minus_decay);
            for (std::size_t i = 0; i < N; ++i)
            {
                s.shadow[i] -= f * (s.shadow[i] - value[i]);
            }
        }
    };

    /// @brief Builds a `with_moving_average` without naming the optimizer type:
    /// `moving_average(adam{}, 0.999f)`.
    template <optimizer Optimizer>
    auto moving_average(Optimizer opt, float decay = 0.999f, bool use_num_updates = false)
    {
        return with_moving_average<Optimizer>{std::move(opt), decay, use_num_updates};
    }
}

#endif
