#ifndef XESTIMATOR_OPTIM_CONCEPTS_HPP
#define XESTIMATOR_OPTIM_CONCEPTS_HPP

/// @file
/// @brief The optimizer and learning-rate-schedule protocols as concepts.

#include <concepts>
#include <cstdint>

namespace xest::optim
{
    /// @brief An update rule: hyper-parameters plus a nested per-parameter state `slots<T, N>`.
    ///
    /// Per step the estimator calls `lr = current_learning_rate(step)`, `ctx = prepare(step, lr)`,
    /// `preprocess(each)` if present, then `update(ctx, value, grad, slots)` for every parameter.
    template <class O>
    concept optimizer = requires(O const& o, std::int64_t step, float learning_rate) {
        typename O::context;
        typename O::template slots<float, 1>;
        { o.current_learning_rate(step) } -> std::convertible_to<float>;
        { o.prepare(step, learning_rate) } -> std::same_as<typename O::context>;
        o.validate();
    };

    /// @brief A learning-rate schedule: `float operator()(std::int64_t step) const`.
    template <class S>
    concept learning_rate_schedule = requires(S const& s, std::int64_t step) {
        { s(step) } -> std::convertible_to<float>;
    };

    /// @brief Satisfied when `o.preprocess(each)` exists (gradient clipping wrappers have it).
    template <class O, class Each>
    concept has_preprocess = requires(O const& o, Each& each) { o.preprocess(each); };

    namespace detail
    {
        // Schedules and optimizers may omit validate(); wrappers call it only where it exists.
        template <class X>
        void validate_if_present(X const& x)
        {
            if constexpr (requires { x.validate(); })
            {
                x.validate();
            }
        }
    }
}

#endif
