#ifndef XESTIMATOR_HOOKS_IMPL_LOGGING_IPP
#define XESTIMATOR_HOOKS_IMPL_LOGGING_IPP

/// @file
/// @brief The definitions of hooks/logging.hpp: included by that header (header-only) or by
/// <xestimator/src.hpp> (XESTIMATOR_SEPARATE_COMPILATION).

#include <cinttypes>
#include <string>

#include "../../core/error.hpp"
#include "../logging.hpp"

namespace xest::hooks
{
    XESTIMATOR_DECL void logging::begin(run_info const& info)
    {
        if (out == nullptr)
        {
            raise<config_error>("hooks::logging: out is a null FILE*; pass stderr, stdout or an open file.");
        }
        if (!(every_n_secs >= 0.0) || every_n_steps < 0)
        {
            raise<config_error>("hooks::logging: every_n_steps = " + std::to_string(every_n_steps) + " and every_n_secs = "
                                + std::to_string(every_n_secs) + ": neither may be negative or NaN (0 turns it off).");
        }
        state.rate.start(info.start_step);
        state.start_step = info.start_step;
        state.ran = false;
    }

    XESTIMATOR_DECL void logging::after_step(step_info const& s)
    {
        bool const first = !state.ran;
        state.ran = true;
        double const secs = state.rate.seconds();
        if (!first && every_n_secs > 0.0 && secs < every_n_secs)
        {
            return;
        }
        double const rate = state.rate.lap(s.step);
        if (!first)
        {
            std::fprintf(out, "INFO:xestimator:global_step/sec: %g\n", rate);
        }
        std::fprintf(out, "INFO:xestimator:loss = %g, step = %" PRId64 " (%.3f sec)\n", static_cast<double>(s.loss),
                     s.step, secs);
    }

    XESTIMATOR_DECL void logging::end(step_info const& last)
    {
        if (state.ran)
        {
            std::fprintf(out, "INFO:xestimator:Loss for final step: %g.\n", static_cast<double>(last.loss));
        }
        std::fflush(out);
    }

    XESTIMATOR_DECL void log_already_at_max(std::int64_t global_step, std::int64_t max_steps, std::FILE* out)
    {
        std::fprintf(out,
                     "INFO:xestimator:Skipping training since max_steps has already been reached (global_step = %" PRId64
                     ", max_steps = %" PRId64 ").\n",
                     global_step, max_steps);
    }
}

#endif
