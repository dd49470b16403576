#ifndef XESTIMATOR_OPTIM_CONCEPTS_HPP
#define XESTIMATOR_OPTIM_CONCEPTS_HPP

/// @file
/// @brief The optimizer and learning-rate-schedule protocols as concepts, and check_optimizer(),
/// which names the first member an optimizer lacks.

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace xest::optim
{
    namespace detail
    {
        // One concept per member of the protocol, so each can have its own diagnostic. They are
        // checked for T = float and N = 1; update and slots are templates over both.
        template <class O>
        concept has_context = requires { typename O::context; };

        template <class O>
        concept has_slots = requires { typename O::template slots<float, 1>; };

        template <class O>
        concept has_slot_visit = has_slots<O> && requires(typename O::template slots<float, 1>& s) {
            s.visit([](std::string_view, std::span<float, 1>) {});
        };

        template <class O>
        concept has_current_learning_rate = requires(O const& o, std::int64_t step) {
            { o.current_learning_rate(step) } -> std::convertible_to<float>;
        };

        template <class O>
        concept has_prepare = has_context<O> && requires(O const& o, std::int64_t step, float learning_rate) {
            { o.prepare(step, learning_rate) } -> std::same_as<typename O::context>;
        };

        template <class O>
        concept has_update = has_context<O> && has_slots<O>
                             && requires(O const& o, typename O::context const& ctx, std::span<float, 1> value,
                                         std::span<float const, 1> grad, typename O::template slots<float, 1>& s) {
                                    o.update(ctx, value, grad, s);
                                };

        template <class O>
        concept has_validate = requires(O const& o) { o.validate(); };

        // False, but only once O is known: a static_assert on it fires for the type at fault.
        template <class O>
        inline constexpr bool optimizer_accepted_v = false;
    }

    /// @brief An update rule: hyper-parameters plus a nested per-parameter state `slots<T, N>`.
    ///
    /// Per step the estimator calls `lr = current_learning_rate(step)`, `ctx = prepare(step, lr)`,
    /// `preprocess(each)` if present, then `update(ctx, value, grad, slots)` for every parameter;
    /// `validate()` once, when the estimator is built; `slots.visit(f)` to save and restore the
    /// state in checkpoints. check_optimizer<O>() says which member is missing.
    template <class O>
    concept optimizer = detail::has_context<O> && detail::has_slots<O> && detail::has_slot_visit<O>
                        && detail::has_current_learning_rate<O> && detail::has_prepare<O> && detail::has_update<O>
                        && detail::has_validate<O>;

    /// @brief Fails with one static_assert naming the first missing or malformed member when O is
    /// not an optimizer; returns optimizer<O>, so that callers can guard the code that would
    /// cascade (`if constexpr (check_optimizer<O>()) { ... }`).
    template <class O>
    constexpr bool check_optimizer() noexcept
    {
        using namespace detail;
        // In the order a reader implements them; only the first failing one fires.
        if constexpr (!has_context<O>)
        {
            static_assert(optimizer_accepted_v<O>,
                          "xest optimizer: the type has no nested `context` (the per-step factors): declare "
                          "struct context { ... }; and return it from prepare().");
        }
        else if constexpr (!has_slots<O>)
        {
            static_assert(optimizer_accepted_v<O>,
                          "xest optimizer: the type has no member template `slots`: declare "
                          "template <class T, std::size_t N> struct slots { ... }; (the per-parameter state; "
                          "empty for a rule without state).");
        }
        else if constexpr (!has_slot_visit<O>)
        {
            static_assert(optimizer_accepted_v<O>,
                          "xest optimizer: slots<T, N> must have template <class F> void visit(F&& f), calling "
                          "f(std::string_view name, std::span<T, N> values) for each state array (none for a "
                          "rule without state); checkpoints save the state through it.");
        }
        else if constexpr (!has_current_learning_rate<O>)
        {
            static_assert(optimizer_accepted_v<O>,
                          "xest optimizer: the member current_learning_rate must be callable as "
                          "float current_learning_rate(std::int64_t step) const.");
        }
        else if constexpr (!has_prepare<O>)
        {
            static_assert(optimizer_accepted_v<O>,
                          "xest optimizer: the member prepare must be callable as "
                          "context prepare(std::int64_t step, float learning_rate) const, returning exactly the "
                          "nested context type.");
        }
        else if constexpr (!has_update<O>)
        {
            static_assert(optimizer_accepted_v<O>,
                          "xest optimizer: the member update must be callable as template <class T, std::size_t N> "
                          "void update(context const& ctx, std::span<T, N> value, std::span<T const, N> grad, "
                          "slots<T, N>& state) const.");
        }
        else if constexpr (!has_validate<O>)
        {
            static_assert(optimizer_accepted_v<O>,
                          "xest optimizer: the member validate must be callable as void validate() const, throwing "
                          "xest::config_error that names a hyper-parameter out of range.");
        }
        return optimizer<O>;
    }

    /// @brief A learning-rate schedule: `float operator()(std::int64_t step) const`.
    template <class S>
    concept learning_rate_schedule = requires(S const& s, std::int64_t step) {
        { s(step) } -> std::convertible_to<float>;
    };

    /// @brief Satisfied when `o.preprocess(each)` exists (gradient clipping wrappers have it).
    template <class O, class Each>
    concept has_preprocess = requires(O const& o, Each& each) { o.preprocess(each); };

    /// @brief Satisfied when the optimizer has `float loss_gradient_scale() const`: the training
    /// loop then starts backward from that value instead of 1, so every gradient arrives scaled
    /// by it at no cost (distribute::mpi asks for 1 / ranks: the sum over the ranks is then the
    /// average). The optimizer sees the factor in `preprocess` (`each.loss_gradient_scale`).
    template <class O>
    concept has_loss_gradient_scale = requires(O const& o) {
        { o.loss_gradient_scale() } -> std::convertible_to<float>;
    };

    /// @brief The value backward starts from: `o.loss_gradient_scale()`, or 1 without it.
    template <class O>
    float loss_gradient_scale_of(O const& o)
    {
        if constexpr (has_loss_gradient_scale<O>)
        {
            return o.loss_gradient_scale();
        }
        else
        {
            return 1.0f;
        }
    }

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
