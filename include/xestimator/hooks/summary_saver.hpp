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

#include "../core/error.hpp"
#include "../io/event_writer.hpp"
#include "../io/histogram.hpp"
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

        void begin(run_info const& info)
        {
            if (every_n_steps < 0)
            {
                raise<config_error>("hooks::summary_saver: every_n_steps = " + std::to_string(every_n_steps) + " is negative");
            }
            if (writer == nullptr && !state.own && every_n_steps > 0)
            {
                if (output_dir.empty())
                {
                    raise<config_error>("hooks::summary_saver: give output_dir (or a writer)");
                }
                state.own.emplace(output_dir, flush_secs);
            }
            state.rate.start(info.start_step);
            state.first_of_model = info.start_step < 1;
        }

        [[nodiscard]] std::int64_t next_due(std::int64_t step) const noexcept
        {
            if (every_n_steps <= 0)
            {
                return never;
            }
            return step < 1 ? 1 : next_multiple(step, every_n_steps);
        }

        void after_step(step_info const& s)
        {
            io::event_writer& w = writer != nullptr ? *writer : *state.own;
            double const rate = state.rate.lap(s.step);
            w.add_scalar("loss", double(s.loss), s.step);
            if (!(state.first_of_model && s.step == 1))
            {
                w.add_scalar("global_step/sec", rate, s.step);
            }
            for (summary_value const& v : s.summaries)
            {
                if (!v.is_param || param_histograms)
                {
                    write(w, v, s.step);
                }
            }
        }

        void end(step_info const&)
        {
            io::event_writer* w = writer != nullptr ? writer : (state.own ? &*state.own : nullptr);
            if (w != nullptr)
            {
                w->flush();
            }
        }

        // The one place a summary kind is written.
        static void write(io::event_writer& w, summary_value const& v, std::int64_t step)
        {
            if (v.kind == summary_value::kind_type::scalar)
            {
                w.add_scalar(v.tag, v[0], step);
            }
            else
            {
                w.add_histogram(v.tag, io::histogram::of(v.size, [&](std::size_t i) { return v[i]; }), step);
            }
        }
    };
}

#endif
