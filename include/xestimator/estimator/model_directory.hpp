#ifndef XESTIMATOR_ESTIMATOR_MODEL_DIRECTORY_HPP
#define XESTIMATOR_ESTIMATOR_MODEL_DIRECTORY_HPP

/// @file
/// @brief The storage of `xest::estimator`: a model directory (run_config::model_dir) with
/// checkpoints and TensorBoard event files, tf.estimator's layout. An empty model_dir runs in
/// memory and writes nothing.
///
/// Built-in hooks of each train() call, from run_config: hooks::summary_saver
/// (save_summary_steps) and hooks::logging (log_step_count_steps) before the user's hooks,
/// hooks::nan_check (check_nan) and hooks::checkpoint_saver (save_checkpoints_steps / _secs)
/// after them. A setting of 0 turns
/// one off; a hook of the user's replaces it.

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "../core/error.hpp"
#include "../hooks/checkpoint_saver.hpp"
#include "../hooks/logging.hpp"
#include "../hooks/nan_guard.hpp"
#include "../hooks/summary_saver.hpp"
#include "../io/atomic_file.hpp"
#include "../io/checkpoint.hpp"
#include "../io/dir_lock.hpp"
#include "../io/event_writer.hpp"
#include "basic_estimator.hpp"
#include "model_state.hpp"
#include "results.hpp"
#include "run_config.hpp"

namespace xest
{
    namespace detail
    {
        /// @brief The events of an evaluate() call: its loss and metrics in model_dir/eval/, or
        /// model_dir/eval_<eval_name>/ for a named one; nothing without a model_dir.
        XESTIMATOR_DECL void write_eval_events(run_config const& config, eval_result const& r, std::string const& eval_name);

        /// @brief Prints the warnings of a restored checkpoint, one "WARNING:xestimator:" line each.
        XESTIMATOR_DECL void print_checkpoint_warnings(std::vector<std::string> const& warnings);
    }

    /// @brief The storage of an estimator with a model directory (see basic_estimator).
    struct model_directory
    {
        static constexpr bool has_model_dir = true;
        using config = run_config;

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

        /// @brief A checkpoint file or a model directory (its latest intact checkpoint).
        using checkpoint_ref = std::optional<std::filesystem::path>;

        template <class State>
        class session
        {
        public:
            /// @brief Restores the latest checkpoint of model_dir, or warm-starts.
            session(run_config const& config, State& state)
                : m_config(config)
                , m_state(state)
            {
                if (m_config.model_dir.empty())
                {
                    return;
                }
                io::ensure_writable_directory(m_config.model_dir);
                m_checkpoints.emplace(m_config.model_dir, m_config.keep_checkpoint_max);
                if (!restore_latest() && !m_config.warm_start_from.empty())
                {
                    auto [entries, source] = detail::read_checkpoint_source(m_config.warm_start_from);
                    detail::restore_params(*m_state.model, entries, source, &m_config.warm_start_vars);
                    log("INFO:xestimator:Warm-started from %s.\n", source.c_str());
                }
            }

            /// @brief Takes the directory's training lock for the train() call (a second writer
            /// gets io_error naming the holder), then, as TensorFlow, starts from the latest
            /// checkpoint: another estimator may have trained in the same directory since.
            [[nodiscard]] std::optional<io::dir_lock> prepare_train()
            {
                if (!m_checkpoints)
                {
                    return std::nullopt;
                }
                std::optional<io::dir_lock> lock(std::in_place, std::filesystem::path(m_config.model_dir));
                auto const latest = m_checkpoints->latest();
                auto const step = latest ? io::checkpoint_manager::step_of(*latest) : std::nullopt;
                if (step && *step != m_state.global_step)
                {
                    restore_latest();
                }
                return lock;
            }

            void report_already_at_max(std::int64_t global_step, std::int64_t max_steps) const
            {
                if (m_config.log_step_count_steps > 0)
                {
                    hooks::log_already_at_max(global_step, max_steps);
                }
            }

            auto builtin_hooks(run_config const& config)
            {
                bool const summaries = m_checkpoints && config.save_summary_steps > 0;
                if (summaries && !m_train_writer)
                {
                    m_train_writer.emplace(m_config.model_dir, m_config.summary_flush_secs);
                }
                hooks::summary_saver summary{.every_n_steps = summaries ? config.save_summary_steps : 0,
                                             .param_histograms = config.save_param_histograms,
                                             .writer = summaries ? &*m_train_writer : nullptr};
                hooks::checkpoint_saver<session> checkpoint{.saver = this,
                                                            .every_n_steps = m_checkpoints ? config.save_checkpoints_steps : 0,
                                                            .every_n_secs = m_checkpoints ? config.save_checkpoints_secs : 0.0};
                return std::pair{std::tuple{std::move(summary), hooks::logging{.every_n_steps = config.log_step_count_steps}},
                                 std::tuple{hooks::nan_check{.enabled = config.check_nan}, checkpoint}};
            }

            void after_evaluation(eval_result const& r, eval_options const& options)
            {
                detail::write_eval_events(m_config, r, options.name);
            }

            template <class Model>
            std::int64_t load_params_into(Model& model, std::filesystem::path const& from) const
            {
                return detail::load_params_into(model, from);
            }

            std::optional<std::filesystem::path> latest_checkpoint() const
            {
                return m_checkpoints ? m_checkpoints->latest() : std::nullopt;
            }

            /// @brief Writes a checkpoint of the current state; refuses non-finite params, which
            /// would replace a usable model with garbage.
            std::filesystem::path save_checkpoint()
            {
                if (!m_checkpoints)
                {
                    raise<config_error>("save_checkpoint() needs run_config.model_dir");
                }
                if (auto const bad = detail::first_non_finite_param(*m_state.model); !bad.empty())
                {
                    auto const kept = m_checkpoints->latest();
                    raise<checkpoint_error>("param \"" + std::string(bad) + "\" holds a NaN or an infinity at global step " +
                                            std::to_string(m_state.global_step) + ": no checkpoint written (the directory keeps " +
                                            (kept ? kept->string() : std::string("no checkpoint")) + ")");
                }
                auto path = m_checkpoints->save(m_state.global_step, detail::checkpoint_entries(m_state));
                log("INFO:xestimator:Saving checkpoints for %" PRId64 " into %s.\n", m_state.global_step, path.string().c_str());
                return path;
            }

            // ---- what hooks::checkpoint_saver calls ----
            void save()
            {
                if (m_checkpoints)
                {
                    save_checkpoint();
                }
            }

            std::int64_t global_step() const noexcept
            {
                return m_state.global_step;
            }

        private:
            template <class... Args>
            void log(char const* format, Args... args) const
            {
                if (m_config.log_step_count_steps > 0)
                {
                    std::fprintf(stderr, format, args...);
                }
            }

            bool restore_latest()
            {
                auto restored = m_checkpoints->load_latest_intact();
                if (!restored)
                {
                    return false;
                }
                detail::print_checkpoint_warnings(restored->warnings);
                std::string const source = restored->path.string();
                detail::restore_state(m_state, restored->entries, source);
                log("INFO:xestimator:Restoring parameters from %s (global_step = %" PRId64 ").\n", source.c_str(),
                    m_state.global_step);
                return true;
            }

            run_config const& m_config;
            State& m_state;
            std::optional<io::checkpoint_manager> m_checkpoints{};
            std::optional<io::event_writer> m_train_writer{};
        };
    };

    /// @brief Trains, evaluates and predicts a model type, with checkpoints and summaries in
    /// run_config::model_dir (tf.estimator.Estimator).
    template <class Model, class Optimizer, class... Hooks>
    using estimator = basic_estimator<Model, Optimizer, model_directory, Hooks...>;

    /// @brief Options of one evaluate() call of xest::estimator.
    using eval_options = model_directory::eval_options;
}

#if !defined(XESTIMATOR_SEPARATE_COMPILATION)
#include "impl/model_directory.ipp"
#endif

#endif
