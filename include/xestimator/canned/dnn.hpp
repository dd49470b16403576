#ifndef XESTIMATOR_CANNED_DNN_HPP
#define XESTIMATOR_CANNED_DNN_HPP

/// @file
/// @brief `canned::dnn_regressor<Columns, hidden<...>>` and
/// `canned::dnn_classifier<Columns, hidden<...>, Classes>` (tf.estimator.DNNRegressor /
/// DNNClassifier): fully connected hidden layers (Glorot-uniform kernels, zero biases, ReLU by
/// default) and a linear logits layer.

#include <cstddef>
#include <tuple>
#include <utility>

#include "../core/fixed_string.hpp"
#include "../estimator/model_directory.hpp"
#include "../nn/activations.hpp"
#include "../nn/dense.hpp"
#include "../optim/adagrad.hpp"
#include "canned_estimator.hpp"
#include "heads.hpp"

namespace xest::canned
{
    namespace detail
    {
        template <std::size_t I, std::size_t... V>
        consteval std::size_t nth()
        {
            constexpr std::size_t v[] = {V...};
            return v[I];
        }
    }

    /// @brief The widths of the hidden layers, first to last (TensorFlow's `hidden_units`).
    template <std::size_t... Units>
    struct hidden
    {
        static constexpr bool well_formed = sizeof...(Units) > 0 && ((Units > 0) && ...);

        /// @brief True when the widths make a DNN; a compile-time error (reported once, here, when
        /// a dnn_tower is built) when they do not. The checks live in a function, not in the class,
        /// so that a wrong hidden<...> stays a usable type and the message is the only error.
        static consteval bool check()
        {
            static_assert(sizeof...(Units) > 0, "xest::canned: hidden<...> needs at least one layer width, e.g. hidden<16, 16>.");
            static_assert(((Units > 0) && ...), "xest::canned: every hidden layer needs a width of at least 1.");
            return well_formed;
        }

        // After a failed check, the layers read as one layer of width 1, so that the model built
        // from them stays well formed.
        static constexpr std::size_t count = well_formed ? sizeof...(Units) : 1;
        /// @brief The width of hidden layer I.
        template <std::size_t I>
        static consteval std::size_t width()
        {
            if constexpr (well_formed)
            {
                return detail::nth<I, Units...>();
            }
            else
            {
                return 1;
            }
        }
    };

    namespace detail
    {
        // "Scope/hiddenlayer_I", TensorFlow's name for hidden layer I.
        template <std::size_t I>
        consteval std::size_t decimal_digits()
        {
            std::size_t n = 1;
            for (std::size_t v = I; v >= 10; v /= 10)
            {
                ++n;
            }
            return n;
        }

        template <std::size_t I>
        consteval auto hidden_layer_leaf()
        {
            constexpr char prefix[] = "hiddenlayer_";
            char name[sizeof(prefix) + decimal_digits<I>()]{};
            std::size_t i = 0;
            for (; prefix[i] != '\0'; ++i)
            {
                name[i] = prefix[i];
            }
            std::size_t v = I;
            for (std::size_t d = decimal_digits<I>(); d-- > 0; v /= 10)
            {
                name[i + d] = static_cast<char>('0' + v % 10);
            }
            return fixed_string<sizeof(name)>(name);
        }

        template <fixed_string Scope, std::size_t I>
        consteval auto hidden_layer_name()
        {
            return scoped_name<Scope, hidden_layer_leaf<I>()>();
        }

        template <std::size_t In, class Hidden, class Activation, fixed_string Scope, class Indices>
        struct hidden_layers;
        template <std::size_t In, class Hidden, class Activation, fixed_string Scope, std::size_t... I>
        struct hidden_layers<In, Hidden, Activation, Scope, std::index_sequence<I...>>
        {
            template <std::size_t J>
            static consteval std::size_t input_width()
            {
                if constexpr (J == 0)
                {
                    return In;
                }
                else
                {
                    return Hidden::template width<J - 1>();
                }
            }
            using type = std::tuple<nn::dense<input_width<I>(), Hidden::template width<I>(), Activation,
                                              hidden_layer_name<Scope, I>()>...>;
        };
    }

    /// @brief The hidden layers of a DNN: `Scope/hiddenlayer_0`, `Scope/hiddenlayer_1`, ...
    /// (each `kernel` and `bias`, as nn::dense), `In` inputs, widths from `Hidden`.
    template <std::size_t In, class Hidden, class Activation = nn::relu, fixed_string Scope = "dnn">
    struct dnn_tower
    {
        // Hidden::check() reports a wrong hidden<...> here; its count is then 1.
        using layers_type = typename detail::hidden_layers<In, Hidden, Activation, Scope,
                                                           std::make_index_sequence<Hidden::check() ? Hidden::count : 1>>::type;
        using param_types = decltype(std::apply([](auto const&... l)
                                                { return std::tuple_cat(typename std::remove_cvref_t<decltype(l)>::param_types{}...); },
                                                std::declval<layers_type>()));
        static constexpr std::size_t output_width = Hidden::template width<Hidden::count - 1>();

        layers_type layers;

        template <class X>
        auto operator()(X const& x) const
        {
            return apply<0>(x);
        }

        template <class F>
        void visit_params(F&& f)
        {
            std::apply([&](auto&... l) { (l.visit_params(f), ...); }, layers);
        }
        template <class F>
        void visit_params(F&& f) const
        {
            std::apply([&](auto const&... l) { (l.visit_params(f), ...); }, layers);
        }

    private:
        template <std::size_t I, class X>
        auto apply(X const& x) const
        {
            if constexpr (I == Hidden::count)
            {
                return x;
            }
            else
            {
                return apply<I + 1>(std::get<I>(layers)(x));
            }
        }
    };

    /// @brief Hidden layers, then a linear layer `Scope/logits` of `Outputs` units.
    template <std::size_t Columns, class Hidden, std::size_t Outputs, class Activation, fixed_string Scope = "dnn">
    struct dnn_logits
    {
        dnn_tower<Columns, Hidden, Activation, Scope> tower;
        nn::dense<dnn_tower<Columns, Hidden, Activation, Scope>::output_width, Outputs, nn::linear,
                  scoped_name<Scope, "logits">()>
            logits;

        template <class X>
        auto operator()(X const& x) const
        {
            return logits(tower(x));
        }
    };

    /// @brief TensorFlow's DNN default: Adagrad, learning rate 0.05.
    inline optim::adagrad dnn_default_optimizer() { return {.learning_rate = 0.05f}; }

    /// @brief The model of dnn_regressor.
    template <std::size_t Columns, class Hidden, std::size_t LabelDimension = 1, class Activation = nn::relu>
    struct dnn_regressor_model
    {
        using default_optimizer_type = optim::adagrad;
        using head_type = regression_head;
        static optim::adagrad default_optimizer() { return dnn_default_optimizer(); }

        dnn_logits<Columns, Hidden, LabelDimension, Activation> dnn;

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            return head_type::spec(mode, labels, dnn(features));
        }
    };

    /// @brief The model of dnn_classifier: a sigmoid head for 2 classes, softmax above.
    template <std::size_t Columns, class Hidden, std::size_t Classes = 2, class Activation = nn::relu>
    struct dnn_classifier_model
    {
        using default_optimizer_type = optim::adagrad;
        using head_type = classification_head_t<Classes>;
        static optim::adagrad default_optimizer() { return dnn_default_optimizer(); }

        dnn_logits<Columns, Hidden, logits_dimension_v<Classes>, Activation> dnn;

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            return head_type::spec(mode, labels, dnn(features));
        }
    };

    /// @brief tf.estimator.DNNRegressor over `Columns` numeric features.
    template <std::size_t Columns, class Hidden, std::size_t LabelDimension = 1, class Optimizer = optim::adagrad,
              class Activation = nn::relu, class... Hooks>
    class dnn_regressor : public basic_canned_estimator<dnn_regressor_model<Columns, Hidden, LabelDimension, Activation>,
                                                        Optimizer, model_directory, Hooks...>
    {
    public:
        using basic_canned_estimator<dnn_regressor_model<Columns, Hidden, LabelDimension, Activation>, Optimizer,
                                     model_directory, Hooks...>::basic_canned_estimator;
    };

    /// @brief tf.estimator.DNNClassifier over `Columns` numeric features and `Classes` classes.
    template <std::size_t Columns, class Hidden, std::size_t Classes = 2, class Optimizer = optim::adagrad,
              class Activation = nn::relu, class... Hooks>
    class dnn_classifier : public basic_canned_estimator<dnn_classifier_model<Columns, Hidden, Classes, Activation>,
                                                         Optimizer, model_directory, Hooks...>
    {
    public:
        using basic_canned_estimator<dnn_classifier_model<Columns, Hidden, Classes, Activation>, Optimizer,
                                     model_directory, Hooks...>::basic_canned_estimator;
    };
}

#endif
