#ifndef XESTIMATOR_IN_MEMORY_HPP
#define XESTIMATOR_IN_MEMORY_HPP

/// @file
/// @brief Everything that needs no file: `#include <xestimator/in_memory.hpp>` for
/// `xest::in_memory_estimator`, inputs from arrays, the optimizers, losses, metrics and the hooks
/// that write no file. No io/ header, <filesystem>, <fcntl.h> or <signal.h> is included
/// (tests/in_memory checks it with those headers poisoned). xestimator.hpp adds the model
/// directory, CSV inputs, the file-writing hooks and the terminal progress bar.

#include "core.hpp"
#include "estimator/in_memory.hpp"
#include "estimator/modes.hpp"
#include "estimator/results.hpp"
#include "estimator/in_memory_config.hpp"
#include "estimator/step_bounds.hpp"
#include "estimator/spec.hpp"
#include "estimator/train_and_evaluate.hpp"
#include "expr.hpp"
#include "hooks/dispatch.hpp"
#include "hooks/early_stopping.hpp"
#include "hooks/hook_list.hpp"
#include "hooks/logging.hpp"
#include "hooks/loss_history.hpp"
#include "hooks/nan_guard.hpp"
#include "hooks/step_counter.hpp"
#include "hooks/stop_at_step.hpp"
#include "init.hpp"
#include "inputs/array_input.hpp"
#include "inputs/batch.hpp"
#include "inputs/options.hpp"
#include "losses.hpp"
#include "metrics.hpp"
#include "nn.hpp"
#include "optim.hpp"

#endif
