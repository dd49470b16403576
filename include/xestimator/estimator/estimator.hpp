#ifndef XESTIMATOR_ESTIMATOR_ESTIMATOR_HPP
#define XESTIMATOR_ESTIMATOR_ESTIMATOR_HPP

/// @file
/// @brief `estimator<Model, Optimizer, Hooks...>`: train, evaluate and predict a model type, with
/// summaries and checkpoints in a model directory (tf.estimator.Estimator, at compile time).
///
/// One training step: next batch -> forward (loss, and the spec's summaries on summary steps)
/// -> backward -> hooks' before_update -> optimizer update of every param with a gradient ->
/// global_step + 1 -> summaries, logging, hooks' after_step, checkpoints on their cadence.
/// The step allocates nothing and calls nothing virtual; graphs are built once per call.

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../core/error.hpp"
#include "../core/xtensor.hpp"
#include "../hooks/dispatch.hpp"
#include "../hooks/step_info.hpp"
#include "../inputs/options.hpp"
#include "../io/array_entry.hpp"
#include "../io/atomic_file.hpp"
#include "../io/checkpoint.hpp"
#include "../io/event_writer.hpp"
#include "../optim/concepts.hpp"
#include "graphs.hpp"
#include "model_params.hpp"
#include "modes.hpp"
#include "results.hpp"
#include "run_config.hpp"
#include "spec.hpp"
#include "step_cadence.hpp"
#include "warm_start.hpp"

namespace xest
{
    /// @brief Options of one evaluate() call.
    struct eval_options
    {
        /// @brief Evaluate at most this many batches; unset: the whole input.
        std::optional<std::int64_t> steps{};
        /// @brief A named evaluation writes to model_dir/eval_<name>/ instead of model_dir/eval/.
        std::string name{};
        /// @brief Evaluate the params of this checkpoint instead of the in-memory ones.
        std::optional<std::filesystem::path> checkpoint_path{};
    };

    /// @brief Trains, evaluates and predicts a model type.
    /// @tparam Model an aggregate with params (or layers) and a templated call
    ///         `(features, labels, Mode) -> xest::spec(mode)...`
    /// @tparam Optimizer an optimizer of xest::optim (or one following its protocol)
    /// @tparam Hooks hooks called on every train() call (held by value)
    template <class Model, class Optimizer, class... Hooks>
    class estimator
    {
        static_assert(optim::optimizer<Optimizer>,
                      "xestimator: the second argument of estimator<Model, Optimizer> must be an optimizer such as "
                      "xest::optim::adam (current_learning_rate, prepare, update, slots<T, N>, validate).");
        static_assert(hooks::check_hooks<Hooks...>());

    public:
        using model_type = Model;
        using optimizer_type = Optimizer;
        using params_type = model_params_t<Model>;
        static_assert(detail::distinct_names<params_type>::value,
                      "xestimator: two params of the model share a name; give each layer its own name, e.g. "
                      "nn::dense<64, 32, nn::relu, \"hidden\">.");

        /// @brief Builds the model, initialises its params from config.random_seed, then restores
        /// the latest checkpoint of config.model_dir (or warm-starts) when there is one.
        explicit estimator(run_config config = {}, Optimizer optimizer = {}, Hooks... hooks)
            : m_config(std::move(config))
            , m_optimizer(std::move(optimizer))
            , m_hooks(std::move(hooks)...)
            , m_model(std::make_unique<Model>())
            , m_slots(std::make_unique<slots_type>())
        {
            m_config.validate();
            m_optimizer.validate();
            for_each_model_param(*m_model, [&](auto& p) { p.initialize(m_config.random_seed); });
            if (!m_config.model_dir.empty())
            {
                io::ensure_writable_directory(m_config.model_dir);
                m_checkpoints.emplace(m_config.model_dir, m_config.keep_checkpoint_max);
                if (!restore_latest() && !m_config.warm_start_from.empty())
                {
                    warm_start(m_config.warm_start_from, m_config.warm_start_vars);
                }
            }
        }

        /// @brief As above with default-constructed hooks, so `estimator<M, O, hooks::nan_guard>
        /// est(config, optimizer)` needs no hook argument.
        explicit estimator(run_config config = {}, Optimizer optimizer = {})
            requires(sizeof...(Hooks) > 0 && (std::is_default_constructible_v<Hooks> && ...))
            : estimator(std::move(config), std::move(optimizer), Hooks{}...)
        {
        }

        estimator(estimator const&) = delete;
        estimator& operator=(estimator const&) = delete;

        // ---- train ----------------------------------------------------------------------------

        /// @brief Trains for `bound.count` more steps (or until the input ends or a hook stops).
        template <class Input, class... CallHooks>
        train_result train(Input& input, steps bound, CallHooks&&... call_hooks)
        {
            return train_impl(input, m_global_step + bound.count, call_hooks...);
        }

        /// @brief Trains until global_step reaches `bound.count`; reports (and logs) when it
        /// already has.
        template <class Input, class... CallHooks>
        train_result train(Input& input, max_steps bound, CallHooks&&... call_hooks)
        {
            if (m_global_step >= bound.count)
            {
                log("INFO:xestimator:Skipping training since max_steps has already been reached (global_step = %" PRId64
                    ", max_steps = %" PRId64 ").\n",
                    m_global_step, bound.count);
                return train_result{.global_step = m_global_step, .steps = 0, .reason = stop_reason::already_at_max};
            }
            return train_impl(input, bound.count, call_hooks...);
        }

        /// @brief Trains until the input is exhausted (or a hook stops).
        template <class Input, class... CallHooks>
            requires(!(std::is_same_v<std::remove_cvref_t<CallHooks>, steps> || ...)
                     && !(std::is_same_v<std::remove_cvref_t<CallHooks>, max_steps> || ...))
        train_result train(Input& input, CallHooks&&... call_hooks)
        {
            return train_impl(input, std::numeric_limits<std::int64_t>::max(), call_hooks...);
        }

        // ---- evaluate -------------------------------------------------------------------------

        /// @brief The loss (mean over every example) and every metric of the spec in eval mode.
        template <class Input>
        eval_result evaluate(Input& input, eval_options const& options = {})
        {
            static_assert(Input::has_labels, "xestimator: evaluate() needs an input with labels: "
                                             "inputs::from_arrays<B>(features, labels).");
            if constexpr (!Input::has_labels)
            {
                return {};
            }
            else
            {
                if (options.checkpoint_path)
                {
                    auto model = std::make_unique<Model>(*m_model);
                    std::int64_t const step = load_params_into(*model, *options.checkpoint_path);
                    return evaluate_model(*model, step, input, options);
                }
                return evaluate_model(*m_model, m_global_step, input, options);
            }
        }

        template <class Input>
        eval_result evaluate(Input& input, steps bound)
        {
            return evaluate(input, eval_options{.steps = bound.count});
        }

        // ---- predict --------------------------------------------------------------------------

        /// @brief Calls f(row) for every example of the input, in order, where row is a tensor
        /// of the per-example prediction shape; padding rows are never passed. Allocates only the
        /// graph, once.
        template <class Input, class F>
            requires(!std::is_convertible_v<F&&, std::optional<std::filesystem::path>>) // predict(input, path) is the overload below
        void predict(Input& input, F&& f, std::optional<std::filesystem::path> const& checkpoint_path = {})
        {
            if (checkpoint_path)
            {
                auto model = std::make_unique<Model>(*m_model);
                load_params_into(*model, *checkpoint_path);
                predict_model(*model, input, f);
                return;
            }
            predict_model(*m_model, input, f);
        }

        /// @brief One prediction per example of the input.
        template <class Input>
        auto predict(Input& input, std::optional<std::filesystem::path> const& checkpoint_path = {})
        {
            using row_type = prediction_row_t<Input>;
            std::vector<row_type> rows;
            rows.reserve(input.num_examples());
            predict(input, [&](row_type const& r) { rows.push_back(r); }, checkpoint_path);
            return rows;
        }

        // ---- state ----------------------------------------------------------------------------

        std::int64_t global_step() const noexcept { return m_global_step; }
        Model& model() noexcept { return *m_model; }
        Model const& model() const noexcept { return *m_model; }
        Optimizer const& optimizer() const noexcept { return m_optimizer; }
        run_config const& config() const noexcept { return m_config; }

        /// @brief Names of every param, in declaration order.
        std::vector<std::string> get_variable_names() const
        {
            std::vector<std::string> names;
            for_each_model_param(*m_model, [&](auto const& p) { names.emplace_back(p.name_view()); });
            return names;
        }

        /// @brief A param's current value by name (a copy, in double); unknown names throw
        /// name_error listing the names.
        xt::xarray<double> get_variable_value(std::string_view name) const
        {
            xt::xarray<double> out;
            bool found = false;
            for_each_model_param(*m_model,
                                 [&](auto const& p)
                                 {
                                     if (p.name_view() == name)
                                     {
                                         using P = std::remove_cvref_t<decltype(p)>;
                                         std::vector<std::size_t> shape(P::shape_type::dims.begin(), P::shape_type::dims.end());
                                         out = xt::xarray<double>::from_shape(shape);
                                         std::copy(p.value.data(), p.value.data() + P::size, out.data());
                                         found = true;
                                     }
                                 });
            if (!found)
            {
                std::string known;
                for (auto const& n : get_variable_names())
                {
                    known += (known.empty() ? "" : ", ") + n;
                }
                raise<name_error>("no variable named \"" + std::string(name) + "\"; the model has: " + known);
            }
            return out;
        }

        /// @brief The newest checkpoint of model_dir, if any.
        std::optional<std::filesystem::path> latest_checkpoint() const
        {
            if (!m_checkpoints)
            {
                return std::nullopt;
            }
            return m_checkpoints->latest();
        }

        /// @brief Writes a checkpoint of the current state now (model_dir must be set).
        std::filesystem::path save_checkpoint()
        {
            if (!m_checkpoints)
            {
                raise<config_error>("save_checkpoint() needs run_config.model_dir");
            }
            return write_checkpoint();
        }

        /// @brief The input position training continues from (saved in checkpoints).
        inputs::input_state input_state() const noexcept { return m_input_state; }

    private:
        template <class P>
        using slots_of = typename Optimizer::template slots<typename P::value_type, P::size>;

        template <class Tuple>
        struct slots_tuple;
        template <class... P>
        struct slots_tuple<std::tuple<P...>>
        {
            using type = std::tuple<slots_of<P>...>;
        };
        using slots_type = typename slots_tuple<params_type>::type;

        // One example's prediction; a placeholder type when the spec has no usable predictions
        // (predict() then stops at its static_assert, with no second error from here).
        template <class P>
        struct row_of
        {
            using type = tensor<float, shape<1>>;
        };
        template <expression P>
        struct row_of<P>
        {
            using type = tensor<value_type_of_t<P>, reduce_t<shape_of_t<P>, 0>>;
        };
        template <class Input>
        using prediction_row_t =
            typename row_of<typename detail::mode_graph<Model, Input, mode::predict>::spec_type::predictions_type>::type;

        template <class... Args>
        void log(char const* format, Args... args) const
        {
            if (m_config.log_step_count_steps > 0)
            {
                std::fprintf(stderr, format, args...);
            }
        }

        // ---- the training loop ----------------------------------------------------------------

        template <class Input, class... CallHooks>
        train_result train_impl(Input& input, std::int64_t last_step, CallHooks&... call_hooks)
        {
            static_assert(Input::has_labels, "xestimator: train() needs an input with labels: "
                                             "inputs::from_arrays<B>(features, labels).");
            static_assert(hooks::check_hooks<std::remove_cvref_t<CallHooks>...>());
            if constexpr (!Input::has_labels)
            {
                return {};
            }
            else if constexpr (!detail::check_spec<typename detail::mode_graph<Model, Input, mode::train>::spec_type, mode::train>())
            {
                return {};
            }
            else
            {
                using graph_type = detail::train_graph<Model, Input>;
                check_graph_params<typename graph_type::program_type>();
                auto graph = std::make_unique<graph_type>(*m_model);
                auto all_hooks = hooks::join(m_hooks, std::tie(call_hooks...));
                resume_input(input);
                return run_training(input, *graph, all_hooks, last_step);
            }
        }

        // Training continues the input where the last train() (or the restored checkpoint) left
        // it, which makes a restart exact. An input that position does not fit (fewer examples,
        // or a finite input already used up) starts from the beginning, as TensorFlow's would.
        template <class Input>
        void resume_input(Input& input)
        {
            auto const s = m_input_state;
            bool const fits = s.position >= 0 && static_cast<std::size_t>(s.position) < input.num_examples() && s.epoch >= 0
                              && (input.num_epochs() < 0 || s.epoch < input.num_epochs());
            if (fits)
            {
                input.restore(s);
            }
            else
            {
                input.reset();
            }
        }

        // Every param the loss reads must be a member of the model, or it could not be updated.
        template <class Program>
        static constexpr void check_graph_params()
        {
            Program::for_each_param_type(
                []<class P>(std::type_identity<P>)
                {
                    static_assert(param_index<P, params_type>::value < std::tuple_size_v<params_type>,
                                  "xestimator: the model function reads a param that is not a member of the model "
                                  "(params must be data members, or members of layers, of the model type).");
                });
        }

        template <class Input, class Graph, class HookTuple>
        train_result run_training(Input& input, Graph& g, HookTuple& all_hooks, std::int64_t last_step)
        {
            using clock = hooks::clock;
            using program_type = typename Graph::program_type;
            constexpr std::size_t num_summaries = std::tuple_size_v<decltype(g.spec.summaries)>;

            train_result result;
            result.global_step = m_global_step;
            hooks::begin_all(all_hooks, run_info{.start_step = m_global_step,
                                                 .last_step = last_step == std::numeric_limits<std::int64_t>::max() ? -1 : last_step,
                                                 .model_dir = m_config.model_dir});

            bool const writes_summaries = !m_config.model_dir.empty() && m_config.save_summary_steps > 0;
            if (writes_summaries && !m_train_writer)
            {
                m_train_writer.emplace(m_config.model_dir, m_config.summary_flush_secs);
            }
            std::int64_t const log_every = m_config.log_step_count_steps;
            std::int64_t const summary_every = writes_summaries ? m_config.save_summary_steps : 0;
            std::int64_t const ckpt_every = m_checkpoints ? m_config.save_checkpoints_steps : 0;
            bool const ckpt_by_time = m_checkpoints && ckpt_every == 0 && m_config.save_checkpoints_secs > 0;
            // Each step compares itself with the earliest due step only: logging, summaries,
            // checkpoints by step, and the clock check of checkpoints by time (every 16 steps:
            // a step can take a few nanoseconds).
            detail::step_cadence log_cadence(log_every, true, m_global_step);
            detail::step_cadence summary_cadence(summary_every, true, m_global_step);
            detail::step_cadence ckpt_cadence(ckpt_every, false, m_global_step);
            detail::step_cadence clock_cadence(ckpt_by_time ? 16 : 0, false, m_global_step);
            std::int64_t next_event = detail::next_due(log_cadence, summary_cadence, ckpt_cadence, clock_cadence);

            auto const start = clock::now();
            auto last_log_time = start;
            std::int64_t last_log_step = m_global_step;
            auto last_summary_time = start;
            std::int64_t last_summary_step = m_global_step;
            auto last_ckpt_time = start;
            loss_sums sums;
            bool stop = false;
            step_info info{};
            // A small model's params are read from copies local to this loop, which the compiler
            // can keep in registers from step to step (expr/param_copies.hpp); each update is
            // also written through to the model, so checkpoints, snapshots and hooks see it.
            auto local = expr::step_copies(g.program);
            rollback_snapshot snapshot;
            if constexpr (rollback_capable<HookTuple>())
            {
                snapshot.allocate();
                snapshot.take(*this);
            }

            while (!stop)
            {
                if constexpr (!rollback_capable<HookTuple>())
                {
                    // The steps before the next one that logs, writes summaries or checkpoints run
                    // in a loop of their own (see run_quiet_steps).
                    std::int64_t const last_quiet = std::min(next_event - 1, last_step);
                    if (m_global_step < last_quiet && !run_quiet_steps(input, g, all_hooks, local, last_quiet, result, sums, info, stop))
                    {
                        break;
                    }
                    if (stop)
                    {
                        break;
                    }
                }
                if (m_global_step >= last_step)
                {
                    result.reason = stop_reason::step_bound;
                    break;
                }
                if (!input.next(g.batch))
                {
                    result.reason = stop_reason::input_exhausted;
                    break;
                }
                std::int64_t const step = m_global_step + 1;
                if (hooks::before_step_all(all_hooks, step))
                {
                    result.reason = stop_reason::hook_requested;
                    break;
                }
                g.program.set_rows(g.batch.size);
                bool const event_step = step >= next_event;
                bool const summary_step = event_step && summary_cadence.due(step);
                if (summary_step)
                {
                    forward_with_summaries<program_type>(g.program, local, std::make_index_sequence<num_summaries + 1>{});
                }
                else
                {
                    g.program.template forward<0>(local);
                }
                float const loss = static_cast<float>(*g.program.template value<0>());
                g.program.template backward<0>(local);

                float const lr = m_optimizer.current_learning_rate(m_global_step) * m_learning_rate_scale;
                bool rollback = false;
                info = step_info{.step = step, .loss = loss, .learning_rate = lr, .batch_size = g.batch.size,
                                 .stop_flag = &stop, .rollback_flag = &rollback};
                if (hooks::before_update_all(all_hooks, info))
                {
                    result.reason = stop_reason::update_aborted;
                    break;
                }
                if constexpr (rollback_capable<HookTuple>())
                {
                    if (rollback)
                    {
                        roll_back(snapshot, step, loss);
                        local = expr::step_copies(g.program);
                        log_cadence.restart(m_global_step);
                        summary_cadence.restart(m_global_step);
                        ckpt_cadence.restart(m_global_step);
                        clock_cadence.restart(m_global_step);
                        next_event = detail::next_due(log_cadence, summary_cadence, ckpt_cadence, clock_cadence);
                        continue;
                    }
                    if (m_global_step % rollback_snapshot_steps == 0)
                    {
                        snapshot.take(*this);
                    }
                }
                apply_update(g.program, lr, local);
                m_global_step = step;
                ++result.steps;
                result.loss = loss;
                sums.add(loss);

                if (summary_step)
                {
                    auto const now = clock::now();
                    double const secs = hooks::seconds_between(last_summary_time, now);
                    write_train_summaries(g, step, loss, secs > 0 ? double(step - last_summary_step) / secs : 0.0,
                                          step != 1 || last_summary_step != 0);
                    last_summary_time = now;
                    last_summary_step = step;
                }
                if (event_step && log_cadence.due(step))
                {
                    auto const now = clock::now();
                    double const secs = hooks::seconds_between(last_log_time, now);
                    if (step - last_log_step > 1 || step != 1)
                    {
                        std::fprintf(stderr, "INFO:xestimator:global_step/sec: %g\n", secs > 0 ? double(step - last_log_step) / secs : 0.0);
                    }
                    std::fprintf(stderr, "INFO:xestimator:loss = %g, step = %" PRId64 " (%.3f sec)\n", double(loss), step, secs);
                    result.mean_loss = sums.window_sum / double(sums.window_count);
                    sums.window_sum = 0.0;
                    sums.window_count = 0;
                    last_log_time = now;
                    last_log_step = step;
                }
                if (hooks::after_step_all(all_hooks, info))
                {
                    stop = true;
                    result.reason = stop_reason::hook_requested;
                }
                if (event_step && ckpt_cadence.due(step))
                {
                    m_input_state = input.state();
                    write_checkpoint();
                }
                else if (event_step && clock_cadence.due(step))
                {
                    auto const now = clock::now();
                    if (hooks::seconds_between(last_ckpt_time, now) >= m_config.save_checkpoints_secs)
                    {
                        m_input_state = input.state();
                        write_checkpoint();
                        last_ckpt_time = now;
                    }
                }
                if (event_step)
                {
                    log_cadence.done(step);
                    summary_cadence.done(step);
                    ckpt_cadence.done(step);
                    clock_cadence.done(step);
                    next_event = detail::next_due(log_cadence, summary_cadence, ckpt_cadence, clock_cadence);
                }
            }

            m_input_state = input.state();
            if (log_every == 0 || sums.window_count > 0)
            {
                if (log_every == 0)
                {
                    result.mean_loss = result.steps > 0 ? sums.call_sum / double(result.steps) : result.mean_loss;
                }
                else if (sums.window_count > 0 && std::isnan(result.mean_loss))
                {
                    result.mean_loss = sums.window_sum / double(sums.window_count);
                }
            }
            result.global_step = m_global_step;
            step_info last = info;
            last.stop_flag = nullptr;
            last.rollback_flag = nullptr;  // it pointed into the loop
            if (result.steps == 0)
            {
                last.loss = std::numeric_limits<float>::quiet_NaN();
                last.step = m_global_step;
            }
            hooks::end_all(all_hooks, last);
            if (m_train_writer)
            {
                m_train_writer->flush();
            }
            if (m_checkpoints && result.steps > 0)
            {
                write_checkpoint();
            }
            if (result.steps > 0)
            {
                log("INFO:xestimator:Loss for final step: %g. Stopped at global_step = %" PRId64 " (%s).\n",
                    double(result.loss), m_global_step, to_string(result.reason));
            }
            return result;
        }

        // ---- rollback (hooks::nan_guard{.rollback = true}) -------------------------------------

        static constexpr std::int64_t rollback_snapshot_steps = 100;

        template <class HookTuple>
        static constexpr bool rollback_capable()
        {
            return []<class... H>(std::type_identity<std::tuple<H...>>)
            {
                return (requires { std::remove_cvref_t<H>::may_rollback; } || ...);
            }(std::type_identity<std::remove_cvref_t<HookTuple>>{});
        }

        // The params, optimizer state and step to return to; taken every rollback_snapshot_steps
        // steps (and at the start) when a hook may ask for a rollback, allocated once per call.
        struct rollback_snapshot
        {
            std::unique_ptr<Model> model;
            std::unique_ptr<slots_type> slots;
            std::int64_t global_step = 0;

            void allocate()
            {
                model = std::make_unique<Model>();
                slots = std::make_unique<slots_type>();
            }

            void take(estimator const& e)
            {
                *model = *e.m_model;
                *slots = *e.m_slots;
                global_step = e.m_global_step;
            }
        };

        void roll_back(rollback_snapshot& snapshot, std::int64_t step, float loss)
        {
            *m_model = *snapshot.model;
            *m_slots = *snapshot.slots;
            m_global_step = snapshot.global_step;
            m_learning_rate_scale *= 0.5f;
            std::fprintf(stderr,
                         "WARNING:xestimator:loss %g at step %" PRId64 ": rolled back to the params of step %" PRId64
                         " and halved the learning rate (scale %g).\n",
                         double(loss), step, m_global_step, double(m_learning_rate_scale));
        }

        // The losses of a train() call: of the current logging window and of the whole call.
        struct loss_sums
        {
            double window_sum = 0.0;
            std::int64_t window_count = 0;
            double call_sum = 0.0;

            void add(float loss) noexcept
            {
                window_sum += loss;
                call_sum += loss;
                ++window_count;
            }
        };

        /// @brief Runs steps m_global_step + 1 ... last_quiet, none of which logs, writes
        /// summaries or checkpoints, as run_training's loop would, and returns false when one of
        /// them ended the run (result.reason says why).
        ///
        /// A function of its own, not inlined: in the full loop, with the clock, the log and
        /// the model-directory code in it, the compiler keeps a small model's values in memory
        /// between steps, which measured 9.6 ns per step of the seed model against 6 ns here.
        /// Not used with hooks that may ask for a rollback (run_training handles those).
        template <class Input, class Graph, class HookTuple, class Copies>
        [[gnu::noinline]] bool run_quiet_steps(Input& input, Graph& g, HookTuple& all_hooks, Copies& copies,
                                               std::int64_t last_quiet, train_result& result, loss_sums& sums,
                                               step_info& last_info, bool& stop)
        {
            // Everything the steps update is a local here, written back at the end: stores
            // through the caller's references could alias the workspace in the compiler's eyes.
            Copies local = copies;
            step_info info = last_info;
            float const lr_scale = m_learning_rate_scale;
            loss_sums s = sums;
            std::int64_t steps = result.steps;
            float last_loss = result.loss;
            bool go_on = true;
            bool ignored_rollback = false;
            while (!stop && m_global_step < last_quiet)
            {
                if (!input.next(g.batch))
                {
                    result.reason = stop_reason::input_exhausted;
                    go_on = false;
                    break;
                }
                std::int64_t const step = m_global_step + 1;
                if (hooks::before_step_all(all_hooks, step))
                {
                    result.reason = stop_reason::hook_requested;
                    go_on = false;
                    break;
                }
                g.program.set_rows(g.batch.size);
                g.program.template forward<0>(local);
                float const loss = static_cast<float>(*g.program.template value<0>());
                g.program.template backward<0>(local);
                float const lr = m_optimizer.current_learning_rate(m_global_step) * lr_scale;
                info = step_info{.step = step, .loss = loss, .learning_rate = lr, .batch_size = g.batch.size,
                                 .stop_flag = &stop, .rollback_flag = &ignored_rollback};
                if (hooks::before_update_all(all_hooks, info))
                {
                    result.reason = stop_reason::update_aborted;
                    go_on = false;
                    break;
                }
                apply_update(g.program, lr, local);
                m_global_step = step;
                ++steps;
                last_loss = loss;
                s.add(loss);
                if (hooks::after_step_all(all_hooks, info))
                {
                    stop = true;
                    result.reason = stop_reason::hook_requested;
                }
            }
            info.rollback_flag = nullptr;  // it points into this function
            last_info = info;
            copies = local;
            sums = s;
            result.steps = steps;
            result.loss = last_loss;
            return go_on;
        }

        template <class Program, class Copies, std::size_t... R>
        static void forward_with_summaries(Program& program, Copies const& copies, std::index_sequence<R...>) noexcept
        {
            program.template forward<R...>(copies);
        }

        /// @brief One optimizer step on every param with a gradient; a param held in `copies`
        /// is updated there and written through to the model.
        template <class Program, class Copies>
        void apply_update(Program& program, float lr, Copies& copies)
        {
            auto const ctx = m_optimizer.prepare(m_global_step, lr);
            auto each_gradient = [&](auto&& f)
            {
                for_each_model_param(*m_model,
                                     [&](auto& p)
                                     {
                                         using P = std::remove_cvref_t<decltype(p)>;
                                         if constexpr (Program::template has_gradient<P>())
                                         {
                                             f(std::span<typename P::value_type>(program.template gradient<P>(), P::size));
                                         }
                                     });
            };
            if constexpr (optim::has_preprocess<Optimizer, decltype(each_gradient)>)
            {
                m_optimizer.preprocess(each_gradient);
            }
            for_each_model_param(*m_model,
                                 [&](auto& p)
                                 {
                                     using P = std::remove_cvref_t<decltype(p)>;
                                     using T = typename P::value_type;
                                     if constexpr (Program::template has_gradient<P>())
                                     {
                                         auto& slots = std::get<param_index<P, params_type>::value>(*m_slots);
                                         m_optimizer.update(ctx, std::span<T, P::size>(expr::values_for(copies, p), P::size),
                                                            std::span<T const, P::size>(program.template gradient<P>(), P::size),
                                                            slots);
                                         expr::write_through(copies, p);
                                     }
                                 });
        }

        template <class Graph>
        void write_train_summaries(Graph& g, std::int64_t step, float loss, double steps_per_sec, bool with_rate)
        {
            auto& w = *m_train_writer;
            w.add_scalar("loss", double(loss), step);
            if (with_rate)
            {
                w.add_scalar("global_step/sec", steps_per_sec, step);
            }
            write_spec_summaries(g, step, std::make_index_sequence<std::tuple_size_v<decltype(g.spec.summaries)>>{});
        }

        template <class Graph, std::size_t... I>
        void write_spec_summaries(Graph& g, [[maybe_unused]] std::int64_t step, std::index_sequence<I...>)
        {
            (write_one_summary<I>(g, step), ...);
        }

        template <std::size_t I, class Graph>
        void write_one_summary(Graph& g, std::int64_t step)
        {
            auto const& s = std::get<I>(g.spec.summaries);
            static_assert(shape_of_t<decltype(s.expr)>::size == 1,
                          "xestimator: .summary(tag, x) writes a scalar: reduce x with xest::mean(...) first.");
            m_train_writer->add_scalar(s.tag, double(*g.program.template value<I + 1>()), step);
        }

        // ---- evaluation -----------------------------------------------------------------------

        template <class Input>
        eval_result evaluate_model(Model const& model, std::int64_t at_step, Input& input, eval_options const& options)
        {
            using spec_type = typename detail::mode_graph<Model, Input, mode::eval>::spec_type;
            if constexpr (!detail::check_spec<spec_type, mode::eval>())
            {
                return {};
            }
            else
            {
                using graph_type = detail::eval_graph<Model, Input>;
                auto graph = std::make_unique<graph_type>(model);
                auto& g = *graph;
                auto accumulators = std::apply([](auto const&... m) { return std::make_tuple(m.metric.make_accumulator()...); },
                                               g.spec.metrics);
                auto values = std::make_unique<metric_values_t<decltype(g.spec.metrics)>>();
                input.reset();
                double loss_sum = 0.0;
                std::int64_t examples = 0;
                std::int64_t batches = 0;
                while ((!options.steps || batches < *options.steps) && input.next(g.batch))
                {
                    ++batches;
                    g.program.set_rows(g.batch.size);
                    g.program.forward_all();
                    loss_sum += double(*g.program.template value<0>()) * double(g.batch.size);
                    examples += static_cast<std::int64_t>(g.batch.size);
                    update_metrics(g, accumulators, *values, g.batch.size);
                }
                eval_result r;
                r.global_step = at_step;
                r.num_examples = examples;
                r.loss = examples > 0 ? loss_sum / double(examples) : 0.0;
                collect_metrics(g.spec.metrics, accumulators, r, std::make_index_sequence<std::tuple_size_v<decltype(accumulators)>>{});
                if (!m_config.model_dir.empty())
                {
                    write_eval_summaries(r, options.name);
                }
                return r;
            }
        }

        // Tensors the metric accumulators read, one per metric input (filled per batch).
        template <class In>
        using input_tensor_t = tensor<value_type_of_t<In>, shape_of_t<In>>;

        template <class Metrics>
        struct metric_values;
        template <class... M>
        struct metric_values<std::tuple<M...>>
        {
            template <class Inputs>
            struct tensors_of;
            template <class... In>
            struct tensors_of<std::tuple<In...>>
            {
                using type = std::tuple<input_tensor_t<In>...>;
            };
            using type = std::tuple<typename tensors_of<detail::inputs_of_t<M>>::type...>;
        };
        template <class Metrics>
        using metric_values_t = typename metric_values<Metrics>::type;

        template <class Graph, class Acc, class Values>
        static void update_metrics(Graph& g, Acc& accumulators, Values& values, std::size_t rows)
        {
            update_metric_list(g, accumulators, values, rows, std::make_index_sequence<std::tuple_size_v<Acc>>{});
        }

        template <class Graph, class Acc, class Values, std::size_t... M>
        static void update_metric_list(Graph& g, Acc& accumulators, Values& values, std::size_t rows, std::index_sequence<M...>)
        {
            (update_one_metric<M>(g, accumulators, values, rows), ...);
        }

        // Root index of the first input of metric M: 1 (the loss) plus the inputs before it.
        template <class Metrics, std::size_t M>
        static constexpr std::size_t first_root()
        {
            return []<std::size_t... I>(std::index_sequence<I...>)
            {
                return std::size_t{1} + (std::size_t{0} + ... +
                                         std::tuple_size_v<detail::inputs_of_t<std::tuple_element_t<I, Metrics>>>);
            }(std::make_index_sequence<M>{});
        }

        template <std::size_t M, class Graph, class Acc, class Values>
        static void update_one_metric(Graph& g, Acc& accumulators, Values& values, std::size_t rows)
        {
            using metrics_type = decltype(g.spec.metrics);
            constexpr std::size_t first = first_root<metrics_type, M>();
            auto& tensors = std::get<M>(values);
            [&]<std::size_t... K>(std::index_sequence<K...>)
            {
                ((copy_root<first + K>(g.program, std::get<K>(tensors))), ...);
                std::get<M>(accumulators).update(rows, std::get<K>(tensors)...);
            }(std::make_index_sequence<std::tuple_size_v<std::remove_cvref_t<decltype(tensors)>>>{});
        }

        template <std::size_t R, class Program, class Tensor>
        static void copy_root(Program const& program, Tensor& t)
        {
            auto const* v = program.template value<R>();
            std::copy(v, v + t.size(), t.data());
        }

        template <class Metrics, class Acc, std::size_t... M>
        static void collect_metrics(Metrics const& metrics, Acc const& accumulators, eval_result& r, std::index_sequence<M...>)
        {
            (r.metrics.emplace_back(std::string(std::get<M>(metrics).name), std::get<M>(accumulators).result()), ...);
        }

        void write_eval_summaries(eval_result const& r, std::string const& name)
        {
            std::filesystem::path dir = std::filesystem::path(m_config.model_dir) / (name.empty() ? "eval" : "eval_" + name);
            io::event_writer w(dir, m_config.summary_flush_secs);
            w.add_scalar("loss", r.loss, r.global_step);
            for (auto const& [metric, value] : r.metrics)
            {
                w.add_scalar(metric, value, r.global_step);
            }
            w.flush();
        }

        // ---- prediction -----------------------------------------------------------------------

        template <class Input, class F>
        void predict_model(Model const& model, Input& input, F& f)
        {
            using spec_type = typename detail::mode_graph<Model, Input, mode::predict>::spec_type;
            if constexpr (detail::check_spec<spec_type, mode::predict>())
            {
                using graph_type = detail::predict_graph<Model, Input>;
                using row_type = prediction_row_t<Input>;
                constexpr std::size_t per_row = shape_of_tensor_t<row_type>::size;
                auto graph = std::make_unique<graph_type>(model);
                auto& g = *graph;
                auto row = std::make_unique<row_type>();
                input.reset();
                while (input.next(g.batch))
                {
                    g.program.set_rows(g.batch.size);
                    g.program.template forward<0>();
                    auto const* v = g.program.template value<0>();
                    for (std::size_t r = 0; r < g.batch.size; ++r)
                    {
                        std::copy(v + r * per_row, v + (r + 1) * per_row, row->data());
                        f(static_cast<row_type const&>(*row));
                    }
                }
            }
        }

        // ---- checkpoints ----------------------------------------------------------------------

        static std::vector<std::size_t> dims_of(std::span<std::size_t const> dims)
        {
            return std::vector<std::size_t>(dims.begin(), dims.end());
        }

        std::vector<io::array_entry> checkpoint_entries() const
        {
            std::vector<io::array_entry> entries;
            for_each_model_param(*m_model,
                                 [&](auto const& p)
                                 {
                                     using P = std::remove_cvref_t<decltype(p)>;
                                     using T = typename P::value_type;
                                     std::string const name(P::name_view());
                                     entries.push_back(io::array_entry::from<T>(
                                         name, dims_of(P::shape_type::dims), std::span<T const>(p.value.data(), P::size)));
                                     auto& slots = std::get<param_index<P, params_type>::value>(*m_slots);
                                     slots.visit(
                                         [&](std::string_view slot, auto values)
                                         {
                                             entries.push_back(io::array_entry::from<T>(
                                                 name + "/optimizer/" + std::string(slot), dims_of(P::shape_type::dims),
                                                 std::span<T const>(values.data(), values.size())));
                                         });
                                 });
            std::int64_t const state[] = {m_global_step, m_input_state.epoch, m_input_state.position};
            entries.push_back(io::array_entry::from<std::int64_t>("global_step", {}, std::span<std::int64_t const>(state, 1)));
            entries.push_back(io::array_entry::from<std::int64_t>("input/epoch", {}, std::span<std::int64_t const>(state + 1, 1)));
            entries.push_back(io::array_entry::from<std::int64_t>("input/position", {}, std::span<std::int64_t const>(state + 2, 1)));
            return entries;
        }

        std::filesystem::path write_checkpoint()
        {
            auto const entries = checkpoint_entries();
            auto path = m_checkpoints->save(m_global_step, entries);
            log("INFO:xestimator:Saving checkpoints for %" PRId64 " into %s.\n", m_global_step, path.string().c_str());
            return path;
        }

        static io::array_entry const* find_entry(std::vector<io::array_entry> const& entries, std::string_view name)
        {
            for (auto const& e : entries)
            {
                if (e.name == name)
                {
                    return &e;
                }
            }
            return nullptr;
        }

        static std::string shape_text(std::vector<std::size_t> const& s)
        {
            std::string out = "[";
            for (std::size_t i = 0; i < s.size(); ++i)
            {
                out += (i ? ", " : "") + std::to_string(s[i]);
            }
            return out + "]";
        }

        // Copies the params named in `entries` into `model`, refusing the whole checkpoint when
        // a selected param is missing or has another shape (the message lists every mismatch).
        template <class M>
        static void restore_params(M& model, std::vector<io::array_entry> const& entries, std::string const& source,
                                   std::vector<std::string> const* only = nullptr)
        {
            std::string problems;
            for_each_model_param(model,
                                 [&](auto const& p)
                                 {
                                     using P = std::remove_cvref_t<decltype(p)>;
                                     if (only && !detail::matches_any(*only, P::name_view()))
                                     {
                                         return;
                                     }
                                     auto const* e = find_entry(entries, P::name_view());
                                     auto const want = dims_of(P::shape_type::dims);
                                     if (!e)
                                     {
                                         problems += "\n  missing: " + std::string(P::name_view()) + " " + shape_text(want);
                                     }
                                     else if (e->shape != want)
                                     {
                                         problems += "\n  shape of " + std::string(P::name_view()) + ": " + shape_text(e->shape) +
                                                     " in the checkpoint, " + shape_text(want) + " in the model";
                                     }
                                 });
            if (!problems.empty())
            {
                raise<checkpoint_error>("checkpoint " + source + " does not match the model:" + problems);
            }
            for_each_model_param(model,
                                 [&](auto& p)
                                 {
                                     using P = std::remove_cvref_t<decltype(p)>;
                                     if (only && !detail::matches_any(*only, P::name_view()))
                                     {
                                         return;
                                     }
                                     find_entry(entries, P::name_view())->copy_to(std::span<typename P::value_type>(p.value.data(), P::size));
                                 });
        }

        static std::int64_t scalar_entry(std::vector<io::array_entry> const& entries, std::string_view name, std::int64_t fallback)
        {
            auto const* e = find_entry(entries, name);
            if (!e)
            {
                return fallback;
            }
            std::int64_t v = fallback;
            e->copy_to(std::span<std::int64_t>(&v, 1));
            return v;
        }

        bool restore_latest()
        {
            auto restored = m_checkpoints->load_latest_intact();
            if (!restored)
            {
                return false;
            }
            for (auto const& w : restored->warnings)
            {
                std::fprintf(stderr, "WARNING:xestimator:%s\n", w.c_str());
            }
            std::string const source = restored->path.string();
            restore_params(*m_model, restored->entries, source);
            std::string missing_slots;
            for_each_model_param(*m_model,
                                 [&](auto const& p)
                                 {
                                     using P = std::remove_cvref_t<decltype(p)>;
                                     auto& slots = std::get<param_index<P, params_type>::value>(*m_slots);
                                     slots.visit(
                                         [&](std::string_view slot, auto values)
                                         {
                                             std::string const name = std::string(P::name_view()) + "/optimizer/" + std::string(slot);
                                             if (auto const* e = find_entry(restored->entries, name); e && e->size() == values.size())
                                             {
                                                 e->copy_to(std::span<typename P::value_type>(values.data(), values.size()));
                                             }
                                             else
                                             {
                                                 missing_slots += " " + name;
                                             }
                                         });
                                 });
            if (!missing_slots.empty())
            {
                std::fprintf(stderr, "WARNING:xestimator:%s has no optimizer state for:%s; it starts from its initial value.\n",
                             source.c_str(), missing_slots.c_str());
            }
            m_global_step = scalar_entry(restored->entries, "global_step", 0);
            m_input_state = inputs::input_state{scalar_entry(restored->entries, "input/epoch", 0),
                                                scalar_entry(restored->entries, "input/position", 0)};
            log("INFO:xestimator:Restoring parameters from %s (global_step = %" PRId64 ").\n", source.c_str(), m_global_step);
            return true;
        }

        // A checkpoint file, or a model directory whose latest intact checkpoint is used.
        static std::pair<std::vector<io::array_entry>, std::string> read_checkpoint_source(std::filesystem::path const& from)
        {
            if (std::filesystem::is_directory(from))
            {
                io::checkpoint_manager other(from, 0);
                auto restored = other.load_latest_intact();
                if (!restored)
                {
                    raise<checkpoint_error>("no checkpoint in " + from.string());
                }
                return {std::move(restored->entries), restored->path.string()};
            }
            return {io::checkpoint_manager::load(from), from.string()};
        }

        void warm_start(std::filesystem::path const& from, std::vector<std::string> const& vars)
        {
            auto [entries, source] = read_checkpoint_source(from);
            restore_params(*m_model, entries, source, &vars);
            log("INFO:xestimator:Warm-started from %s.\n", source.c_str());
        }

        static std::int64_t load_params_into(Model& model, std::filesystem::path const& path)
        {
            auto [entries, source] = read_checkpoint_source(path);
            restore_params(model, entries, source);
            return scalar_entry(entries, "global_step", 0);
        }

        run_config m_config;
        Optimizer m_optimizer;
        std::tuple<Hooks...> m_hooks;
        std::unique_ptr<Model> m_model;
        std::unique_ptr<slots_type> m_slots;
        std::int64_t m_global_step = 0;
        float m_learning_rate_scale = 1.0f;  // halved by each rollback
        inputs::input_state m_input_state{};
        std::optional<io::checkpoint_manager> m_checkpoints{};
        std::optional<io::event_writer> m_train_writer{};
    };
}

#endif
