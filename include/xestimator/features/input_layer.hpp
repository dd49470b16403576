#ifndef XESTIMATOR_FEATURES_INPUT_LAYER_HPP
#define XESTIMATOR_FEATURES_INPUT_LAYER_HPP

/// @file
/// @brief `features::input_layer<Columns...>`: the feature columns of columns.hpp side by side
/// (tf.compat.v1.feature_column.input_layer, Keras' DenseFeatures), and `features::adapt`,
/// which sets the statistics of the standardized numeric columns from training data.
///
///     struct model {
///         xest::features::input_layer<
///             features::numeric<"bill", 0, 4, features::standardize>,
///             features::indicator<species>, features::embedding<island, 2>> input;
///         xest::nn::dense<decltype(input)::width, 3> out;
///         auto operator()(auto const& x, auto const& y, auto mode) const { ... out(input(x)) ... }
///     };
///     xest::features::adapt(est.model().input, train_input);   // before the first train()

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <tuple>
#include <utility>

#include "../core/error.hpp"
#include "../core/meta.hpp"
#include "../core/shape.hpp"
#include "../estimator/model_params.hpp"
#include "../expr/ops_concat.hpp"
#include "../inputs/containers.hpp"
#include "columns.hpp"

namespace xest::features
{
    namespace detail
    {
        // concat takes at most four operands: nest for more.
        template <class A, class B, class C, class... Rest>
        auto concat_three_and_rest(A const& a, B const& b, C const& c, Rest const&... rest);

        template <class A, class... Rest>
        auto concat_all(A const& a, Rest const&... rest)
        {
            if constexpr (sizeof...(Rest) == 0)
            {
                return a;
            }
            else if constexpr (sizeof...(Rest) <= 3)
            {
                return concat(a, rest...);
            }
            else
            {
                return concat_three_and_rest(a, rest...);
            }
        }

        template <class A, class B, class C, class... Rest>
        auto concat_three_and_rest(A const& a, B const& b, C const& c, Rest const&... rest)
        {
            return concat(a, b, c, concat_all(rest...));
        }

        template <class C>
        inline constexpr bool is_standardized = false;
        template <fixed_string Name, std::size_t Column, std::size_t Width, class T>
        inline constexpr bool is_standardized<numeric<Name, Column, Width, standardize, T>> = true;
    }

    /// @brief The columns' dense outputs side by side, in the order given: <B, width>.
    template <class... Columns>
    struct input_layer
    {
        static_assert(sizeof...(Columns) > 0, "xest::features: input_layer<Columns...> needs at least one column.");
        static constexpr std::size_t width = (Columns::width + ...);
        /// One past the last column of the feature row that a column reads.
        static constexpr std::size_t columns_read = std::max({Columns::last_column...});
        using param_types = meta::concat_t<std::tuple<>, typename Columns::param_types...>;

        std::tuple<Columns...> columns{};

        /// @brief x <B, W> -> <B, width>; every column must lie inside the W features.
        template <class X>
        auto operator()(X const& x) const
        {
            if constexpr (xest::detail::any_absorbing_v<X>)
            {
                return xest::detail::absorb<X>();
            }
            else
            {
                using S = shape_of_t<xest::detail::as_expr_t<X>>;
                constexpr bool ok = S::rank == 2 && S::dims[S::rank - 1] >= columns_read;
                // The columns name places in the feature row by index: one past the input's
                // width means a wrong index or a feature the input does not have.
                static_assert(ok, "xest::features: a feature column reads past the input's features: the input_layer "
                                  "needs a <batch, W> input with W greater than every column index it reads.");
                if constexpr (ok)
                {
                    return std::apply([&](auto const&... c) { return detail::concat_all(c(x)...); }, columns);
                }
                else
                {
                    return xest::detail::ill_formed{};
                }
            }
        }

        template <class F>
        void visit_params(F&& f)
        {
            std::apply([&](auto&... c) { (c.visit_params(f), ...); }, columns);
        }
        template <class F>
        void visit_params(F&& f) const
        {
            std::apply([&](auto const&... c) { (c.visit_params(f), ...); }, columns);
        }

        /// @brief The column of type C.
        template <class C>
        C& get() noexcept
        {
            return std::get<C>(columns);
        }
    };

    /// @brief Sets the mean and variance of every standardized numeric column from the rows of
    /// `data` (a feature container as the inputs read: xt::xtensor, std::vector, arrays; or an
    /// input, whose features() are used). Population variance, in double, as Keras' adapt().
    /// Call it on the training rows only, before the first train(): the statistics are then
    /// saved in every checkpoint, and a train() that resumes restores them.
    template <class... Columns, class Data>
    void adapt(input_layer<Columns...>& layer, Data const& data)
    {
        if constexpr (requires { data.features(); })
        {
            adapt(layer, data.features());
        }
        else
        {
            using traits = inputs::detail::container_traits<Data>;
            static_assert(traits::supported, "xest::features::adapt reads a feature container (xt::xtensor, std::vector, "
                                             "std::array, T[N][C]) or an input.");
            std::size_t const rows = traits::rows(data);
            std::size_t const cols = traits::cols(data);
            if (rows == 0)
            {
                raise<input_error>("xest::features::adapt: the data has no rows: there is no mean or variance to set");
            }
            if (cols < input_layer<Columns...>::columns_read)
            {
                raise<input_error>("xest::features::adapt: the data has fewer columns than the input_layer reads",
                                   [&]
                                   {
                                       return "xest::features::adapt: the data has " + std::to_string(cols) +
                                              " columns; the input_layer reads " +
                                              std::to_string(input_layer<Columns...>::columns_read);
                                   });
            }
            auto one = [&]<class C>(C& column)
            {
                if constexpr (detail::is_standardized<C>)
                {
                    for (std::size_t j = 0; j < C::width; ++j)
                    {
                        double sum = 0.0;
                        for (std::size_t r = 0; r < rows; ++r)
                        {
                            sum += static_cast<double>(traits::at(data, r, C::first_column + j));
                        }
                        double const mean = sum / static_cast<double>(rows);
                        double squares = 0.0;
                        for (std::size_t r = 0; r < rows; ++r)
                        {
                            double const d = static_cast<double>(traits::at(data, r, C::first_column + j)) - mean;
                            squares += d * d;
                        }
                        column.mean.value(j) = static_cast<typename C::mean_type::value_type>(mean);
                        column.variance.value(j) = static_cast<typename C::variance_type::value_type>(squares / static_cast<double>(rows));
                    }
                }
            };
            std::apply([&](auto&... c) { (one(c), ...); }, layer.columns);
        }
    }
}

#endif
