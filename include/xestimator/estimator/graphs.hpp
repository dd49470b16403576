#ifndef XESTIMATOR_ESTIMATOR_GRAPHS_HPP
#define XESTIMATOR_ESTIMATOR_GRAPHS_HPP

/// @file
/// @brief The per-mode graphs the estimator builds from a model function: a batch buffer, the
/// placeholders that read it, the spec the model returned, and the compiled program.
/// Each is allocated once per train/evaluate/predict call (never per step): its size follows
/// from the static shapes and can exceed what a stack should hold.

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include "../core/tensor.hpp"
#include "../expr/node.hpp"
#include "../expr/program.hpp"
#include "modes.hpp"
#include "spec.hpp"

namespace xest::detail
{
    template <class Batch>
    using features_leaf_t = expr::data_leaf<expr::features_tag, typename Batch::value_type,
                                            shape_of_tensor_t<typename Batch::features_type>>;

    template <class Batch>
    struct labels_leaf
    {
        using type = expr::data_leaf<expr::labels_tag, typename Batch::label_type,
                                     shape_of_tensor_t<typename Batch::labels_type>>;
    };

    template <class Spec>
    inline constexpr bool has_loss_v = !std::is_same_v<typename Spec::loss_type, not_set>;

    template <class Spec>
    inline constexpr bool has_predictions_v = !std::is_same_v<typename Spec::predictions_type, not_set>;

    // True when the predictions are an X, or named ones of which one is.
    template <class P, class X>
    inline constexpr bool any_output_is_v = std::is_same_v<P, X>;
    template <fixed_string... K, class... E, class X>
    inline constexpr bool any_output_is_v<named_predictions<named_output<K, E>...>, X> = (std::is_same_v<E, X> || ...);

    // Checks a model function's spec for one mode; true when the graph can be built.
    template <class Spec, class Mode>
    consteval bool check_spec()
    {
        using L = typename Spec::loss_type;
        using P = typename Spec::predictions_type;
        if constexpr (std::is_same_v<L, ill_formed> || std::is_same_v<P, ill_formed>)
        {
            return false;  // a shape error was already reported where the expression was formed
        }
        else if constexpr (std::is_same_v<Mode, mode::predict>)
        {
            static_assert(has_predictions_v<Spec>,
                          "xestimator: predict() needs predictions: return xest::spec(mode).predictions(expr) from "
                          "the model function in predict mode.");
            constexpr bool label_free = !any_output_is_v<P, no_labels>;
            static_assert(label_free,
                          "xestimator: the predictions depend on labels, which predict mode does not have: compute "
                          "predictions from features and params only.");
            return has_predictions_v<Spec> && label_free && !any_output_is_v<P, ill_formed>;
        }
        else
        {
            static_assert(has_loss_v<Spec>, "xestimator: train() and evaluate() need a loss: return "
                                            "xest::spec(mode).loss(expr) from the model function.");
            if constexpr (has_loss_v<Spec>)
            {
                constexpr bool scalar = shape_of_t<L>::size == 1;
                static_assert(scalar, "xestimator: the loss must be a scalar: reduce it with xest::mean(...) or "
                                      "use a loss from xest::losses.");
                return scalar;
            }
            else
            {
                return false;
            }
        }
    }

    template <class Spec, class Summaries = decltype(Spec::summaries)>
    struct train_program;
    template <class Spec, class... S>
    struct train_program<Spec, std::tuple<S...>>
    {
        using type = expr::program<true, typename Spec::loss_type, decltype(S::expr)...>;
        static type make(Spec const& spec)
        {
            return std::apply([&](auto const&... s) { return type(spec.loss_expr, s.expr...); }, spec.summaries);
        }
    };

    template <class M>
    using inputs_of_t = decltype(std::declval<M const&>().metric.inputs);

    template <class Spec, class Metrics = decltype(Spec::metrics)>
    struct eval_program;
    template <class Spec, class... M>
    struct eval_program<Spec, std::tuple<M...>>
    {
        // Roots: the loss, then every metric's inputs in order.
        template <class... In>
        struct with;
        template <class... In>
        struct with<std::tuple<In...>>
        {
            using type = expr::program<false, typename Spec::loss_type, In...>;
        };
        using all_inputs = decltype(std::tuple_cat(std::declval<inputs_of_t<M>>()...));
        using type = typename with<all_inputs>::type;

        static type make(Spec const& spec)
        {
            return std::apply(
                [&](auto const&... m)
                {
                    auto refs = std::tuple_cat(std::apply([](auto const&... in) { return std::tie(in...); }, m.metric.inputs)...);
                    return std::apply([&](auto const&... in) { return type(spec.loss_expr, in...); }, refs);
                },
                spec.metrics);
        }
    };

    /// @brief Batch, placeholders, spec and program for one mode; built in place, never moved.
    template <class Model, class Input, class Mode>
    struct mode_graph
    {
        using batch_type = typename Input::batch_type;
        using features_type = features_leaf_t<batch_type>;
        using labels_type = typename std::conditional_t<std::is_same_v<Mode, mode::predict>, std::type_identity<no_labels>,
                                                        labels_leaf<batch_type>>::type;
        using spec_type = decltype(std::declval<Model const&>()(std::declval<features_type const&>(),
                                                                std::declval<labels_type const&>(), Mode{}));

        batch_type batch{};
        features_type features{batch.features.data()};
        labels_type labels = make_labels();
        spec_type spec;

        explicit mode_graph(Model const& model)
            : spec(model(features, labels, Mode{}))
        {
        }

        mode_graph(mode_graph const&) = delete;
        mode_graph& operator=(mode_graph const&) = delete;

    private:
        labels_type make_labels() noexcept
        {
            if constexpr (std::is_same_v<Mode, mode::predict>)
            {
                return {};
            }
            else
            {
                return labels_type{batch.labels.data()};
            }
        }
    };

    /// @brief The training graph: loss and summaries, with gradients.
    template <class Model, class Input>
    struct train_graph : mode_graph<Model, Input, mode::train>
    {
        using base = mode_graph<Model, Input, mode::train>;
        using program_type = typename train_program<typename base::spec_type>::type;
        program_type program;

        explicit train_graph(Model const& model)
            : base(model)
            , program(train_program<typename base::spec_type>::make(this->spec))
        {
        }
    };

    /// @brief The evaluation graph: loss and metric inputs, values only.
    template <class Model, class Input>
    struct eval_graph : mode_graph<Model, Input, mode::eval>
    {
        using base = mode_graph<Model, Input, mode::eval>;
        using program_type = typename eval_program<typename base::spec_type>::type;
        program_type program;

        explicit eval_graph(Model const& model)
            : base(model)
            , program(eval_program<typename base::spec_type>::make(this->spec))
        {
        }
    };

    /// @brief The roots of the predict program: the predictions, or the named outputs chosen
    /// by Keys (all when Keys is empty).
    template <class P, fixed_string... Keys>
    struct predict_roots
    {
        using type = P;  // a single expression
        static constexpr bool valid = []
        {
            if constexpr (sizeof...(Keys) == 0)
            {
                return true;
            }
            else
            {
                return keys_need_names<P>();
            }
        }();
        using program_type = expr::program<false, P>;
        static type const& from(P const& p) noexcept { return p; }
        static program_type make(type const& roots) { return program_type(roots); }
    };
    template <class... O, fixed_string... Keys>
    struct predict_roots<named_predictions<O...>, Keys...>
    {
        using select = select_outputs<named_predictions<O...>, Keys...>;
        using type = typename select::type;
        static constexpr bool valid = select::valid;
        template <class T>
        struct program_of;
        template <class... Chosen>
        struct program_of<named_predictions<Chosen...>>
        {
            using type = expr::program<false, typename Chosen::expr_type...>;
        };
        using program_type = typename program_of<type>::type;
        static type from(named_predictions<O...> const& p) { return select::from(p); }
        static program_type make(type const& roots)
        {
            return std::apply([](auto const&... o) { return program_type(o.expr...); }, roots.outputs);
        }
    };

    /// @brief The prediction graph: the predictions only (of named ones, those of Keys).
    template <class Model, class Input, fixed_string... Keys>
    struct predict_graph : mode_graph<Model, Input, mode::predict>
    {
        using base = mode_graph<Model, Input, mode::predict>;
        using roots_type = predict_roots<typename base::spec_type::predictions_type, Keys...>;
        using program_type = typename roots_type::program_type;
        // The program points at its roots: the chosen outputs live here, beside it.
        typename roots_type::type roots;
        program_type program;

        explicit predict_graph(Model const& model)
            : base(model)
            , roots(roots_type::from(this->spec.predictions_expr))
            , program(roots_type::make(roots))
        {
        }
    };
}

#endif
