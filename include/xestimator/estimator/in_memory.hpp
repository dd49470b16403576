#ifndef XESTIMATOR_ESTIMATOR_IN_MEMORY_HPP
#define XESTIMATOR_ESTIMATOR_IN_MEMORY_HPP

/// @file
/// @brief `xest::in_memory_estimator<Model, Optimizer, Hooks...>`: the estimator without a model
/// directory. It compiles no file I/O (no io/ header, no <filesystem>, <fcntl.h> or <signal.h>):
/// the choice for tests, benchmarks, firmware and any program that keeps its model in memory.
/// It is configured by an `in_memory_config` (no string, no container). Its built-in hooks are
/// the log (log_step_count_steps, left out when XESTIMATOR_HAS_CONSOLE is 0, as on a microcontroller) and the NaN
/// check (check_nan).

#include <cstdint>
#include <optional>
#include <tuple>
#include <utility>

#include "../core/config.hpp"
#include "../hooks/nan_guard.hpp"
#include "basic_estimator.hpp"
#include "in_memory_config.hpp"
#include "results.hpp"
#if XESTIMATOR_HAS_CONSOLE
#include "../hooks/logging.hpp"
#endif

namespace xest
{
    /// @brief The storage of an estimator without a model directory (see basic_estimator).
    struct in_memory
    {
        static constexpr bool has_model_dir = false;
        using config = in_memory_config;

        /// @brief Options of one evaluate() call.
        struct eval_options
        {
            /// @brief Evaluate at most this many batches; unset: the whole input.
            std::optional<std::int64_t> steps{};
        };

        /// @brief There are no checkpoints to name.
        struct checkpoint_ref
        {
        };

        template <class State>
        class session
        {
        public:
            session(in_memory_config const& config, State&) noexcept
                : m_log_every(config.log_step_count_steps)
            {
            }

            /// @brief Nothing to lock or restore.
            struct no_lock
            {
            };
            [[nodiscard]] no_lock prepare_train() const noexcept
            {
                return {};
            }

            void report_already_at_max([[maybe_unused]] std::int64_t global_step, [[maybe_unused]] std::int64_t max_steps) const
            {
#if XESTIMATOR_HAS_CONSOLE
                if (m_log_every > 0)
                {
                    hooks::log_already_at_max(global_step, max_steps);
                }
#endif
            }

            auto builtin_hooks(in_memory_config const& config) const
            {
                std::tuple checks{hooks::nan_check{.enabled = config.check_nan}};
#if XESTIMATOR_HAS_CONSOLE
                return std::pair{std::tuple{hooks::logging{.every_n_steps = config.log_step_count_steps}}, checks};
#else
                return std::pair{std::tuple<>{}, checks};
#endif
            }

            void after_evaluation(eval_result const&, eval_options const&) const noexcept {}

        private:
            std::int64_t m_log_every;
        };
    };

    /// @brief An estimator that keeps everything in memory (see the file comment).
    template <class Model, class Optimizer, class... Hooks>
    using in_memory_estimator = basic_estimator<Model, Optimizer, in_memory, Hooks...>;
}

#endif
