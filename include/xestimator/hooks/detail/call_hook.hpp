#ifndef XESTIMATOR_HOOKS_DETAIL_CALL_HOOK_HPP
#define XESTIMATOR_HOOKS_DETAIL_CALL_HOOK_HPP

/// @file
/// @brief How one hook is called at each point of the lifecycle, by its form and cadence
/// (hooks/dispatch.hpp calls these over a tuple of hooks).

#include <algorithm>
#include <concepts>
#include <cstdint>
#include <functional>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "../cadence.hpp"
#include "../hook_traits.hpp"
#include "../step_info.hpp"

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

}

#endif
