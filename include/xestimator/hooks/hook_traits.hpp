#ifndef XESTIMATOR_HOOKS_HOOK_TRAITS_HPP
#define XESTIMATOR_HOOKS_HOOK_TRAITS_HPP

/// @file
/// @brief Detection of the hook protocol: which form a type has, which lifecycle members it
///        declares, its cadence, and the one diagnostic a type that is not a hook gets.

#include <concepts>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "step_info.hpp"

namespace xest::hooks
{
    /// @brief The three ways a type can be a hook (see docs/hooks.md).
    enum class hook_form
    {
        none,           ///< not a hook: check_hook<T>() fails with the list of recognised members
        step_callable,  ///< h(xest::step_info const&) -> void or bool, called after each step
        loss_callable,  ///< h(float loss) -> void or bool, called after each step
        object          ///< an object with at least one lifecycle member
    };

    namespace detail
    {
        /// Always false; named so the compiler's note reads "hook_accepted_v<your_type> is false".
        template <class T>
        inline constexpr bool hook_accepted_v = false;

        /// Stands for the estimator's evaluation result when detecting after_evaluation, whose
        /// real argument type is only known at the call.
        struct eval_result_archetype
        {
            double loss = 0.0;
            std::int64_t global_step = 0;
            double operator[](std::string_view) const noexcept;
        };

        /// Converts to floating-point types only, so `[](std::int64_t step) {}` is not taken
        /// for a loss callable (float -> int64 would silently truncate the loss).
        struct loss_argument
        {
            template <std::floating_point F>
            operator F() const noexcept;
        };

        template <class R>
        concept hook_result = std::same_as<R, void> || std::same_as<R, bool>;

        // ---- lifecycle members: "declared" (named or callable) vs "well-formed" ----------------
        // A member that is named but cannot be called as the protocol says is diagnosed instead of
        // being skipped (rule: a misspelt or mistyped hook member is never silently ignored).

        template <class T>
        concept names_begin = requires { &T::begin; };
        template <class T>
        concept callable_begin = requires(T& h, run_info const& r) { h.begin(r); };
        template <class T>
        concept good_begin = requires(T& h, run_info const& r) {
            { h.begin(r) } -> std::same_as<void>;
        };

        template <class T>
        concept names_before_step = requires { &T::before_step; };
        template <class T>
        concept callable_before_step = requires(T& h, std::int64_t s) { h.before_step(s); };
        template <class T>
        concept good_before_step = requires(T& h, std::int64_t s) {
            { h.before_step(s) } -> hook_result;
        };

        template <class T>
        concept names_before_update = requires { &T::before_update; };
        template <class T>
        concept callable_before_update = requires(T& h, step_info const& s) { h.before_update(s); };
        template <class T>
        concept good_before_update = requires(T& h, step_info const& s) {
            { h.before_update(s) } -> hook_result;
        };

        template <class T>
        concept names_after_step = requires { &T::after_step; };
        template <class T>
        concept callable_after_step = requires(T& h, step_info const& s) { h.after_step(s); };
        template <class T>
        concept good_after_step = requires(T& h, step_info const& s) {
            { h.after_step(s) } -> hook_result;
        };

        template <class T>
        concept names_end = requires { &T::end; };
        template <class T>
        concept callable_end = requires(T& h, step_info const& s) { h.end(s); };
        template <class T>
        concept good_end = requires(T& h, step_info const& s) {
            { h.end(s) } -> std::same_as<void>;
        };

        // after_evaluation is usually a template (auto const&): its signature is checked at the
        // call, with the real result type (see after_evaluation_all).
        template <class T>
        concept names_after_evaluation = requires { &T::after_evaluation; };
        template <class T>
        concept callable_after_evaluation = requires(T& h, eval_result_archetype const& r) {
            h.after_evaluation(r);
        };
        template <class T, class R>
        concept good_after_evaluation = requires(T& h, R const& r) {
            { h.after_evaluation(r) } -> hook_result;
        };

        // next_due(step) -> the first step after `step` at which after_step wants to run; steps
        // before it run without calling it (see hooks::next_due_all).
        template <class T>
        concept names_next_due = requires { &T::next_due; };
        template <class T>
        concept good_next_due = requires(T const& h, std::int64_t s) {
            { h.next_due(s) } -> std::same_as<std::int64_t>;
        };

        template <class T>
        concept declares_begin = names_begin<T> || callable_begin<T>;
        template <class T>
        concept declares_before_step = names_before_step<T> || callable_before_step<T>;
        template <class T>
        concept declares_before_update = names_before_update<T> || callable_before_update<T>;
        template <class T>
        concept declares_after_step = names_after_step<T> || callable_after_step<T>;
        template <class T>
        concept declares_end = names_end<T> || callable_end<T>;
        template <class T>
        concept declares_after_evaluation = names_after_evaluation<T> || callable_after_evaluation<T>;

        template <class T>
        concept declares_lifecycle_member = declares_begin<T> || declares_before_step<T>
                                            || declares_before_update<T> || declares_after_step<T>
                                            || declares_end<T> || declares_after_evaluation<T>;

        // ---- callables ---------------------------------------------------------------------------
        template <class T>
        concept step_invocable = std::is_invocable_v<T&, step_info const&>;
        template <class T>
        concept loss_invocable = !step_invocable<T> && std::is_invocable_v<T&, loss_argument>;

        template <class T>
        constexpr bool good_callable_result() noexcept
        {
            if constexpr (step_invocable<T>)
            {
                return hook_result<std::invoke_result_t<T&, step_info const&>>;
            }
            else if constexpr (loss_invocable<T>)
            {
                return hook_result<std::invoke_result_t<T&, float>>;
            }
            else
            {
                return false;
            }
        }

        // ---- names from other libraries and near misses -------------------------------------------
        template <class T>
        concept has_tensorflow_name = requires { &T::before_run; } || requires { &T::after_run; }
                                      || requires { &T::after_create_session; };
        template <class T>
        concept has_keras_name = requires { &T::on_train_begin; } || requires { &T::on_train_end; }
                                 || requires { &T::on_batch_begin; } || requires { &T::on_batch_end; }
                                 || requires { &T::on_train_batch_end; } || requires { &T::on_epoch_end; };
        template <class T>
        concept has_ensmallen_name = requires { &T::BeginOptimization; } || requires { &T::EndOptimization; }
                                     || requires { &T::StepTaken; } || requires { &T::BeginEpoch; };
        template <class T>
        concept has_near_miss_name = requires { &T::after_steps; } || requires { &T::before_steps; }
                                     || requires { &T::after_update; } || requires { &T::before_updates; }
                                     || requires { &T::after_eval; } || requires { &T::after_evaluate; }
                                     || requires { &T::on_step; } || requires { &T::on_begin; }
                                     || requires { &T::on_end; } || requires { &T::every_n_step; }
                                     || requires { &T::every_n_iter; } || requires { &T::every_n_steps_; };

        // ---- cadence ------------------------------------------------------------------------------
        // A non-static data member named every_n_steps (the built-ins' aggregate field) is the hook's
        // own business: the dispatcher reads only these two forms.
        template <class T>
        concept names_static_every_n_steps =
            requires { &T::every_n_steps; } && !std::is_member_pointer_v<decltype(&T::every_n_steps)>
            && !std::is_function_v<std::remove_pointer_t<decltype(&T::every_n_steps)>>;
        template <class T>
        concept static_cadence = names_static_every_n_steps<T>
                                 && requires { typename std::integral_constant<std::int64_t, T::every_n_steps>; };
        template <class T>
        concept function_cadence = requires(T const& h) {
            { h.every_n_steps() } -> std::convertible_to<std::int64_t>;
        };
    }

    /// @brief The form of hook type T (cv-ref qualifiers ignored); hook_form::none if it is not a hook.
    template <class T>
    inline constexpr hook_form hook_form_v = []
    {
        using U = std::remove_cvref_t<T>;
        if constexpr (detail::declares_lifecycle_member<U>)
        {
            return hook_form::object;
        }
        else if constexpr (detail::step_invocable<U>)
        {
            return hook_form::step_callable;
        }
        else if constexpr (detail::loss_invocable<U>)
        {
            return hook_form::loss_callable;
        }
        else
        {
            return hook_form::none;
        }
    }();

    /// @brief True when T has a dispatcher-read cadence: `static constexpr std::int64_t every_n_steps`
    ///        or a member function `every_n_steps() const`.
    template <class T>
    inline constexpr bool has_cadence_v = detail::static_cadence<std::remove_cvref_t<T>>
                                          || detail::function_cadence<std::remove_cvref_t<T>>;

    /// @brief True when hook T may ask for a rollback (`static constexpr bool may_rollback = true`,
    ///        as hooks::nan_guard): the training loop then keeps snapshots to return to.
    template <class T>
    inline constexpr bool may_rollback_v = requires { requires std::remove_cvref_t<T>::may_rollback; };

    /// @brief True when hook T wants the spec's summaries and the params on its due steps
    ///        (`static constexpr bool wants_summaries = true`, as hooks::summary_saver).
    template <class T>
    inline constexpr bool wants_summaries_v = requires { requires std::remove_cvref_t<T>::wants_summaries; };

    /// @brief True when T is a well-formed hook: one recognised form, every declared member callable
    ///        with the protocol's arguments and returning what the protocol allows.
    template <class T>
    inline constexpr bool is_hook_v = []
    {
        using U = std::remove_cvref_t<T>;
        constexpr hook_form form = hook_form_v<U>;
        if constexpr (form == hook_form::none || detail::has_tensorflow_name<U> || detail::has_keras_name<U>
                      || detail::has_ensmallen_name<U> || detail::has_near_miss_name<U>)
        {
            return false;
        }
        else if constexpr (detail::names_static_every_n_steps<U> && !detail::static_cadence<U>)
        {
            return false;
        }
        else if constexpr (form == hook_form::object)
        {
            return !(detail::step_invocable<U> || detail::loss_invocable<U>)
                   && (!detail::declares_begin<U> || detail::good_begin<U>)
                   && (!detail::declares_before_step<U> || detail::good_before_step<U>)
                   && (!detail::declares_before_update<U> || detail::good_before_update<U>)
                   && (!detail::declares_after_step<U> || detail::good_after_step<U>)
                   && (!detail::declares_end<U> || detail::good_end<U>)
                   && (!detail::names_next_due<U> || detail::good_next_due<U>);
        }
        else
        {
            return detail::good_callable_result<U>();
        }
    }();

    /// @brief A type the hook dispatcher accepts. Use check_hook<T>() where the diagnostic matters:
    ///        it names the problem, while a failed concept only says "not satisfied".
    template <class T>
    concept hook = is_hook_v<T>;

    /// @brief Fails with one static_assert naming the problem when T is not a well-formed hook;
    ///        returns is_hook_v<T>, so callers can guard the code that would cascade.
    template <class H>
    constexpr bool check_hook() noexcept
    {
        using T = std::remove_cvref_t<H>;
        constexpr hook_form form = hook_form_v<T>;
        // Ordered from the most specific diagnosis to the most general one; only one fires.
        if constexpr (detail::has_tensorflow_name<T>)
        {
            static_assert(detail::hook_accepted_v<T>,
                          "xest hook: before_run / after_run / after_create_session are TensorFlow SessionRunHook "
                          "names; in xestimator they are before_step(std::int64_t step), "
                          "after_step(xest::step_info const&) and begin(xest::run_info const&).");
        }
        else if constexpr (detail::has_keras_name<T>)
        {
            static_assert(detail::hook_accepted_v<T>,
                          "xest hook: on_train_begin / on_train_end / on_batch_begin / on_batch_end / on_epoch_end are "
                          "Keras callback names; in xestimator they are begin(xest::run_info const&), "
                          "end(xest::step_info const&), before_step(std::int64_t), after_step(xest::step_info const&) "
                          "and after_evaluation(auto const& result).");
        }
        else if constexpr (detail::has_ensmallen_name<T>)
        {
            static_assert(detail::hook_accepted_v<T>,
                          "xest hook: BeginOptimization / EndOptimization / StepTaken / BeginEpoch are ensmallen callback "
                          "names; in xestimator they are begin(xest::run_info const&), end(xest::step_info const&) and "
                          "after_step(xest::step_info const&).");
        }
        else if constexpr (detail::has_near_miss_name<T>)
        {
            static_assert(detail::hook_accepted_v<T>,
                          "xest hook: a member name is a near miss of the hook protocol (after_steps, before_steps, "
                          "after_update, before_updates, after_eval, after_evaluate, on_step, on_begin, on_end, "
                          "every_n_step, every_n_iter, every_n_steps_); the recognised names are begin, before_step, "
                          "before_update, after_step, end, after_evaluation and every_n_steps.");
        }
        else if constexpr (form == hook_form::none)
        {
            static_assert(detail::hook_accepted_v<T>,
                          "xest hook: this type is not a hook. A hook is a callable h(xest::step_info const&) or "
                          "h(float loss) returning void or bool (true = stop), or an object with at least one of: "
                          "void begin(xest::run_info const&); before_step(std::int64_t step) -> void or bool; "
                          "before_update(xest::step_info const&) -> bool (true = do not apply the update); "
                          "after_step(xest::step_info const&) -> void or bool (true = stop); "
                          "void end(xest::step_info const& last); after_evaluation(auto const& result) -> void or bool; "
                          "optional cadence: static constexpr std::int64_t every_n_steps, every_n_steps() const, or "
                          "std::int64_t next_due(std::int64_t step) const. "
                          "Check the spelling and the signature of the members.");
        }
        else if constexpr (detail::names_static_every_n_steps<T> && !detail::static_cadence<T>)
        {
            static_assert(detail::hook_accepted_v<T>,
                          "xest hook: a static every_n_steps must be a constant expression convertible to std::int64_t "
                          "without narrowing: write static constexpr std::int64_t every_n_steps = N;");
        }
        else if constexpr (form == hook_form::object && (detail::step_invocable<T> || detail::loss_invocable<T>))
        {
            static_assert(detail::hook_accepted_v<T>,
                          "xest hook: this type is both callable and has lifecycle members, so its operator() would "
                          "never be called; rename operator()(xest::step_info const&) to "
                          "after_step(xest::step_info const&).");
        }
        else if constexpr (form == hook_form::object && detail::declares_begin<T> && !detail::good_begin<T>)
        {
            static_assert(detail::hook_accepted_v<T>,
                          "xest hook: the member begin must be callable as void begin(xest::run_info const&).");
        }
        else if constexpr (form == hook_form::object && detail::declares_before_step<T> && !detail::good_before_step<T>)
        {
            static_assert(detail::hook_accepted_v<T>,
                          "xest hook: the member before_step must be callable as before_step(std::int64_t step) "
                          "returning void or bool (true = stop before this step runs).");
        }
        else if constexpr (form == hook_form::object && detail::declares_before_update<T>
                           && !detail::good_before_update<T>)
        {
            static_assert(detail::hook_accepted_v<T>,
                          "xest hook: the member before_update must be callable as "
                          "before_update(xest::step_info const&) returning bool (true = do not apply the update "
                          "and stop) or void.");
        }
        else if constexpr (form == hook_form::object && detail::declares_after_step<T> && !detail::good_after_step<T>)
        {
            static_assert(detail::hook_accepted_v<T>,
                          "xest hook: the member after_step must be callable as after_step(xest::step_info const&) "
                          "returning void or bool (true = stop).");
        }
        else if constexpr (form == hook_form::object && detail::declares_end<T> && !detail::good_end<T>)
        {
            static_assert(detail::hook_accepted_v<T>,
                          "xest hook: the member end must be callable as void end(xest::step_info const& last).");
        }
        else if constexpr (form == hook_form::object && detail::names_next_due<T> && !detail::good_next_due<T>)
        {
            static_assert(detail::hook_accepted_v<T>,
                          "xest hook: the member next_due must be callable as "
                          "std::int64_t next_due(std::int64_t step) const, returning the first step after `step` "
                          "at which after_step should run.");
        }
        else if constexpr (form != hook_form::object && !detail::good_callable_result<T>())
        {
            static_assert(detail::hook_accepted_v<T>,
                          "xest hook: a callable hook must return void or bool (true = stop).");
        }
        return is_hook_v<T>;
    }
}

#endif
