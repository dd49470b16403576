#ifndef XESTIMATOR_OPTIM_CLIPPING_HPP
#define XESTIMATOR_OPTIM_CLIPPING_HPP

/// @file
/// @brief Gradient clipping wrappers: element-wise by value, and by the global norm of all
/// gradients (tf.clip_by_global_norm). Both act in `preprocess`, before any update.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <type_traits>
#include <utility>

#include "checks.hpp"
#include "concepts.hpp"

namespace xest::optim
{
    /// @brief Clips every gradient element into `[clip_value_min, clip_value_max]`
    /// (tf.clip_by_value; NaN stays NaN), then lets `Optimizer` preprocess and update.
    /// @tparam Optimizer the wrapped update rule
    template <optimizer Optimizer>
    struct clip_by_value
    {
        Optimizer opt;
        float clip_value_min;
        float clip_value_max;

        template <class T, std::size_t N>
        using slots = typename Optimizer::template slots<T, N>;
        using context = typename Optimizer::context;

        void validate() const
        {
            opt.validate();
            detail::require_finite("clip_by_value", "clip_value_min", clip_value_min);
            detail::require_finite("clip_by_value", "clip_value_max", clip_value_max);
            if (!(clip_value_min <= clip_value_max))
            {
                detail::out_of_range("clip_by_value", "clip_value_min", clip_value_min,
                                     ("it must be <= clip_value_max = "
                                      + detail::format_number(clip_value_max)).c_str());
            }
        }

        float current_learning_rate(std::int64_t step) const
        {
            return opt.current_learning_rate(step);
        }

        context prepare(std::int64_t step, float learning_rate) const
        {
            return opt.prepare(step, learning_rate);
        }

        template <class Each>
        void preprocess(Each&& each) const
        {
            each([this](auto grad) {
                using value_type = std::remove_cv_t<typename decltype(grad)::element_type>;
                auto const lo = static_cast<value_type>(clip_value_min);
                auto const hi = static_cast<value_type>(clip_value_max);
                for (auto& g : grad)
                {
                    g = std::clamp(g, lo, hi);
                }
            });
            if constexpr (has_preprocess<Optimizer, Each>)
            {
                opt.preprocess(each);
            }
        }

        template <class T, std::size_t N>
        void update(context const& ctx, std::span<T, N> value,
                    std::type_identity_t<std::span<T const, N>> grad, slots<T, N>& s) const
        {
            opt.update(ctx, value, grad, s);
        }
    };

    /// @brief Scales all gradients together by `clip_norm / max(global_norm, clip_norm)`, where
    /// `global_norm = sqrt(sum of all squared gradient elements)` (tf.clip_by_global_norm; a
    /// non-finite global norm turns every gradient into NaN), then lets `Optimizer` preprocess
    /// and update.
    /// @tparam Optimizer the wrapped update rule
    template <optimizer Optimizer>
    struct clip_by_global_norm
    {
        Optimizer opt;
        float clip_norm;

        template <class T, std::size_t N>
        using slots = typename Optimizer::template slots<T, N>;
        using context = typename Optimizer::context;

        void validate() const
        {
            opt.validate();
            detail::require_positive("clip_by_global_norm", "clip_norm", clip_norm);
        }

        float current_learning_rate(std::int64_t step) const
        {
            return opt.current_learning_rate(step);
        }

        context prepare(std::int64_t step, float learning_rate) const
        {
            return opt.prepare(step, learning_rate);
        }

        template <class Each>
        void preprocess(Each&& each) const
        {
            // Summed in double so that many float elements do not lose the small ones.
            double sum_of_squares = 0.0;
            each([&sum_of_squares](auto grad) {
                // Four partial sums break the dependency chain of one running sum.
                double partial[4] = {0.0, 0.0, 0.0, 0.0};
                for (std::size_t i = 0; i < grad.size(); ++i)
                {
                    double const g = static_cast<double>(grad[i]);
                    partial[i % 4] += g * g;
                }
                sum_of_squares += (partial[0] + partial[1]) + (partial[2] + partial[3]);
            });
            double const global_norm = std::sqrt(sum_of_squares);
            double const limit = clip_norm;
            double const scale = std::isfinite(global_norm)
                                     ? limit / std::max(global_norm, limit)
                                     : std::numeric_limits<double>::quiet_NaN();
            // A scale of exactly 1 leaves every element unchanged: skip the pass.
            if (scale != 1.0)
            {
                each([scale](auto grad) {
                    using value_type = std::remove_cv_t<typename decltype(grad)::element_type>;
                    auto const factor = static_cast<value_type>(scale);
                    for (auto& g : grad)
                    {
                        g *= factor;
                    }
                });
            }
            if constexpr (has_preprocess<Optimizer, Each>)
            {
                opt.preprocess(each);
            }
        }

        template <class T, std::size_t N>
        void update(context const& ctx, std::span<T, N> value,
                    std::type_identity_t<std::span<T const, N>> grad, slots<T, N>& s) const
        {
            opt.update(ctx, value, grad, s);
        }
    };

    /// @brief Builds a `clip_by_value` without naming the optimizer type:
    /// `clip_value(adam{}, -1.0f, 1.0f)`.
    template <optimizer Optimizer>
    auto clip_value(Optimizer opt, float clip_value_min, float clip_value_max)
    {
        return clip_by_value<Optimizer>{std::move(opt), clip_value_min, clip_value_max};
    }

    /// @brief Builds a `clip_by_global_norm` without naming the optimizer type:
    /// `clip_global_norm(adam{}, 5.0f)`.
    template <optimizer Optimizer>
    auto clip_global_norm(Optimizer opt, float clip_norm)
    {
        return clip_by_global_norm<Optimizer>{std::move(opt), clip_norm};
    }
}

#endif
