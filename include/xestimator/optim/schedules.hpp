#ifndef XESTIMATOR_OPTIM_SCHEDULES_HPP
#define XESTIMATOR_OPTIM_SCHEDULES_HPP

/// @file
/// @brief Learning-rate schedules with Keras semantics: `float operator()(std::int64_t step)`,
/// where `step` is the number of updates already applied (0 for the first).

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <string>

#include "checks.hpp"
#include "concepts.hpp"

namespace xest::optim
{
    /// @brief The same learning rate at every step.
    struct constant
    {
        float learning_rate;

        float operator()(std::int64_t) const
        {
            return learning_rate;
        }

        void validate() const
        {
            detail::require_non_negative("constant", "learning_rate", learning_rate);
        }
    };

    /// @brief `initial_learning_rate * decay_rate^(step / decay_steps)`; with `staircase` the
    /// exponent is `floor(step / decay_steps)` (Keras ExponentialDecay).
    struct exponential_decay
    {
        float initial_learning_rate;
        std::int64_t decay_steps;
        float decay_rate;
        bool staircase = false;

        float operator()(std::int64_t step) const
        {
            double p = static_cast<double>(step) / static_cast<double>(decay_steps);
            if (staircase)
            {
                p = std::floor(p);
            }
            return static_cast<float>(static_cast<double>(initial_learning_rate)
                                      * std::pow(static_cast<double>(decay_rate), p));
        }

        void validate() const
        {
            detail::require_non_negative("exponential_decay", "initial_learning_rate",
                                         initial_learning_rate);
            detail::require_positive("exponential_decay", "decay_steps",
                                     static_cast<double>(decay_steps));
            detail::require_non_negative("exponential_decay", "decay_rate", decay_rate);
        }
    };

    /// @brief `values[0]` while `step <= boundaries[0]`, `values[i]` while
    /// `boundaries[i-1] < step <= boundaries[i]`, `values[N]` after the last boundary
    /// (TF/Keras PiecewiseConstantDecay).
    /// @tparam N number of boundaries; there are N + 1 values
    template <std::size_t N>
    struct piecewise_constant
    {
        std::array<std::int64_t, N> boundaries;
        std::array<float, N + 1> values;

        float operator()(std::int64_t step) const
        {
            // The first boundary that is >= step selects the interval; a step equal to a
            // boundary still belongs to the interval before it.
            auto const it = std::lower_bound(boundaries.begin(), boundaries.end(), step);
            return values[static_cast<std::size_t>(it - boundaries.begin())];
        }

        void validate() const
        {
            for (std::size_t i = 1; i < N; ++i)
            {
                if (!(boundaries[i - 1] < boundaries[i]))
                {
                    raise<config_error>(
                        "xest::optim::piecewise_constant: boundaries must be strictly increasing, "
                        "but boundaries[" + std::to_string(i - 1) + "] = "
                        + std::to_string(boundaries[i - 1]) + " and boundaries["
                        + std::to_string(i) + "] = " + std::to_string(boundaries[i]));
                }
            }
            for (std::size_t i = 0; i <= N; ++i)
            {
                detail::require_non_negative("piecewise_constant", ("values[" + std::to_string(i) + "]").c_str(),
                                             values[i]);
            }
        }
    };

    /// @brief Builds a `piecewise_constant<N>` from braced lists (no CTAD needed):
    /// `piecewise({100, 200}, {0.1f, 0.01f, 0.001f})`.
    template <std::size_t N, std::size_t M>
    piecewise_constant<N> piecewise(std::int64_t const (&boundaries)[N], float const (&values)[M])
    {
        static_assert(M == N + 1, "xest::optim::piecewise: give exactly one more value than "
                                  "boundaries (values[0] applies up to boundaries[0]).");
        piecewise_constant<N> result{};
        std::copy(boundaries, boundaries + N, result.boundaries.begin());
        std::copy(values, values + M, result.values.begin());
        return result;
    }

    /// @brief Cosine decay from `initial_learning_rate` to `alpha * initial_learning_rate` over
    /// `decay_steps`, constant afterwards (Keras CosineDecay without warmup):
    /// `initial * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decay_steps) / decay_steps)) + alpha)`.
    struct cosine_decay
    {
        float initial_learning_rate;
        std::int64_t decay_steps;
        float alpha = 0.0f;

        float operator()(std::int64_t step) const
        {
            double const fraction = static_cast<double>(std::min(step, decay_steps))
                                    / static_cast<double>(decay_steps);
            double const cosine = 0.5 * (1.0 + std::cos(std::numbers::pi * fraction));
            double const a = alpha;
            return static_cast<float>(static_cast<double>(initial_learning_rate)
                                      * ((1.0 - a) * cosine + a));
        }

        void validate() const
        {
            detail::require_non_negative("cosine_decay", "initial_learning_rate",
                                         initial_learning_rate);
            detail::require_positive("cosine_decay", "decay_steps",
                                     static_cast<double>(decay_steps));
            detail::require_unit_interval("cosine_decay", "alpha", alpha);
        }
    };

    /// @brief Linear warmup before another schedule, as Keras CosineDecay's warmup does it:
    /// for `step < warmup_steps` the rate is
    /// `initial_learning_rate + (after(0) - initial_learning_rate) * step / warmup_steps`;
    /// from then on it is `after(step - warmup_steps)`, so `after` starts its own clock when
    /// the warmup ends and the rate is continuous there.
    /// @tparam Schedule the schedule that follows the warmup
    template <learning_rate_schedule Schedule>
    struct linear_warmup
    {
        std::int64_t warmup_steps;
        Schedule after;
        float initial_learning_rate = 0.0f;

        float operator()(std::int64_t step) const
        {
            if (step < warmup_steps)
            {
                double const start = initial_learning_rate;
                double const target = static_cast<double>(after(0));
                double const fraction =
                    static_cast<double>(step) / static_cast<double>(warmup_steps);
                return static_cast<float>(start + (target - start) * fraction);
            }
            return static_cast<float>(after(step - warmup_steps));
        }

        void validate() const
        {
            detail::require_non_negative("linear_warmup", "warmup_steps",
                                         static_cast<double>(warmup_steps));
            detail::require_non_negative("linear_warmup", "initial_learning_rate",
                                         initial_learning_rate);
            detail::validate_if_present(after);
        }
    };

    /// @brief Builds a `linear_warmup<Schedule>` without naming the schedule type:
    /// `warmup(1000, cosine_decay{0.1f, 10000})`.
    template <learning_rate_schedule Schedule>
    auto warmup(std::int64_t warmup_steps, Schedule after, float initial_learning_rate = 0.0f)
    {
        return linear_warmup<Schedule>{warmup_steps, static_cast<Schedule&&>(after),
                                       initial_learning_rate};
    }
}

#endif
