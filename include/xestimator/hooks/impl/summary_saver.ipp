#ifndef XESTIMATOR_HOOKS_IMPL_SUMMARY_SAVER_IPP
#define XESTIMATOR_HOOKS_IMPL_SUMMARY_SAVER_IPP

/// @file
/// @brief The definitions of hooks/summary_saver.hpp: included by that header (header-only) or by
/// <xestimator/src.hpp> (XESTIMATOR_SEPARATE_COMPILATION).

#include "../../core/error.hpp"
#include "../../io/histogram.hpp"
#include "../summary_saver.hpp"

namespace xest::hooks
{
    XESTIMATOR_DECL void summary_saver::begin(run_info const& info)
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

    XESTIMATOR_DECL std::int64_t summary_saver::next_due(std::int64_t step) const noexcept
    {
        if (every_n_steps <= 0)
        {
            return never;
        }
        return step < 1 ? 1 : next_multiple(step, every_n_steps);
    }

    XESTIMATOR_DECL void summary_saver::after_step(step_info const& s)
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

    XESTIMATOR_DECL void summary_saver::end(step_info const&)
    {
        io::event_writer* w = writer != nullptr ? writer : (state.own ? &*state.own : nullptr);
        if (w != nullptr)
        {
            w->flush();
        }
    }

    XESTIMATOR_DECL void summary_saver::write(io::event_writer& w, summary_value const& v, std::int64_t step)
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
}

#endif
