#ifndef XESTIMATOR_ESTIMATOR_IMPL_MODEL_DIRECTORY_IPP
#define XESTIMATOR_ESTIMATOR_IMPL_MODEL_DIRECTORY_IPP

/// @file
/// @brief The definitions of estimator/model_directory.hpp: included by that header (header-only)
/// or by <xestimator/src.hpp> (XESTIMATOR_SEPARATE_COMPILATION).

#include <cstdio>

#include "../../io/event_writer.hpp"
#include "../model_directory.hpp"

namespace xest::detail
{
    XESTIMATOR_DECL void write_eval_events(run_config const& config, eval_result const& r, std::string const& eval_name)
    {
        if (config.model_dir.empty())
        {
            return;
        }
        auto const dir = std::filesystem::path(config.model_dir) / (eval_name.empty() ? "eval" : "eval_" + eval_name);
        io::event_writer w(dir, config.summary_flush_secs);
        w.add_scalar("loss", r.loss, r.global_step);
        for (auto const& [metric, value] : r.metrics)
        {
            w.add_scalar(metric, value, r.global_step);
        }
        w.flush();
    }

    XESTIMATOR_DECL void print_checkpoint_warnings(std::vector<std::string> const& warnings)
    {
        for (auto const& w : warnings)
        {
            std::fprintf(stderr, "WARNING:xestimator:%s\n", w.c_str());
        }
    }
}

#endif
