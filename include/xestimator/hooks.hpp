#ifndef XESTIMATOR_HOOKS_HPP
#define XESTIMATOR_HOOKS_HPP

/// @file
/// @brief The hooks layer: the hook protocol, its compile-time dispatch and the built-in hooks.
/// The model-directory hooks (summary_saver, checkpoint_saver) come with estimator.hpp.

#include "hooks/step_info.hpp"
#include "hooks/hook_traits.hpp"
#include "hooks/dispatch.hpp"
#include "hooks/hook_list.hpp"

#include "hooks/csv_logger.hpp"
#include "hooks/early_stopping.hpp"
#include "hooks/logging.hpp"
#include "hooks/loss_history.hpp"
#include "hooks/nan_guard.hpp"
#include "hooks/progress_bar.hpp"
#include "hooks/step_counter.hpp"
#include "hooks/stop_at_step.hpp"

#endif
