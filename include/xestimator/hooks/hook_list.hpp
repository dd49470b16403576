#ifndef XESTIMATOR_HOOKS_HOOK_LIST_HPP
#define XESTIMATOR_HOOKS_HOOK_LIST_HPP

/// @file
/// @brief hooks::hook_list: a pack of hooks stored together and usable as one hook.

#include <cstdint>
#include <tuple>
#include <utility>

#include "dispatch.hpp"

namespace xest::hooks
{
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

        /// @brief The first step after `step` at which a stored hook wants after_step.
        [[nodiscard]] constexpr std::int64_t next_due(std::int64_t step) const noexcept
        {
            return next_due_all(m_hooks, step);
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
