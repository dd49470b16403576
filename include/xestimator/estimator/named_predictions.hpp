#ifndef XESTIMATOR_ESTIMATOR_NAMED_PREDICTIONS_HPP
#define XESTIMATOR_ESTIMATOR_NAMED_PREDICTIONS_HPP

/// @file
/// @brief Named predictions (TensorFlow's predictions dict): a model function returns
/// `spec(mode).predictions(xest::named<"class_ids">(ids), xest::named<"probabilities">(p))`;
/// predict() yields `prediction_row`s whose fields are reached by name, `row.get<"probabilities">()`,
/// and `est.predict<"class_ids">(input)` computes the keys asked for only (predict_keys): the
/// other outputs never enter the predict program. A key that does not exist is a compile-time
/// error naming the keys that do (as the template arguments of prediction_keys<...>).

#include <cstddef>
#include <tuple>
#include <type_traits>

#include "../core/fixed_string.hpp"
#include "../core/shape.hpp"
#include "../core/tensor.hpp"
#include "../expr/node.hpp"

namespace xest
{
    /// @brief One output of a model in predict mode, with its key.
    template <fixed_string Key, class E>
    struct named_output
    {
        static constexpr auto key = Key;
        using expr_type = E;
        E expr;
    };

    /// @brief `named<"key">(e)`: e as the prediction "key".
    template <fixed_string Key, operand E>
    auto named(E const& e)
    {
        return named_output<Key, detail::as_expr_t<E>>{detail::as_expr(e)};
    }

    /// @brief The outputs of spec(mode).predictions(named<...>(...), ...), in order.
    template <class... Outputs>
    struct named_predictions
    {
        std::tuple<Outputs...> outputs;
    };

    /// @brief A set of prediction keys; in an error, its template arguments are the keys there are.
    template <fixed_string... Keys>
    struct prediction_keys
    {
    };

    namespace detail
    {
        template <class T>
        inline constexpr bool is_named_output_v = false;
        template <fixed_string Key, class E>
        inline constexpr bool is_named_output_v<named_output<Key, E>> = true;

        template <class P>
        inline constexpr bool is_named_predictions_v = false;
        template <class... O>
        inline constexpr bool is_named_predictions_v<named_predictions<O...>> = true;

        template <fixed_string... Keys>
        consteval bool distinct_keys()
        {
            std::string_view const k[] = {Keys.view()..., {}};
            for (std::size_t i = 0; i < sizeof...(Keys); ++i)
            {
                for (std::size_t j = i + 1; j < sizeof...(Keys); ++j)
                {
                    if (k[i] == k[j])
                    {
                        return false;
                    }
                }
            }
            return true;
        }

        /// @brief The position of Key among Keys, or sizeof...(Keys).
        template <fixed_string Key, fixed_string... Keys>
        consteval std::size_t key_index()
        {
            std::string_view const k[] = {Keys.view()..., {}};
            for (std::size_t i = 0; i < sizeof...(Keys); ++i)
            {
                if (k[i] == Key.view())
                {
                    return i;
                }
            }
            return sizeof...(Keys);
        }

        /// @brief True when Key is one of Known; else the one error, naming the keys there are.
        /// (A function, not a class: clang treats a class whose static_assert failed as
        /// incomplete, which would add a second error.)
        template <fixed_string Key, fixed_string... Known>
        consteval bool check_prediction_key(prediction_keys<Known...>)
        {
            constexpr bool known = key_index<Key, Known...>() < sizeof...(Known);
            static_assert(known, "xestimator: unknown prediction key: the model's keys are the template arguments of "
                                 "prediction_keys<...>.");
            return known;
        }

        /// @brief The outputs of P chosen by Keys, in the order of Keys (all of them when Keys
        /// is empty).
        template <class P, fixed_string... Keys>
        struct select_outputs;
        template <fixed_string... K, class... E>
        struct select_outputs<named_predictions<named_output<K, E>...>>
        {
            using type = named_predictions<named_output<K, E>...>;
            static constexpr bool valid = true;
            static type const& from(type const& p) noexcept { return p; }
        };
        template <fixed_string... K, class... E, fixed_string First, fixed_string... Rest>
        struct select_outputs<named_predictions<named_output<K, E>...>, First, Rest...>
        {
            using all_type = named_predictions<named_output<K, E>...>;
            static constexpr bool valid = (check_prediction_key<First>(prediction_keys<K...>{}) && ... &&
                                           check_prediction_key<Rest>(prediction_keys<K...>{}));
            template <fixed_string Key>
            using output_t = std::tuple_element_t<(valid ? key_index<Key, K...>() : 0), std::tuple<named_output<K, E>...>>;
            using type = named_predictions<output_t<First>, output_t<Rest>...>;
            static type from(all_type const& p)
            {
                return type{{std::get<(valid ? key_index<First, K...>() : 0)>(p.outputs),
                             std::get<(valid ? key_index<Rest, K...>() : 0)>(p.outputs)...}};
            }
        };
        /// @brief Keys asked of predictions that have no names: the one error.
        template <class P>
        consteval bool keys_need_names()
        {
            static_assert(is_named_predictions_v<P>, "xestimator: predict<Keys...>() selects named predictions: return "
                                                     "spec(mode).predictions(xest::named<\"key\">(expr), ...) from the model function.");
            return is_named_predictions_v<P>;
        }

        // One example's value of an output of shape <B, ...>: the shape without the batch axis.
        template <class E>
        using output_row_t = tensor<value_type_of_t<E>, reduce_t<shape_of_t<E>, 0>>;
    }

    /// @brief One example's named predictions: `row.get<"key">()` is that output's row (a
    /// tensor without the batch axis; a number when the output has one value per example).
    template <class Keys, class... Rows>
    struct prediction_row;
    template <fixed_string... Keys, class... Rows>
    struct prediction_row<prediction_keys<Keys...>, Rows...>
    {
        std::tuple<Rows...> fields;

        template <fixed_string Key>
        decltype(auto) get() const
        {
            constexpr bool known = detail::check_prediction_key<Key>(prediction_keys<Keys...>{});
            auto const& field = std::get<(known ? detail::key_index<Key, Keys...>() : 0)>(fields);
            using field_type = std::remove_cvref_t<decltype(field)>;
            if constexpr (shape_of_tensor_t<field_type>::size == 1)
            {
                return field.data()[0];
            }
            else
            {
                return (field);
            }
        }
    };

    namespace detail
    {
        template <class P>
        struct named_row;
        template <fixed_string... K, class... E>
        struct named_row<named_predictions<named_output<K, E>...>>
        {
            using type = prediction_row<prediction_keys<K...>, output_row_t<E>...>;
        };
    }
}

#endif
