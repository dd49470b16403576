#ifndef XESTIMATOR_ESTIMATOR_TRAINING_LOOP_HPP
#define XESTIMATOR_ESTIMATOR_TRAINING_LOOP_HPP

/// @file
/// @brief The training loop: one step, written once, and the orchestration of hooks around it.
///
/// The loop knows nothing of files, logs or summaries: those are hooks (summary_saver,
/// checkpoint_saver, logging, ...). It asks the hooks when one of them is next due
/// (`hooks::next_due_all`), runs the steps before that in a function of its own whose state is
/// local (a small model's params stay in registers there), then runs the due step, where every
/// hook whose cadence admits it is called and the spec's summaries are computed if a hook that
/// wants them is due.
///
/// One step: next batch -> before_step -> forward -> backward -> before_update -> update ->
/// global_step + 1 -> after_step.

#include <algorithm>
#include <array>
#include <cinttypes>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>

#include "../core/config.hpp"
#include "../expr/param_copies.hpp"
#include "../hooks/dispatch.hpp"
#include "../hooks/step_info.hpp"
#include "../optim/concepts.hpp"
#include "loop_counters.hpp"
#include "optimizer_step.hpp"
#include "results.hpp"
#include "training_state.hpp"

namespace xest::detail
{
    /// @brief One train() call over a graph: see the file comment.
    template <class State, class Optimizer, class Graph, class Input, class Hooks>
    class training_loop
    {
    public:
        training_loop(State& state, Optimizer const& optimizer, Graph& graph, Input& input, Hooks& hooks) noexcept
            : m_state(state)
            , m_optimizer(optimizer)
            , m_graph(graph)
            , m_input(input)
            , m_hooks(hooks)
        {
        }

        train_result run(std::int64_t last_step, bool between_evaluations)
        {
            hooks::begin_all(m_hooks, run_info{.start_step = m_state.global_step,
                                               .last_step = last_step == std::numeric_limits<std::int64_t>::max() ? -1 : last_step,
                                               .between_evaluations = between_evaluations});
            loop_counters c{.global_step = m_state.global_step, .learning_rate_scale = m_state.learning_rate_scale};
            c.info_step = m_state.global_step;
#if XESTIMATOR_HAS_EXCEPTIONS
            try
            {
                run_steps(c, last_step);
            }
            catch (...)
            {
                // A failed write or a throwing hook still ends the run for the hooks (a final
                // checkpoint among them); what fails then is dropped, so the first error is the
                // one reported.
                try
                {
                    finish(c);
                }
                catch (...)
                {
                }
                throw;
            }
#else
            run_steps(c, last_step);
#endif
            finish(c);
            return m_result;
        }

    private:
        void run_steps(loop_counters& c, std::int64_t last_step)
        {
            auto copies = expr::step_copies(m_graph.program);
            if constexpr (rollback_capable)
            {
                m_snapshots.take(m_state);
            }
            step_outcome outcome = step_outcome::go_on;
            while (outcome == step_outcome::go_on)
            {
                if (c.global_step >= last_step)
                {
                    m_result.reason = stop_reason::step_bound;
                    break;
                }
                std::int64_t due = std::min(hooks::next_due_all<false>(m_hooks, c.global_step), last_step);
                if constexpr (rollback_capable)
                {
                    due = std::min(due, hooks::next_multiple(c.global_step, m_snapshots.every));
                }
                if (c.global_step + 1 < due)
                {
                    outcome = run_quiet(copies, c, due - 1);
                }
                if (outcome == step_outcome::go_on && c.global_step < last_step)
                {
                    outcome = one_step<true>(copies, c, m_hooks);
                }
                if constexpr (rollback_capable)
                {
                    if (outcome == step_outcome::rolled_back)
                    {
                        roll_back(c);
                        copies = expr::step_copies(m_graph.program);
                        outcome = step_outcome::go_on;
                    }
                }
            }
        }

        void finish(loop_counters const& c)
        {
            m_state.input = m_input.state();
            m_result.global_step = m_state.global_step;
            m_result.steps = c.steps;
            m_result.loss = c.last_loss;
            if (c.steps > 0)
            {
                m_result.mean_loss = static_cast<double>(c.loss_sum / static_cast<loss_sum_type>(c.steps));
            }
            step_info last{.step = c.info_step, .loss = c.info_loss, .learning_rate = c.info_learning_rate,
                           .batch_size = c.info_batch_size};
            if (c.steps == 0)
            {
                last.loss = std::numeric_limits<float>::quiet_NaN();
                last.step = m_state.global_step;
            }
            hooks::end_all(m_hooks, last);
        }

        using program_type = typename Graph::program_type;
        using summaries_type = std::remove_cvref_t<decltype(std::declval<Graph&>().spec.summaries)>;
        using params_type = model_params_t<typename State::model_type>;
        static constexpr std::size_t num_summaries = std::tuple_size_v<summaries_type>;
        static constexpr std::size_t num_params = std::tuple_size_v<params_type>;
        static constexpr bool rollback_capable = any_may_rollback_v<Hooks>;
        static constexpr bool any_summary_hook = []<class... H>(std::type_identity<std::tuple<H...>>)
        {
            return (hooks::wants_summaries_v<H> || ...);
        }(std::type_identity<std::remove_cvref_t<Hooks>>{});

        /// @brief Steps up to `last_quiet`, none of which a hook with a cadence is due at.
        ///
        /// Not inlined, and with its state in locals written back at the end: in the caller,
        /// with the due steps' hooks in view, the compiler keeps a small model's values in
        /// memory between steps (9.6 ns per seed-model step there against 6 ns here).
        template <class Copies>
        [[gnu::noinline]] step_outcome run_quiet(Copies& copies, loop_counters& counters, std::int64_t last_quiet)
        {
            Copies local = copies;
            loop_counters c = counters;
            // References to the hooks in a local tuple: reached through m_hooks, the compiler
            // reloads each hook's address every step (a store in the step might change it).
            auto hook_refs = std::apply([](auto&... h) { return std::tie(h...); }, m_hooks);
            step_outcome outcome = step_outcome::go_on;
            while (outcome == step_outcome::go_on && c.global_step < last_quiet)
            {
                outcome = one_step<false>(local, c, hook_refs);
            }
            copies = local;
            counters = c;
            return outcome;
        }

        /// @brief The step. Due: a hook with a cadence may be due, and summaries may be wanted.
        template <bool Due, class Copies, class HookRefs>
        [[gnu::always_inline]] inline step_outcome one_step(Copies& copies, loop_counters& c, HookRefs& hook_refs)
        {
            if (!m_input.next(m_graph.batch))
            {
                m_result.reason = stop_reason::input_exhausted;
                return step_outcome::ended;
            }
            std::int64_t const step = c.global_step + 1;
            if (hooks::before_step_all(hook_refs, step))
            {
                m_result.reason = stop_reason::hook_requested;
                return step_outcome::ended;
            }
            auto& program = m_graph.program;
            program.set_rows(m_graph.batch.size);
            program.set_step(c.global_step);  // the key of the random ops (dropout) for this step
            bool summaries = false;
            if constexpr (Due && any_summary_hook && num_summaries > 0)
            {
                summaries = summaries_due(hook_refs, step);
            }
            if (summaries)
            {
                forward_with_summaries(copies, std::make_index_sequence<num_summaries + 1>{});
            }
            else
            {
                program.template forward<0>(copies);
            }
            float const loss = static_cast<float>(*program.template value<0>());
            program.template backward<0>(copies, optim::loss_gradient_scale_of(m_optimizer));
            auto gradients = copies.take_gradients(program);  // before the hooks' calls: see param_copies.hpp
            float const lr = m_optimizer.current_learning_rate(c.global_step) * c.learning_rate_scale;
            step_info info{.step = step, .loss = loss, .learning_rate = lr, .batch_size = m_graph.batch.size,
                           .stop_flag = &m_stop, .rollback_flag = &m_rollback};
            c.info_step = step;
            c.info_loss = loss;
            c.info_learning_rate = lr;
            c.info_batch_size = m_graph.batch.size;
            if (hooks::before_update_all(hook_refs, info))
            {
                m_result.reason = stop_reason::update_aborted;
                return step_outcome::ended;
            }
            if constexpr (rollback_capable)
            {
                if (m_rollback)
                {
                    return step_outcome::rolled_back;
                }
            }
            apply_update(m_optimizer, m_state, program, c.global_step, lr, copies, gradients);
            c.global_step = step;
            m_state.global_step = step;
            ++c.steps;
            c.last_loss = loss;
            c.loss_sum += loss;
            bool stop = false;
            if constexpr (Due)
            {
                m_state.input = m_input.state();
                if constexpr (any_summary_hook)
                {
                    info.summaries = summary_values(summaries);
                }
                stop = hooks::after_step_all(hook_refs, info);
                if constexpr (rollback_capable)
                {
                    if (step % m_snapshots.every == 0)
                    {
                        m_snapshots.take(m_state);
                    }
                }
            }
            else
            {
                if constexpr (hooks::any_every_step_v<Hooks>)
                {
                    stop = hooks::after_step_every_step_all(hook_refs, info);
                }
            }
            if (stop || m_stop)
            {
                m_result.reason = stop_reason::hook_requested;
                return step_outcome::ended;
            }
            return step_outcome::go_on;
        }

        template <class Copies, std::size_t... R>
        void forward_with_summaries(Copies const& copies, std::index_sequence<R...>) noexcept
        {
            m_graph.program.template forward<R...>(copies);
        }

        // The spec's summaries (when computed this step), then every param.
        std::span<summary_value const> summary_values(bool with_spec) noexcept
        {
            std::size_t n = 0;
            if constexpr (num_summaries > 0)
            {
                if (with_spec)
                {
                    [&]<std::size_t... I>(std::index_sequence<I...>)
                    {
                        ((m_summary_values[n++] = spec_summary<I>()), ...);
                    }(std::make_index_sequence<num_summaries>{});
                }
            }
            for_each_model_param(*m_state.model,
                                 [&](auto const& p)
                                 {
                                     using P = std::remove_cvref_t<decltype(p)>;
                                     m_summary_values[n] = view_of(P::name_view(), summary_value::kind_type::histogram,
                                                                   p.value.data(), P::size);
                                     m_summary_values[n++].is_param = true;
                                 });
            return {m_summary_values.data(), n};
        }

        template <std::size_t I>
        summary_value spec_summary() const noexcept
        {
            using S = std::tuple_element_t<I, summaries_type>;
            auto const& s = std::get<I>(m_graph.spec.summaries);
            constexpr std::size_t size = shape_of_t<decltype(s.expr)>::size;
            static_assert(S::histogram || size == 1,
                          "xestimator: .summary(tag, x) writes a scalar: reduce x with xest::mean(...) first, or "
                          "use .histogram(tag, x) for the distribution of its values.");
            return view_of(s.tag, S::histogram ? summary_value::kind_type::histogram : summary_value::kind_type::scalar,
                           m_graph.program.template value<I + 1>(), size);
        }

        template <class T>
        static summary_value view_of(std::string_view tag, summary_value::kind_type kind, T const* data, std::size_t size) noexcept
        {
            summary_value v{.tag = tag, .kind = kind, .size = size};
            if constexpr (std::is_same_v<T, float>)
            {
                v.f32 = data;
            }
            else
            {
                v.f64 = data;
            }
            return v;
        }

        void roll_back(loop_counters& c)
        {
            float const loss = c.info_loss;
            std::int64_t const step = c.info_step;
            m_snapshots.restore(m_state);
            m_rollback = false;
            c.global_step = m_state.global_step;
            c.learning_rate_scale = m_state.learning_rate_scale;
#if XESTIMATOR_HAS_CONSOLE
            std::fprintf(stderr,
                         "WARNING:xestimator:loss %g at step %" PRId64 ": rolled back to the params of step %" PRId64
                         " and halved the learning rate (scale %g).\n",
                         double(loss), step, m_state.global_step, double(m_state.learning_rate_scale));
#else
            (void)loss;
            (void)step;
#endif
        }

        // A member the hooks of this loop do not need (no rollback, no summaries) takes no room.
        struct unused
        {
        };

        State& m_state;
        Optimizer const& m_optimizer;
        Graph& m_graph;
        Input& m_input;
        Hooks& m_hooks;
        train_result m_result{};
        bool m_stop = false;
        bool m_rollback = false;
        [[no_unique_address]] std::conditional_t<rollback_capable, rollback_snapshots<State>, unused> m_snapshots{};
        [[no_unique_address]] std::conditional_t<any_summary_hook, std::array<summary_value, num_summaries + num_params>,
                                                 unused> m_summary_values{};
    };

    /// @brief Runs one train() call: see training_loop.
    template <class State, class Optimizer, class Graph, class Input, class Hooks>
    train_result run_training(State& state, Optimizer const& optimizer, Graph& graph, Input& input, Hooks& hooks,
                              std::int64_t last_step, bool between_evaluations = false)
    {
        training_loop<State, Optimizer, Graph, Input, Hooks> loop(state, optimizer, graph, input, hooks);
        return loop.run(last_step, between_evaluations);
    }
}

#endif
