#ifndef XESTIMATOR_ESTIMATOR_EVALUATION_HPP
#define XESTIMATOR_ESTIMATOR_EVALUATION_HPP

/// @file
/// @brief evaluate() and predict() over a model, free of the estimator class and of any file:
/// the eval graph (the loss and every metric input), the metric accumulators, and the predict
/// graph that hands rows to a callback.
///
/// Over an input split between processes (a `distribute::shard`, recognised by its
/// `sum_over_shards` member, so that this header needs no MPI), each process evaluates or
/// predicts its own batches; evaluate() then sums its totals over the processes in one call, so
/// that every process reports the result of the whole input.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../core/error.hpp"
#include "../metrics/metric.hpp"
#include "class_id_check.hpp"
#include "graphs.hpp"
#include "results.hpp"
#include "training_state.hpp"

namespace xest::detail
{
    // Tensors the metric accumulators read, one per metric input (filled per batch).
    template <class In>
    using input_tensor_t = tensor<value_type_of_t<In>, shape_of_t<In>>;

    template <class Metrics>
    struct metric_values;
    template <class... M>
    struct metric_values<std::tuple<M...>>
    {
        template <class Inputs>
        struct tensors_of;
        template <class... In>
        struct tensors_of<std::tuple<In...>>
        {
            using type = std::tuple<input_tensor_t<In>...>;
        };
        using type = std::tuple<typename tensors_of<inputs_of_t<M>>::type...>;
    };
    template <class Metrics>
    using metric_values_t = typename metric_values<Metrics>::type;

    // Root index of the first input of metric M: 1 (the loss) plus the inputs before it.
    template <class Metrics, std::size_t M>
    constexpr std::size_t first_root()
    {
        return []<std::size_t... I>(std::index_sequence<I...>)
        {
            return std::size_t{1} + (std::size_t{0} + ... + std::tuple_size_v<inputs_of_t<std::tuple_element_t<I, Metrics>>>);
        }(std::make_index_sequence<M>{});
    }

    /// @brief An input split over processes, as `distribute::shard` is: `sum_over_shards(values)`
    /// replaces the values by their sum over every process (each process must call it).
    template <class Input>
    concept sharded_input = requires(Input& input, std::span<double> values) { input.sum_over_shards(values); };

    // The next batch to evaluate or predict: a shard's own batches of every group, a partial last
    // group included (training skips it); any other input's next batch.
    template <class Input, class Batch>
    bool next_to_infer(Input& input, Batch& batch)
    {
        if constexpr (requires { input.next_for_inference(batch); })
        {
            return input.next_for_inference(batch);
        }
        else
        {
            return input.next(batch);
        }
    }

    // True when every metric of a spec's tuple of named metrics can be summed over processes.
    template <class NamedMetrics>
    inline constexpr bool metrics_reducible_v = false;
    template <class... N>
    inline constexpr bool metrics_reducible_v<std::tuple<N...>> =
        (metrics::reducible_accumulator<typename decltype(std::declval<N&>().metric)::accumulator_type> && ...);

    // Calls f(double&) on every sum of every accumulator, in a fixed order.
    template <class Accumulators, class F>
    void visit_all_sums(Accumulators& accumulators, F&& f)
    {
        std::apply([&](auto&... a) { (a.visit_sums(f), ...); }, accumulators);
    }

    /// Sums the loss, the example count, the failure flag and every metric sum over the shards
    /// in one call (one buffer, allocated per evaluation, not per batch); returns how many
    /// processes failed.
    template <class Input, class Accumulators>
    double reduce_totals(Input& input, Accumulators& accumulators, double& loss_sum, std::int64_t& examples, bool failed)
    {
        std::vector<double> totals{loss_sum, static_cast<double>(examples), failed ? 1.0 : 0.0};
        std::size_t count = totals.size();
        visit_all_sums(accumulators, [&](double&) { ++count; });
        totals.reserve(count);
        visit_all_sums(accumulators, [&](double& v) { totals.push_back(v); });
        input.sum_over_shards(std::span<double>(totals));
        loss_sum = totals[0];
        examples = static_cast<std::int64_t>(totals[1]); // exact below 2^53 examples
        std::size_t i = 3;
        visit_all_sums(accumulators, [&](double& v) { v = totals[i++]; });
        return totals[2];
    }

    template <std::size_t M, class Graph, class Acc, class Values>
    void update_one_metric(Graph& g, Acc& accumulators, Values& values, std::size_t rows)
    {
        using metrics_type = decltype(g.spec.metrics);
        constexpr std::size_t first = first_root<metrics_type, M>();
        auto& tensors = std::get<M>(values);
        [&]<std::size_t... K>(std::index_sequence<K...>)
        {
            auto copy_root = [&]<std::size_t R>(std::integral_constant<std::size_t, R>, auto& t)
            {
                auto const* v = g.program.template value<R>();
                std::copy(v, v + t.size(), t.data());
            };
            (copy_root(std::integral_constant<std::size_t, first + K>{}, std::get<K>(tensors)), ...);
            std::get<M>(accumulators).update(rows, std::get<K>(tensors)...);
        }(std::make_index_sequence<std::tuple_size_v<std::remove_cvref_t<decltype(tensors)>>>{});
    }

    /// @brief The mean loss over every example and every metric of the spec in eval mode, for
    /// the params of `model` at `at_step`; at most `max_batches` batches when set. Evaluating
    /// no example is an error (there is no loss to report).
    ///
    /// Over a sharded input each process evaluates its batches (at most `max_batches` of them:
    /// that many groups of the whole input), then the totals are summed over the processes, and
    /// every process returns the same result; no example is an error only when no process had
    /// one. A process whose batch raises (a metric refusing a label) still joins the sum, so
    /// that the others do not wait forever; then it rethrows, and every other process raises an
    /// input_error saying how many processes failed.
    template <class Model, class Input>
    eval_result evaluate_model(Model const& model, std::int64_t at_step, Input& input, std::optional<std::int64_t> max_batches)
    {
        using spec_type = typename mode_graph<Model, Input, mode::eval>::spec_type;
        if constexpr (!check_spec<spec_type, mode::eval>())
        {
            return {};
        }
        else if constexpr (sharded_input<Input> && !metrics_reducible_v<decltype(std::declval<spec_type&>().metrics)>)
        {
            // Checked here, on the evaluate() call, before any graph is built: one message.
            static_assert(sharded_input<Input> && metrics_reducible_v<decltype(std::declval<spec_type&>().metrics)>,
                          "xestimator: evaluate() over a distribute::shard sums every metric's state over the ranks: "
                          "each metric accumulator needs template <class F> void visit_sums(F&& f) calling f(double&) "
                          "on each of its sums (docs/metrics.md, \"Protocol\"); or evaluate the whole input on every rank.");
            return {};
        }
        else
        {
            if (max_batches && *max_batches <= 0)
            {
                raise<config_error>("evaluate(): steps <= 0 evaluates nothing",
                                    [&]
                                    {
                                        return "evaluate(): steps = " + std::to_string(*max_batches) +
                                               " evaluates nothing; give at least one batch, or no bound for the whole input";
                                    });
            }
            check_class_ids_fit_loss<typename spec_type::loss_type>(input);
            return with_graph<eval_graph<Model, Input>>(
                model,
                [&](auto& g)
                {
                    auto accumulators = std::apply([](auto const&... m) { return std::make_tuple(m.metric.make_accumulator()...); },
                                                   g.spec.metrics);
                    using values_type = metric_values_t<decltype(g.spec.metrics)>;
                    box<values_type> values{};
                    double loss_sum = 0.0;
                    std::int64_t examples = 0;
                    auto const run_batches = [&]
                    {
                        input.reset();
                        std::int64_t batches = 0;
                        while ((!max_batches || batches < *max_batches) && next_to_infer(input, g.batch))
                        {
                            ++batches;
                            g.program.set_rows(g.batch.size);
                            g.program.forward_all();
                            loss_sum += double(*g.program.template value<0>()) * double(g.batch.size);
                            examples += static_cast<std::int64_t>(g.batch.size);
                            [&]<std::size_t... M>(std::index_sequence<M...>)
                            {
                                (update_one_metric<M>(g, accumulators, *values, g.batch.size), ...);
                            }(std::make_index_sequence<std::tuple_size_v<decltype(accumulators)>>{});
                        }
                    };
                    if constexpr (sharded_input<Input>)
                    {
                        bool failed = false;
#if XESTIMATOR_HAS_EXCEPTIONS
                        std::exception_ptr failure;
                        try
                        {
                            run_batches();
                        }
                        catch (...)
                        {
                            failure = std::current_exception();
                            failed = true;
                        }
#else
                        run_batches(); // a fault does not return here
#endif
                        double const failures = reduce_totals(input, accumulators, loss_sum, examples, failed);
#if XESTIMATOR_HAS_EXCEPTIONS
                        if (failure)
                        {
                            std::rethrow_exception(failure);
                        }
#endif
                        if (failures > 0.0)
                        {
                            raise<input_error>("evaluate(): another process failed on its shard of the input",
                                               [&]
                                               {
                                                   return "evaluate(): " + std::to_string(static_cast<long long>(failures)) +
                                                          " other process(es) failed on their shard of the input (each "
                                                          "reports its own error), so there is no result";
                                               });
                        }
                    }
                    else
                    {
                        run_batches();
                    }
                    if (examples == 0)
                    {
                        raise<input_error>("evaluate(): the input gave no example, so there is no loss or metric to report");
                    }
                    eval_result r;
                    r.global_step = at_step;
                    r.num_examples = examples;
                    r.loss = loss_sum / double(examples);
                    [&]<std::size_t... M>(std::index_sequence<M...>)
                    {
                        (r.metrics.emplace_back(std::string(std::get<M>(g.spec.metrics).name), std::get<M>(accumulators).result()),
                         ...);
                    }(std::make_index_sequence<std::tuple_size_v<decltype(accumulators)>>{});
                    return r;
                });
        }
    }
}


namespace xest::detail
{
    // One example's prediction; a placeholder type when the spec has no usable predictions
    // (predict() then stops at its static_assert, with no second error from here).
    template <class P>
    struct row_of
    {
        using type = tensor<float, shape<1>>;
    };
    template <expression P>
    struct row_of<P>
    {
        using type = tensor<value_type_of_t<P>, reduce_t<shape_of_t<P>, 0>>;
    };
    template <class... O>
    struct row_of<named_predictions<O...>> : named_row<named_predictions<O...>>
    {
    };
    // The roots predict<Keys...>() computes (naming them does not build the program).
    template <class Model, class Input, fixed_string... Keys>
    using predict_roots_t = predict_roots<typename mode_graph<Model, Input, mode::predict>::spec_type::predictions_type, Keys...>;
    template <class Model, class Input, fixed_string... Keys>
    using prediction_row_t = typename row_of<typename predict_roots_t<Model, Input, Keys...>::type>::type;

    // Copies example r of root I's values into the row.
    template <std::size_t I, class Program, class Field>
    void copy_row(Program const& program, std::size_t r, Field& field)
    {
        constexpr std::size_t per_row = shape_of_tensor_t<Field>::size;
        auto const* v = program.template value<I>();
        std::copy(v + r * per_row, v + (r + 1) * per_row, field.data());
    }

    /// @brief Calls f(row) for every example of the input, in order; padding rows are never
    /// passed. Of named predictions, only those of Keys are computed (all when Keys is empty).
    /// Over a sharded input, only the rows of this process's batches, in order (nothing is
    /// gathered: docs/distributed.md says how to restore the global order).
    template <fixed_string... Keys, class Model, class Input, class F>
    void predict_model(Model const& model, Input& input, F& f)
    {
        using spec_type = typename mode_graph<Model, Input, mode::predict>::spec_type;
        if constexpr (check_spec<spec_type, mode::predict>() && predict_roots_t<Model, Input, Keys...>::valid)
        {
            using graph_type = predict_graph<Model, Input, Keys...>;
            using row_type = prediction_row_t<Model, Input, Keys...>;
            with_graph<graph_type>(
                model,
                [&](auto& g)
                {
                    box<row_type> row{};
                    input.reset();
                    while (next_to_infer(input, g.batch))
                    {
                        g.program.set_rows(g.batch.size);
                        g.program.forward_all();
                        for (std::size_t r = 0; r < g.batch.size; ++r)
                        {
                            if constexpr (requires { row->fields; })
                            {
                                [&]<std::size_t... I>(std::index_sequence<I...>)
                                {
                                    (copy_row<I>(g.program, r, std::get<I>(row->fields)), ...);
                                }(std::make_index_sequence<std::tuple_size_v<decltype(row->fields)>>{});
                            }
                            else
                            {
                                copy_row<0>(g.program, r, *row);
                            }
                            f(static_cast<row_type const&>(*row));
                        }
                    }
                });
        }
    }
}

#endif
