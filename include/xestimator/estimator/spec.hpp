#ifndef XESTIMATOR_ESTIMATOR_SPEC_HPP
#define XESTIMATOR_ESTIMATOR_SPEC_HPP

/// @file
/// @brief `xest::spec(mode)`: what a model function returns (tf.estimator.EstimatorSpec).
///
/// The builder's members are plain functions taking names as strings, so a templated model
/// function never needs `.template`. Each mode keeps only what it uses: predict drops the loss,
/// metrics and summaries; train drops metrics; eval drops summaries. What is dropped is never
/// compiled into a graph, so a loss over `no_labels` in predict mode costs nothing.

#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "../expr/node.hpp"
#include "named_predictions.hpp"
#include "modes.hpp"

namespace xest
{
    /// @brief Marks a spec member that was not given.
    struct not_set
    {
    };

    /// @brief A summary of the spec: a scalar (`.summary`) or the distribution of a tensor's
    /// values (`.histogram`); the kind decides how the summary saver writes it.
    template <class E, bool Histogram = false>
    struct named_summary
    {
        static constexpr bool histogram = Histogram;
        std::string_view tag;
        E expr;
    };

    template <class M>
    struct named_metric
    {
        std::string_view name;
        M metric;
    };

    /// @brief A model function's result for one mode. Names (tags, metric names) are kept as
    /// string_views: pass string literals or strings that outlive the estimator call.
    template <class Mode, class Loss = not_set, class Predictions = not_set, class Metrics = std::tuple<>,
              class Summaries = std::tuple<>>
    struct model_spec
    {
        using mode_type = Mode;
        using loss_type = Loss;
        using predictions_type = Predictions;

        Loss loss_expr;
        Predictions predictions_expr;
        Metrics metrics;
        Summaries summaries;

        /// @brief The scalar to minimise (train) and report (eval). Ignored in predict mode.
        template <class E>
        auto loss(E const& e) const
        {
            if constexpr (std::is_same_v<Mode, mode::predict>)
            {
                return *this;
            }
            else
            {
                using L = detail::as_expr_t<E>;
                return model_spec<Mode, L, Predictions, Metrics, Summaries>{detail::as_expr(e), predictions_expr, metrics,
                                                                            summaries};
            }
        }

        /// @brief What predict() yields per example (rows of this expression).
        template <class E>
            requires(!detail::is_named_output_v<E>)
        auto predictions(E const& e) const
        {
            using P = detail::as_expr_t<E>;
            return model_spec<Mode, Loss, P, Metrics, Summaries>{loss_expr, detail::as_expr(e), metrics, summaries};
        }

        /// @brief Named predictions (TensorFlow's predictions dict): predict() yields
        /// prediction_rows, `row.get<"key">()`; see named_predictions.hpp.
        template <fixed_string... K, class... E>
        auto predictions(named_output<K, E> const&... outputs) const
        {
            static_assert(detail::distinct_keys<K...>(), "xestimator: two predictions have the same key.");
            using P = named_predictions<named_output<K, E>...>;
            return model_spec<Mode, Loss, P, Metrics, Summaries>{loss_expr, P{{outputs...}}, metrics, summaries};
        }

        /// @brief A named streaming metric reported by evaluate(). Kept in eval mode only.
        template <class M>
        auto eval_metric(std::string_view name, M const& m) const
        {
            if constexpr (!std::is_same_v<Mode, mode::eval>)
            {
                (void)name;
                return *this;
            }
            else
            {
                auto more = std::tuple_cat(metrics, std::tuple<named_metric<M>>{named_metric<M>{name, m}});
                return model_spec<Mode, Loss, Predictions, decltype(more), Summaries>{loss_expr, predictions_expr, more,
                                                                                      summaries};
            }
        }

        /// @brief A scalar written to TensorBoard every save_summary_steps. Kept in train mode only.
        template <class E>
        auto summary(std::string_view tag, E const& e) const
        {
            return with_summary<false>(tag, e);
        }

        /// @brief The distribution of x's values (TensorBoard's Histograms and Distributions
        /// dashboards), written every save_summary_steps. Kept in train mode only.
        template <class E>
        auto histogram(std::string_view tag, E const& e) const
        {
            return with_summary<true>(tag, e);
        }

    private:
        template <bool Histogram, class E>
        auto with_summary(std::string_view tag, E const& e) const
        {
            if constexpr (!std::is_same_v<Mode, mode::train>)
            {
                (void)tag;
                return *this;
            }
            else
            {
                using S = named_summary<detail::as_expr_t<E>, Histogram>;
                auto more = std::tuple_cat(summaries, std::tuple<S>{S{tag, detail::as_expr(e)}});
                return model_spec<Mode, Loss, Predictions, Metrics, decltype(more)>{loss_expr, predictions_expr, metrics,
                                                                                   more};
            }
        }
    };

    namespace detail
    {
        // What spec(x) returns for an x that is not a mode, after its message: every builder
        // member accepts its arguments, so the model function adds no error of its own.
        struct invalid_spec
        {
            template <class... A>
            constexpr invalid_spec loss(A const&...) const noexcept { return {}; }
            template <class... A>
            constexpr invalid_spec predictions(A const&...) const noexcept { return {}; }
            template <class... A>
            constexpr invalid_spec eval_metric(A const&...) const noexcept { return {}; }
            template <class... A>
            constexpr invalid_spec summary(A const&...) const noexcept { return {}; }
            template <class... A>
            constexpr invalid_spec histogram(A const&...) const noexcept { return {}; }
        };
    }

    /// @brief Starts a spec for the given mode: `return xest::spec(mode).loss(l).predictions(y);`
    template <class Mode>
    constexpr auto spec(Mode) noexcept
    {
        static_assert(mode::is_mode_v<Mode>, "xest::spec takes xest::mode::train{}, eval{} or predict{}.");
        if constexpr (mode::is_mode_v<Mode>)
        {
            return model_spec<Mode>{};
        }
        else
        {
            return detail::invalid_spec{};
        }
    }
}

#endif
