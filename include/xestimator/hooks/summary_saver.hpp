#ifndef XESTIMATOR_HOOKS_SUMMARY_SAVER_HPP
#define XESTIMATOR_HOOKS_SUMMARY_SAVER_HPP

/// @file
/// @brief hooks::summary_saver (tf.train.SummarySaverHook): on step 1 of a fresh model and every
/// every_n_steps steps, writes `loss`, `global_step/sec`, the spec's `.summary` scalars and
/// `.histogram` distributions, and optionally a histogram of every param, to a TensorBoard event
/// file. The estimator with a model directory installs one writing to model_dir.

#include <cstdint>
#include <optional>
#include <string>

#include "../core/config.hpp"
#include "../io/event_writer.hpp"
#include "cadence.hpp"
#include "step_info.hpp"

namespace xest::hooks
{
    namespace detail
    {
        /// Set by summary_saver::begin and after_step; not part of the configuration.
        struct summary_saver_state
        {
            std::optional<io::event_writer> own{};
            rate_meter rate{};
            bool first_of_model = false;
        };
    }

    struct summary_saver
    {
        /// @brief The training loop computes the spec's summaries on this hook's due steps.
        static constexpr bool wants_summaries = true;

        /// @brief Cadence in steps (0: off).
        std::int64_t every_n_steps = 100;
        /// @brief Also write a histogram of every param (Keras' histogram_freq).
        bool param_histograms = false;
        /// @brief Where the event file goes, unless `writer` is set.
        std::string output_dir{};
        /// @brief Event files are flushed at least this often (seconds).
        double flush_secs = 5.0;
        /// @brief A writer to use instead of one of its own (not owned).
        io::event_writer* writer = nullptr;
        /// @brief Internal state (leave default-initialised).
        detail::summary_saver_state state{};

        XESTIMATOR_DECL void begin(run_info const& info);

        [[nodiscard]] XESTIMATOR_DECL std::int64_t next_due(std::int64_t step) const noexcept;

        XESTIMATOR_DECL void after_step(step_info const& s);

        XESTIMATOR_DECL void end(step_info const&);

        // The one place a summary kind is written.
        XESTIMATOR_DECL static void write(io::event_writer& w, summary_value const& v, std::int64_t step);
    };
}

#if !defined(XESTIMATOR_SEPARATE_COMPILATION)
#include "impl/summary_saver.ipp"
#endif

#endif
