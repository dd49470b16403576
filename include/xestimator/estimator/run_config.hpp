#ifndef XESTIMATOR_ESTIMATOR_RUN_CONFIG_HPP
#define XESTIMATOR_ESTIMATOR_RUN_CONFIG_HPP

/// @file
/// @brief `run_config` (tf.estimator.RunConfig): the settings of an estimator with a model directory.

#include <cstdint>
#include <string>
#include <vector>

#include "../core/error.hpp"
#include "step_bounds.hpp"

namespace xest
{
    /// @brief Where and how often the estimator writes; TensorFlow's defaults.
    /// A `*_steps` setting of 0 turns that activity off; an empty model_dir writes nothing.
    struct run_config
    {
        /// @brief Directory for checkpoints and event files; empty: an in-memory run.
        std::string model_dir{};
        /// @brief Seed of param initialisation (inputs have their own seed).
        std::uint64_t random_seed = 0;
        /// @brief Write the loss and spec summaries every N steps (and at step 1).
        std::int64_t save_summary_steps = 100;
        /// @brief Save a checkpoint every N steps; 0: use save_checkpoints_secs instead.
        std::int64_t save_checkpoints_steps = 0;
        /// @brief Save a checkpoint every N seconds when save_checkpoints_steps is 0; 0: off
        /// (a checkpoint is still written at the end of every train() call).
        double save_checkpoints_secs = 600.0;
        /// @brief Checkpoints kept (oldest deleted first); 0 keeps all.
        int keep_checkpoint_max = 5;
        /// @brief Log a line (step, loss, steps/sec) to stderr every N steps; 0: silent.
        std::int64_t log_step_count_steps = 100;
        /// @brief Also write a histogram of every param on the summary steps (TensorBoard's
        /// Histograms and Distributions dashboards).
        bool save_param_histograms = false;
        /// @brief Event files are flushed at least this often (seconds).
        double summary_flush_secs = 5.0;
        /// @brief Stop with nan_loss_error when the loss is NaN or infinite, before that step's
        /// update (hooks::nan_check; TensorFlow checks by default too).
        bool check_nan = true;
        /// @brief Initialise params from this checkpoint (a file or a model directory) when
        /// model_dir has no checkpoint yet.
        std::string warm_start_from{};
        /// @brief Which params to warm-start: name patterns with '*' wildcards; empty: all.
        std::vector<std::string> warm_start_vars{};

        /// @brief Refuses a negative, NaN or infinite setting, naming the field.
        void validate() const
        {
            auto check = [](char const* field, double value)
            {
                if (!(value >= 0.0) || value > 1e300)
                {
                    raise<config_error>("run_config: a setting is negative, NaN or infinite",
                                        [&]
                                        {
                                            return std::string("run_config.") + field + " must not be negative, NaN or infinite (got " +
                                                   std::to_string(value) + ")";
                                        });
                }
            };
            check("save_summary_steps", double(save_summary_steps));
            check("save_checkpoints_steps", double(save_checkpoints_steps));
            check("save_checkpoints_secs", save_checkpoints_secs);
            check("keep_checkpoint_max", keep_checkpoint_max);
            check("log_step_count_steps", double(log_step_count_steps));
            check("summary_flush_secs", summary_flush_secs);
        }
    };
}

#endif
