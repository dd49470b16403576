#ifndef XESTIMATOR_HOOKS_DISPATCH_HPP
#define XESTIMATOR_HOOKS_DISPATCH_HPP

/// @file
/// @brief Calls a pack of hooks at each point of the lifecycle; everything is resolved at compile
///        time, so a hook without a member for a point costs nothing there.
///
/// Lifecycle of one train() call (the estimator is the only caller):
/// @code
/// begin_all(hooks, run_info{start, last, dir});
/// bool stop = false; step_info last{.step = start, .loss = NaN};
/// while (!stop) {
///     if (before_step_all(hooks, global_step + 1)) break;        // true: this step does not run
///     ... forward, loss, backward ...
///     step_info info{.step = global_step + 1, .loss = l, .learning_rate = lr, .batch_size = n, .stop_flag = &stop};
///     if (before_update_all(hooks, info)) break;                 // true: the update is NOT applied
///     ... optimizer update; ++global_step ...
///     stop = after_step_all(hooks, info) || stop; last = info;   // true: stop after this step
/// }
/// end_all(hooks, last);
/// @endcode
/// Every hook is called at every point it declares, even when an earlier hook already asked to
/// stop (no short-circuit), so a loss recorder never misses the last step.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <tuple>
#include <type_traits>
#include <utility>

#include "cadence.hpp"
#include "detail/call_hook.hpp"
#include "hook_traits.hpp"
#include "step_info.hpp"

namespace xest::hooks
{
    /// @brief Checks every hook type of a pack (one static_assert per ill-formed type); returns
    ///        true when all are hooks. Call it where a hook pack enters a public API.
    template <class... Hooks>
    constexpr bool check_hooks() noexcept
    {
        return (check_hook<Hooks>() && ...);
    }

    /// @brief True when a hook of the tuple has after_step or is a callable (it needs a step_info
    ///        after some steps).
    template <class Tuple>
    inline constexpr bool any_after_step_v = detail::tuple_traits<std::remove_cvref_t<Tuple>>::any_after_step;

    /// @brief True when a hook of the tuple has before_update (it needs the loss before every update).
    template <class Tuple>
    inline constexpr bool any_before_update_v = detail::tuple_traits<std::remove_cvref_t<Tuple>>::any_before_update;

    /// @brief True when a hook of the tuple has after_evaluation.
    template <class Tuple>
    inline constexpr bool any_after_evaluation_v =
        detail::tuple_traits<std::remove_cvref_t<Tuple>>::any_after_evaluation;

    /// @brief The first step after `step` at which some hook of the tuple wants after_step
    ///        (hooks::never when none does). With WithEveryStep = false, hooks without a cadence
    ///        do not count: the training loop calls those on every step anyway
    ///        (after_step_every_step_all), and only asks when a hook with a cadence is due.
    template <bool WithEveryStep = true, class Tuple>
        requires detail::is_std_tuple<std::remove_cvref_t<Tuple>>::value
    [[nodiscard]] constexpr std::int64_t next_due_all(Tuple const& hooks, std::int64_t step) noexcept
    {
        return std::apply(
            [&](auto const&... h)
            {
                std::int64_t due = never;
                ((due = (WithEveryStep || !detail::every_step_v<std::remove_cvref_t<decltype(h)>>)
                            ? std::min(due, detail::next_due_of(h, step))
                            : due),
                 ...);
                return due;
            },
            hooks);
    }

    /// @brief True when a hook of the tuple wants after_step on every step (no cadence): the loop
    ///        then calls after_step_every_step_all between due steps.
    template <class Tuple>
    inline constexpr bool any_every_step_v = []<class... H>(std::type_identity<std::tuple<H...>>)
    {
        return (detail::every_step_v<std::remove_cvref_t<H>> || ...);
    }(std::type_identity<std::remove_cvref_t<Tuple>>{});

    /// @brief Calls begin(info) on each hook that has it, in order, once before the first step.
    template <detail::hook_tuple Hooks>
    constexpr void begin_all(Hooks&& hooks, run_info const& info)
    {
        std::apply([&](auto&... h) { (detail::call_begin(h, info), ...); }, hooks);
    }

    /// @brief Calls before_step(step) on each hook; `step` is the global step the coming update will
    ///        produce. Returns true when a hook returned true: the step must not run.
    template <detail::hook_tuple Hooks>
    [[nodiscard]] constexpr bool before_step_all(Hooks&& hooks, std::int64_t step)
    {
        return std::apply(
            [&](auto&... h)
            {
                bool stop = false;
                ((stop = detail::call_before_step(h, step) || stop), ...);
                return stop;
            },
            hooks);
    }

    /// @brief Calls before_update(info) on each hook after the loss and gradients are computed and
    ///        BEFORE the optimizer touches the parameters. Returns true when a hook returned true:
    ///        the update must not be applied and the run stops (end_all still runs).
    template <detail::hook_tuple Hooks>
    [[nodiscard]] constexpr bool before_update_all(Hooks&& hooks, step_info const& info)
    {
        return std::apply(
            [&](auto&... h)
            {
                bool abort = false;
                ((abort = detail::call_before_update(h, info) || abort), ...);
                return abort;
            },
            hooks);
    }

    /// @brief Calls after_step(info) (or the callable) on each hook whose cadence admits info.step.
    ///        Returns true when a hook returned true or called info.request_stop().
    template <detail::hook_tuple Hooks>
    [[nodiscard]] constexpr bool after_step_all(Hooks&& hooks, step_info const& info)
    {
        bool const stop = std::apply(
            [&](auto&... h)
            {
                bool any = false;
                ((any = detail::call_after_step(h, info) || any), ...);
                return any;
            },
            hooks);
        return stop || info.stop_requested();
    }

    /// @brief after_step_all for a step at which no hook with a cadence is due: only the hooks
    ///        without a cadence are called. Returns true when one of them asked to stop.
    template <detail::hook_tuple Hooks>
    [[nodiscard]] constexpr bool after_step_every_step_all(Hooks&& hooks, step_info const& info)
    {
        bool const stop = std::apply(
            [&](auto&... h)
            {
                bool any = false;
                ((any = (detail::every_step_v<std::remove_cvref_t<decltype(h)>> && detail::call_after_step(h, info)) || any),
                 ...);
                return any;
            },
            hooks);
        return stop || info.stop_requested();
    }

    /// @brief Calls end(last) on each hook once after the last step, whatever stopped the run
    ///        (not when an exception leaves the loop: hooks release resources in their destructor).
    template <detail::hook_tuple Hooks>
    constexpr void end_all(Hooks&& hooks, step_info const& last)
    {
        std::apply([&](auto&... h) { (detail::call_end(h, last), ...); }, hooks);
    }

    /// @brief Calls after_evaluation(result) on each hook. `result` is the estimator's evaluation
    ///        result (.loss, .global_step, operator[](name)). Returns true when a hook asks to stop
    ///        training (train_and_evaluate honours it).
    template <detail::hook_tuple Hooks, class Result>
    [[nodiscard]] constexpr bool after_evaluation_all(Hooks&& hooks, Result const& result)
    {
        static_assert(detail::evaluation_result<Result>,
                      "xest hook: after_evaluation_all needs a result with .loss (double), .global_step "
                      "(std::int64_t) and operator[](std::string_view) -> double.");
        if constexpr (!detail::evaluation_result<Result>)
        {
            return false;
        }
        else
        {
            return std::apply(
                [&](auto&... h)
                {
                    bool stop = false;
                    ((stop = detail::call_after_evaluation(h, result) || stop), ...);
                    return stop;
                },
                hooks);
        }
    }

    /// @brief One tuple of references over the hooks of several tuples, in order, so hooks held by
    ///        value (template arguments of the estimator) and by reference (passed to train()) are
    ///        dispatched as one pack. An rvalue tuple must hold references only (std::tie,
    ///        std::forward_as_tuple of lvalues), otherwise its hooks would dangle.
    template <class... Tuples>
        requires(detail::is_std_tuple<std::remove_cvref_t<Tuples>>::value && ...)
    [[nodiscard]] constexpr auto join(Tuples&&... tuples) noexcept
    {
        static_assert(
            ((std::is_lvalue_reference_v<Tuples> || []<class... H>(std::tuple<H...> const*)
              { return (std::is_lvalue_reference_v<H> && ...); }(static_cast<std::remove_cvref_t<Tuples> const*>(nullptr)))
             && ...),
            "xest hook: join() got a temporary tuple holding hooks by value; they would dangle. Store the tuple "
            "in a variable first, or build it with std::tie.");
        return std::tuple_cat(detail::refs_of(tuples)...);
    }
}

#endif
