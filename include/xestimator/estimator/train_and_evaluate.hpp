#ifndef XESTIMATOR_ESTIMATOR_TRAIN_AND_EVALUATE_HPP
#define XESTIMATOR_ESTIMATOR_TRAIN_AND_EVALUATE_HPP

/// @file
/// @brief `train_and_evaluate(est, train_spec, eval_spec, hooks...)`: alternate training chunks and
/// evaluations of the in-memory params (tf.estimator.train_and_evaluate, in one process).
///
/// @code
/// auto r = xest::train_and_evaluate(est, xest::train_spec{train_in, 5000},
///                                   xest::eval_spec{eval_in, {}, "", 500},
///                                   xest::hooks::early_stopping{.patience = 3});
/// @endcode

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "../core/error.hpp"
#include "../hooks/dispatch.hpp"
#include "../hooks/step_info.hpp"
#include "basic_estimator.hpp"
#include "results.hpp"
#include "run_config.hpp"

namespace xest
{
    /// @brief What to train on and for how long (tf.estimator.TrainSpec).
    /// @tparam Input an input with labels; it must outlive the train_and_evaluate() call
    template <class Input>
    struct train_spec
    {
        /// @brief The training input (borrowed).
        Input& input;
        /// @brief Train until global_step reaches this value.
        std::int64_t max_steps;
    };

    template <class Input>
    train_spec(Input&, std::int64_t) -> train_spec<Input>;

    /// @brief What to evaluate on and how often (tf.estimator.EvalSpec).
    /// @tparam Input an input with labels; it must outlive the train_and_evaluate() call
    template <class Input>
    struct eval_spec
    {
        /// @brief The evaluation input (borrowed; reset before each evaluation).
        Input& input;
        /// @brief Evaluate at most this many batches; unset: the whole input.
        std::optional<std::int64_t> steps{};
        /// @brief A named evaluation writes to model_dir/eval_<name>/.
        std::string name{};
        /// @brief Evaluate after every this many training steps (at least 1).
        std::int64_t every_n_steps = 1000;
        /// @brief When > 0: after a chunk of every_n_steps, evaluate only if this many seconds
        /// passed since the previous evaluation (or the start); the final evaluation always runs.
        double throttle_secs = 0;
    };

    template <class Input>
    eval_spec(Input&) -> eval_spec<Input>;
    template <class Input>
    eval_spec(Input&, std::optional<std::int64_t>) -> eval_spec<Input>;
    template <class Input>
    eval_spec(Input&, std::optional<std::int64_t>, std::string) -> eval_spec<Input>;
    template <class Input>
    eval_spec(Input&, std::optional<std::int64_t>, std::string, std::int64_t) -> eval_spec<Input>;
    template <class Input>
    eval_spec(Input&, std::optional<std::int64_t>, std::string, std::int64_t, double) -> eval_spec<Input>;

    /// @brief Trains `est` in chunks of `es.every_n_steps` up to `ts.max_steps`, evaluating the
    /// in-memory params after each chunk (subject to `es.throttle_secs`) and once at the end.
    ///
    /// The hooks given here are passed to every train() chunk (so begin()/end() run once per
    /// chunk) and their after_evaluation(result) runs after every evaluation. Stops when a hook's
    /// after_evaluation returns true (hooks::early_stopping), when a hook stops training, when
    /// global_step reaches ts.max_steps, or when the training input is exhausted.
    /// @return the last evaluation
    template <class Est, class TI, class EI, class... Hooks>
    eval_result train_and_evaluate(Est& est, train_spec<TI> ts, eval_spec<EI> es, Hooks&&... hooks)
    {
        static_assert(hooks::check_hooks<std::remove_cvref_t<Hooks>...>());
        if (es.every_n_steps < 1)
        {
            raise<config_error>("eval_spec.every_n_steps must be at least 1 (got " + std::to_string(es.every_n_steps) + ")");
        }
        if (!(es.throttle_secs >= 0))
        {
            raise<config_error>("eval_spec.throttle_secs must not be negative (got " + std::to_string(es.throttle_secs) + ")");
        }
        if (ts.max_steps < 0)
        {
            raise<config_error>("train_spec.max_steps must not be negative (got " + std::to_string(ts.max_steps) + ")");
        }

        typename Est::eval_options options{};
        options.steps = es.steps;
        if constexpr (Est::storage_type::has_model_dir)
        {
            options.name = es.name;
        }
        auto evaluation_hooks = std::tie(hooks...);
        auto last_evaluation = hooks::clock::now();
        std::optional<eval_result> last;

        // Evaluates unless the params were already evaluated at this global step.
        auto evaluate = [&]() -> bool
        {
            if (last && last->global_step == est.global_step())
            {
                return false;
            }
            last = est.evaluate(es.input, options);
            last_evaluation = hooks::clock::now();
            return hooks::after_evaluation_all(evaluation_hooks, *last);
        };

        while (true)
        {
            std::int64_t const target = est.global_step() + es.every_n_steps < ts.max_steps
                                            ? est.global_step() + es.every_n_steps
                                            : ts.max_steps;
            train_result const t = est.train(ts.input, max_steps{target, true}, hooks...);
            bool const finished = t.reason != stop_reason::step_bound || est.global_step() >= ts.max_steps;
            if (finished)
            {
                evaluate();
                break;
            }
            bool const throttled =
                es.throttle_secs > 0 && hooks::seconds_between(last_evaluation, hooks::clock::now()) < es.throttle_secs;
            if (!throttled && evaluate())
            {
                break;
            }
        }
        return *last;
    }
}

#endif
