#ifndef XESTIMATOR_ESTIMATOR_BASIC_ESTIMATOR_HPP
#define XESTIMATOR_ESTIMATOR_BASIC_ESTIMATOR_HPP

/// @file
/// @brief `basic_estimator<Model, Optimizer, Storage, Hooks...>`: the estimator's public API over
/// a storage policy. This header includes no file I/O: the storage decides whether there is a
/// model directory (`xest::estimator`, estimator/estimator.hpp) or not
/// (`xest::in_memory_estimator`, estimator/in_memory.hpp).
///
/// A storage type provides (see docs/design.md, "Adding a storage"):
/// - `static constexpr bool has_model_dir` and `config`, the type the estimator is constructed
///   from (an aggregate with `random_seed`, `log_step_count_steps`, `check_nan` and `validate()`);
/// - `eval_options` (at least `std::optional<std::int64_t> steps`) and `checkpoint_ref`;
/// - `template <class State> class session` constructed from (config const&, State&) once
///   the params are initialised (it may restore them), with `prepare_train()` (returns what
///   must be held during the train() call, such as a directory lock),
///   `builtin_hooks(config)` returning a pair of hook tuples (run before and after the user's
///   hooks), and `after_evaluation(eval_result const&, eval_options const&)`.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../core/error.hpp"
#include "../core/xtensor.hpp"
#include "../hooks/dispatch.hpp"
#include "../optim/concepts.hpp"
#include "class_id_check.hpp"
#include "evaluation.hpp"
#include "graphs.hpp"
#include "model_params.hpp"
#include "results.hpp"
#include "step_bounds.hpp"
#include "training_loop.hpp"
#include "training_state.hpp"
#include "variables.hpp"

namespace xest
{
    /// @brief Trains, evaluates and predicts a model type.
    /// @tparam Model an aggregate with params (or layers) and a templated call
    ///         `(features, labels, Mode) -> xest::spec(mode)...`
    /// @tparam Optimizer an optimizer of xest::optim (or one following its protocol)
    /// @tparam Storage where checkpoints and summaries go: xest::model_directory or xest::in_memory
    /// @tparam Hooks hooks called on every train() call (held by value)
    template <class Model, class Optimizer, class Storage, class... Hooks>
    class basic_estimator
    {
        // Each names the member at fault in one static_assert of its own.
        static constexpr bool optimizer_ok = optim::check_optimizer<Optimizer>();
        static constexpr bool hooks_ok = hooks::check_hooks<Hooks...>();

    public:
        using model_type = Model;
        using optimizer_type = Optimizer;
        using storage_type = Storage;
        using params_type = model_params_t<Model>;
        using state_type = training_state<Model, slots_t<Model, Optimizer>>;
        using eval_options = typename Storage::eval_options;
        using checkpoint_ref = typename Storage::checkpoint_ref;
        using config_type = typename Storage::config;
        static_assert(detail::distinct_names<params_type>::value,
                      "xestimator: two params of the model share a name; give each layer its own name, e.g. "
                      "nn::dense<64, 32, nn::relu, \"hidden\">.");

        /// @brief Builds the model, initialises its params from config.random_seed, then lets the
        /// storage restore the latest checkpoint of config.model_dir (or warm-start).
        explicit basic_estimator(config_type config = {}, Optimizer optimizer = {}, Hooks... hooks)
            : m_config((config.validate(), std::move(config)))
            , m_optimizer(std::move(optimizer))
            , m_hooks(std::move(hooks)...)
            , m_session(m_config, initialized(m_state, m_config, m_optimizer))
        {
        }

        /// @brief As above with default-constructed hooks, so `estimator<M, O, hooks::nan_guard>
        /// est(config, optimizer)` needs no hook argument.
        explicit basic_estimator(config_type config = {}, Optimizer optimizer = {})
            requires(sizeof...(Hooks) > 0 && (std::is_default_constructible_v<Hooks> && ...))
            : basic_estimator(std::move(config), std::move(optimizer), Hooks{}...)
        {
        }

        basic_estimator(basic_estimator const&) = delete;
        basic_estimator& operator=(basic_estimator const&) = delete;

        // ---- train ----------------------------------------------------------------------------

        /// @brief Trains for `bound.count` more steps (or until the input ends or a hook stops).
        template <class Input, class... CallHooks>
        train_result train(Input& input, steps bound, CallHooks&&... call_hooks)
        {
            if (bound.count < 0)
            {
                raise<config_error>("train(): a negative steps{}",
                                    [&] { return "train(): steps{" + std::to_string(bound.count) + "} is negative"; });
            }
            return train_impl(input, bound.count, false, false, call_hooks...);
        }

        /// @brief Trains until global_step reaches `bound.count`; reports (and logs) when it
        /// already has.
        template <class Input, class... CallHooks>
        train_result train(Input& input, max_steps bound, CallHooks&&... call_hooks)
        {
            if (bound.count < 0)
            {
                raise<config_error>("train(): a negative max_steps{}",
                                    [&] { return "train(): max_steps{" + std::to_string(bound.count) + "} is negative"; });
            }
            return train_impl(input, bound.count, true, bound.between_evaluations, call_hooks...);
        }

        /// @brief Trains until the input is exhausted (or a hook stops).
        template <class Input, class... CallHooks>
            requires(!(std::is_same_v<std::remove_cvref_t<CallHooks>, steps> || ...)
                     && !(std::is_same_v<std::remove_cvref_t<CallHooks>, max_steps> || ...))
        train_result train(Input& input, CallHooks&&... call_hooks)
        {
            return train_impl(input, std::numeric_limits<std::int64_t>::max(), true, false, call_hooks...);
        }

        // ---- evaluate -------------------------------------------------------------------------

        /// @brief The loss (mean over every example) and every metric of the spec in eval mode.
        template <class Input>
        eval_result evaluate(Input& input, eval_options const& options = {})
        {
            static_assert(Input::has_labels, "xestimator: evaluate() needs an input with labels: "
                                             "inputs::from_arrays<B>(features, labels).");
            if constexpr (!Input::has_labels)
            {
                return {};
            }
            else
            {
                check_finite_input(input, "evaluate()");
                eval_result const r = [&]
                {
                    if constexpr (Storage::has_model_dir)
                    {
                        if (options.checkpoint_path)
                        {
                            detail::box<Model> model{};
                            std::int64_t const step = m_session.load_params_into(*model, *options.checkpoint_path);
                            return detail::evaluate_model(*model, step, input, options.steps);
                        }
                    }
                    return detail::evaluate_model(*m_state.model, m_state.global_step, input, options.steps);
                }();
                m_session.after_evaluation(r, options);
                return r;
            }
        }

        template <class Input>
        eval_result evaluate(Input& input, steps bound)
        {
            eval_options options{};
            options.steps = bound.count;
            return evaluate(input, options);
        }

        // ---- predict --------------------------------------------------------------------------

        /// @brief Calls f(row) for every example of the input, in order, where row is a tensor
        /// of the per-example prediction shape, or a prediction_row of named predictions;
        /// padding rows are never passed. `predict<"key", ...>(...)` computes the named
        /// predictions of those keys only (TensorFlow's predict_keys).
        template <fixed_string... Keys, class Input, class F>
            requires(!std::is_convertible_v<F &&, checkpoint_ref>)
        void predict(Input& input, F&& f)
        {
            check_finite_input(input, "predict()");
            detail::predict_model<Keys...>(*m_state.model, input, f);
        }

        /// @brief As above with the params of a checkpoint (a file or a model directory).
        template <fixed_string... Keys, class Input, class F>
            requires(Storage::has_model_dir && !std::is_convertible_v<F &&, checkpoint_ref>)
        void predict(Input& input, F&& f, checkpoint_ref const& checkpoint)
        {
            check_finite_input(input, "predict()");
            if (!checkpoint)
            {
                detail::predict_model<Keys...>(*m_state.model, input, f);
                return;
            }
            detail::box<Model> model{};
            m_session.load_params_into(*model, *checkpoint);
            detail::predict_model<Keys...>(*model, input, f);
        }

        /// @brief One prediction per example of the input.
        template <fixed_string... Keys, class Input>
        auto predict(Input& input)
        {
            return collect_rows<Input, Keys...>(input, [&](auto&& add) { predict<Keys...>(input, add); });
        }

        /// @brief One prediction per example of the input, with the params of a checkpoint.
        template <fixed_string... Keys, class Input>
            requires Storage::has_model_dir
        auto predict(Input& input, checkpoint_ref const& checkpoint)
        {
            return collect_rows<Input, Keys...>(input, [&](auto&& add) { predict<Keys...>(input, add, checkpoint); });
        }

        // ---- state ----------------------------------------------------------------------------

        std::int64_t global_step() const noexcept { return m_state.global_step; }
        Model& model() noexcept { return *m_state.model; }
        Model const& model() const noexcept { return *m_state.model; }
        Optimizer const& optimizer() const noexcept { return m_optimizer; }
        config_type const& config() const noexcept { return m_config; }
        /// @brief Params, optimizer slots, global step, learning-rate scale and input position.
        state_type const& state() const noexcept { return m_state; }
        /// @brief The input position training continues from (saved in checkpoints).
        inputs::input_state input_state() const noexcept { return m_state.input; }

        /// @brief Names of every param, in declaration order.
        std::vector<std::string> get_variable_names() const { return detail::variable_names(*m_state.model); }

        /// @brief A param's current value by name (a copy, in double); unknown names throw
        /// name_error listing the names.
        xt::xarray<double> get_variable_value(std::string_view name) const
        {
            return detail::variable_value(*m_state.model, name);
        }

        /// @brief The newest checkpoint of model_dir, if any.
        auto latest_checkpoint() const
            requires Storage::has_model_dir
        {
            return m_session.latest_checkpoint();
        }

        /// @brief Writes a checkpoint of the current state now (model_dir must be set).
        auto save_checkpoint()
            requires Storage::has_model_dir
        {
            return m_session.save_checkpoint();
        }

    private:
        // The params initialised from the seed, before the storage may restore them.
        static state_type& initialized(state_type& s, config_type const& config, Optimizer const& optimizer)
        {
            optimizer.validate();
            for_each_model_param(*s.model, [&](auto& p) { p.initialize(config.random_seed); });
            return s;
        }

        // The rows predict_each(add) hands to `add`, one per example, in a vector.
        template <class Input, fixed_string... Keys, class PredictEach>
        static auto collect_rows(Input const& input, PredictEach&& predict_each)
        {
            std::vector<detail::prediction_row_t<Model, Input, Keys...>> rows;
            rows.reserve(input.num_examples());
            predict_each([&](auto const& r) { rows.push_back(r); });
            return rows;
        }

        // An input that repeats forever would make evaluate() never return and predict() grow
        // until memory runs out.
        template <class Input>
        static void check_finite_input(Input const& input, char const* call)
        {
            if (input.num_epochs() < 0)
            {
                raise<config_error>("evaluate() or predict() on an input that repeats forever",
                                    [&]
                                    {
                                        return std::string(call) + " on an input that repeats forever would never end: "
                                                                   "build it with num_epochs = 1 (the default) or a "
                                                                   "bounded number of epochs";
                                    });
            }
        }

        // Every param the loss reads must be a member of the model, or it could not be updated.
        template <class Program>
        static constexpr void check_graph_params()
        {
            if constexpr (!detail::members_fit<Model>())
            {
                return; // the model's params are not all found: with_members has said why
            }
            else
            {
                Program::for_each_param_type(
                    []<class P>(std::type_identity<P>)
                    {
                        static_assert(param_index<P, params_type>::value < std::tuple_size_v<params_type>,
                                      "xestimator: the model function reads a param that is not a member of the "
                                      "model (params must be data members, or members of layers, of the model type).");
                    });
            }
        }

        // `bound` is a step count (more steps) or, when `absolute`, the global step to reach.
        template <class Input, class... CallHooks>
        train_result train_impl(Input& input, std::int64_t bound, bool absolute, bool between_evaluations,
                                CallHooks&... call_hooks)
        {
            static_assert(Input::has_labels, "xestimator: train() needs an input with labels: "
                                             "inputs::from_arrays<B>(features, labels).");
            static_assert(hooks::check_hooks<std::remove_cvref_t<CallHooks>...>());
            if constexpr (!Input::has_labels)
            {
                return {};
            }
            else if constexpr (!detail::check_spec<typename detail::mode_graph<Model, Input, mode::train>::spec_type, mode::train>())
            {
                return {};
            }
            else
            {
                using graph_type = detail::train_graph<Model, Input>;
                check_graph_params<typename graph_type::program_type>();
                detail::check_class_ids_fit_loss<typename graph_type::spec_type::loss_type>(input);
                [[maybe_unused]] auto const lock = m_session.prepare_train();  // held for the whole call
                std::int64_t const start = m_state.global_step;
                if (absolute && start >= bound)
                {
                    m_session.report_already_at_max(start, bound);
                    return train_result{.global_step = start, .steps = 0, .reason = stop_reason::already_at_max};
                }
                // Saturates instead of overflowing: steps{INT64_MAX} means "no step bound".
                std::int64_t const last_step =
                    absolute ? bound : (bound > std::numeric_limits<std::int64_t>::max() - start ? std::numeric_limits<std::int64_t>::max() : start + bound);
                resume_input(input);
                auto [leading, trailing] = m_session.builtin_hooks(m_config);
                auto all_hooks = hooks::join(leading, m_hooks, std::tie(call_hooks...), trailing);
                return detail::with_graph<graph_type>(*m_state.model,
                                                      [&](graph_type& g)
                                                      {
                                                          g.program.set_random_seed(m_config.random_seed);
                                                          return detail::run_training(m_state, m_optimizer, g, input, all_hooks, last_step,
                                                                                      between_evaluations);
                                                      });
            }
        }

        // Training continues the input where the last train() (or the restored checkpoint) left
        // it, which makes a restart exact. An input that position does not fit (fewer examples,
        // or a finite input already used up) starts from the beginning, as TensorFlow's would.
        template <class Input>
        void resume_input(Input& input)
        {
            auto const s = m_state.input;
            bool const fits = s.position >= 0 && static_cast<std::size_t>(s.position) < input.num_examples() && s.epoch >= 0
                              && (input.num_epochs() < 0 || s.epoch < input.num_epochs());
            if (fits)
            {
                input.restore(s);
            }
            else
            {
                input.reset();
            }
        }

        config_type m_config;
        Optimizer m_optimizer;
        std::tuple<Hooks...> m_hooks;
        state_type m_state{};
        typename Storage::template session<state_type> m_session;
    };
}

#endif
