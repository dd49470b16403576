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
#include "hook_traits.hpp"
#include "step_info.hpp"

namespace xest::hooks
{
    namespace detail
    {
        template <class T>
        struct is_std_tuple : std::false_type
        {
        };
        template <class... T>
        struct is_std_tuple<std::tuple<T...>> : std::true_type
        {
        };

        /// A std::tuple of hooks held by value or by reference, passed as a non-const object.
        template <class T>
        concept hook_tuple = is_std_tuple<std::remove_cvref_t<T>>::value
                             && !std::is_const_v<std::remove_reference_t<T>>;

        /// Runs f and turns its result into "stop?": a void member never stops.
        template <class F>
        constexpr bool stop_of(F&& f)
        {
            if constexpr (std::is_void_v<std::invoke_result_t<F&>>)
            {
                f();
                return false;
            }
            else
            {
                return static_cast<bool>(f());
            }
        }

        /// True when the after-step callbacks of h run at this step (see every_n_steps).
        template <class T>
        constexpr bool on_cadence([[maybe_unused]] T const& h, [[maybe_unused]] std::int64_t step) noexcept
        {
            if constexpr (static_cadence<T>)
            {
                constexpr std::int64_t n = T::every_n_steps;
                static_assert(n >= 1, "xest hook: static constexpr every_n_steps must be at least 1 (1 = every step).");
                if constexpr (n == 1)
                {
                    return true;
                }
                else
                {
                    return step % n == 0;
                }
            }
            else if constexpr (function_cadence<T>)
            {
                auto const n = static_cast<std::int64_t>(h.every_n_steps());
                return n <= 1 || step % n == 0;
            }
            else
            {
                return true;
            }
        }

        template <class T>
        inline constexpr bool uses_after_step =
            is_hook_v<T>
            && (hook_form_v<T> == hook_form::step_callable || hook_form_v<T> == hook_form::loss_callable
                || (hook_form_v<T> == hook_form::object && declares_after_step<T>));

        template <class T>
        inline constexpr bool uses_before_update =
            is_hook_v<T> && hook_form_v<T> == hook_form::object && declares_before_update<T>;

        template <class T>
        inline constexpr bool uses_after_evaluation =
            is_hook_v<T> && hook_form_v<T> == hook_form::object && declares_after_evaluation<T>;

        template <class H>
        constexpr void call_begin(H& h, run_info const& info)
        {
            using T = std::remove_cvref_t<H>;
            if constexpr (check_hook<T>() && hook_form_v<T> == hook_form::object && declares_begin<T>)
            {
                h.begin(info);
            }
        }

        template <class H>
        constexpr bool call_before_step(H& h, std::int64_t step)
        {
            using T = std::remove_cvref_t<H>;
            if constexpr (check_hook<T>() && hook_form_v<T> == hook_form::object && declares_before_step<T>)
            {
                return stop_of([&] { return h.before_step(step); });
            }
            else
            {
                return false;
            }
        }

        template <class H>
        constexpr bool call_before_update(H& h, step_info const& info)
        {
            using T = std::remove_cvref_t<H>;
            if constexpr (check_hook<T>() && uses_before_update<T>)
            {
                return stop_of([&] { return h.before_update(info); });
            }
            else
            {
                return false;
            }
        }

        template <class H>
        constexpr bool call_after_step(H& h, step_info const& info)
        {
            using T = std::remove_cvref_t<H>;
            if constexpr (!check_hook<T>() || !uses_after_step<T>)
            {
                return false;
            }
            else
            {
                if (!on_cadence(static_cast<T const&>(h), info.step))
                {
                    return false;
                }
                if constexpr (names_next_due<T>)
                {
                    if (static_cast<T const&>(h).next_due(info.step - 1) != info.step)
                    {
                        return false;
                    }
                }
                if constexpr (hook_form_v<T> == hook_form::step_callable)
                {
                    return stop_of([&] { return std::invoke(h, info); });
                }
                else if constexpr (hook_form_v<T> == hook_form::loss_callable)
                {
                    return stop_of([&] { return std::invoke(h, info.loss); });
                }
                else
                {
                    return stop_of([&] { return h.after_step(info); });
                }
            }
        }

        template <class H>
        constexpr void call_end(H& h, step_info const& last)
        {
            using T = std::remove_cvref_t<H>;
            if constexpr (check_hook<T>() && hook_form_v<T> == hook_form::object && declares_end<T>)
            {
                h.end(last);
            }
        }

        template <class H, class R>
        constexpr bool call_after_evaluation(H& h, R const& result)
        {
            using T = std::remove_cvref_t<H>;
            if constexpr (!check_hook<T>() || !uses_after_evaluation<T>)
            {
                return false;
            }
            else if constexpr (!good_after_evaluation<T, R>)
            {
                static_assert(hook_accepted_v<T>,
                              "xest hook: the member after_evaluation must be callable as "
                              "after_evaluation(result) with the estimator's evaluation result (declare the parameter "
                              "as auto const&) and return void or bool (true = stop).");
                return false;
            }
            else
            {
                return stop_of([&] { return h.after_evaluation(result); });
            }
        }

        /// An after-step hook with no cadence of its own: called after every step.
        template <class T>
        inline constexpr bool every_step_v = uses_after_step<T> && !names_next_due<T> && !static_cadence<T>
                                             && !function_cadence<T>;

        /// The first step after `step` at which h wants after_step (hooks::never: not at all).
        template <class H>
        constexpr std::int64_t next_due_of(H const& h, std::int64_t step) noexcept
        {
            using T = std::remove_cvref_t<H>;
            if constexpr (!uses_after_step<T>)
            {
                return never;
            }
            else if constexpr (names_next_due<T>)
            {
                return h.next_due(step);
            }
            else if constexpr (static_cadence<T>)
            {
                return next_multiple(step, T::every_n_steps);
            }
            else if constexpr (function_cadence<T>)
            {
                return next_multiple(step, static_cast<std::int64_t>(h.every_n_steps()));
            }
            else
            {
                return step + 1;
            }
        }

        template <class H>
        constexpr bool wants_step_info(H const& h, std::int64_t step) noexcept
        {
            using T = std::remove_cvref_t<H>;
            if constexpr (uses_before_update<T>)
            {
                return true;
            }
            else if constexpr (uses_after_step<T>)
            {
                return on_cadence(h, step);
            }
            else
            {
                return false;
            }
        }

        template <class Tuple>
        struct tuple_traits;

        template <class... H>
        struct tuple_traits<std::tuple<H...>>
        {
            static constexpr bool any_after_step = (uses_after_step<std::remove_cvref_t<H>> || ...);
            static constexpr bool any_before_update = (uses_before_update<std::remove_cvref_t<H>> || ...);
            static constexpr bool any_after_evaluation = (uses_after_evaluation<std::remove_cvref_t<H>> || ...);
        };

        template <class Tuple>
        constexpr auto refs_of(Tuple& hooks) noexcept
        {
            return std::apply([](auto&... h) { return std::tuple<decltype(h)...>(h...); }, hooks);
        }

        template <class R>
        concept evaluation_result = requires(R const& r, std::string_view name) {
            { r.loss } -> std::convertible_to<double>;
            { r.global_step } -> std::convertible_to<std::int64_t>;
            { r[name] } -> std::convertible_to<double>;
        };
    }

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

    /// @brief False when no hook ever looks at a step_info: the estimator may then skip reading the
    ///        loss back and building step_info on every step (`if constexpr`).
    template <class Tuple>
    inline constexpr bool needs_step_info_v = any_after_step_v<Tuple> || any_before_update_v<Tuple>;

    /// @brief True when some hook wants the loss at this step (before_update, or an after-step
    ///        callback whose cadence admits the step). Conservative for hooks that keep their cadence
    ///        in a data member (the built-ins): they count as wanting every step.
    template <class Tuple>
        requires detail::is_std_tuple<std::remove_cvref_t<Tuple>>::value
    [[nodiscard]] constexpr bool needs_loss_on(Tuple const& hooks, std::int64_t step) noexcept
    {
        return std::apply([&](auto const&... h) { return (detail::wants_step_info(h, step) || ...); }, hooks);
    }

    /// @brief The first step after `step` at which some hook of the tuple wants after_step
    ///        (hooks::never when none does). The training loop runs the steps before it calling
    ///        only after_step_every_step_all.
    template <class Tuple>
        requires detail::is_std_tuple<std::remove_cvref_t<Tuple>>::value
    [[nodiscard]] constexpr std::int64_t next_due_all(Tuple const& hooks, std::int64_t step) noexcept
    {
        return std::apply(
            [&](auto const&... h)
            {
                std::int64_t due = never;
                ((due = std::min(due, detail::next_due_of(h, step))), ...);
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

    /// @brief A pack of hooks held by value (`hook_list<logging, nan_guard>`) or by reference
    ///        (`hook_list<my_hook&>`), usable in a hand-written loop and itself a hook, so a list can
    ///        be passed where one hook is expected.
    /// @tparam Hooks hook types; a reference type stores a reference.
    template <class... Hooks>
    class hook_list
    {
    public:
        using tuple_type = std::tuple<Hooks...>;

        static constexpr bool any_after_step = any_after_step_v<tuple_type>;
        static constexpr bool any_before_update = any_before_update_v<tuple_type>;
        static constexpr bool any_after_evaluation = any_after_evaluation_v<tuple_type>;

        constexpr hook_list() = default;

        template <class... Args>
            requires(sizeof...(Args) == sizeof...(Hooks) && sizeof...(Args) > 0)
        constexpr explicit hook_list(Args&&... args)
            : m_hooks(std::forward<Args>(args)...)
        {
            // check_hooks reports each ill-formed type with its own message.
            [[maybe_unused]] constexpr bool all_hooks = check_hooks<Hooks...>();
        }

        void begin(run_info const& info)
        {
            begin_all(m_hooks, info);
        }

        bool before_step(std::int64_t step)
        {
            return before_step_all(m_hooks, step);
        }

        bool before_update(step_info const& info)
            requires any_before_update
        {
            return before_update_all(m_hooks, info);
        }

        bool after_step(step_info const& info)
            requires any_after_step
        {
            return after_step_all(m_hooks, info);
        }

        void end(step_info const& last)
        {
            end_all(m_hooks, last);
        }

        template <class Result>
        bool after_evaluation(Result const& result)
            requires any_after_evaluation
        {
            return after_evaluation_all(m_hooks, result);
        }

        /// @brief See hooks::needs_loss_on.
        [[nodiscard]] constexpr bool needs_loss_on(std::int64_t step) const noexcept
        {
            return hooks::needs_loss_on(m_hooks, step);
        }

        /// @brief The stored hooks.
        [[nodiscard]] constexpr tuple_type& hooks() noexcept
        {
            return m_hooks;
        }

        [[nodiscard]] constexpr tuple_type const& hooks() const noexcept
        {
            return m_hooks;
        }

    private:
        tuple_type m_hooks;
    };

    /// By value, like std::tuple's guide: `hook_list{logging{}, nan_guard{}}`.
    template <class... Hooks>
    hook_list(Hooks...) -> hook_list<Hooks...>;
}

#endif
