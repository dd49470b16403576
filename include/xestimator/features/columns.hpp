#ifndef XESTIMATOR_FEATURES_COLUMNS_HPP
#define XESTIMATOR_FEATURES_COLUMNS_HPP

/// @file
/// @brief Feature columns (tf.feature_column): how the columns of a dense feature matrix
/// <B, W> become a model's input. A column reads its place in the row by index, known at
/// compile time (for from_csv: the feature columns in file order, the label left out).
///
/// - `numeric<"name", Column, Width = 1, Normalizer = raw>`: Width numbers from Column on;
///   `standardize` subtracts the mean and divides by the standard deviation of the training
///   input (params "name/mean" and "name/variance", set by features::adapt, never trained,
///   stored in every checkpoint).
/// - `categorical_identity<"name", Column, Buckets>`: an integer id in [0, Buckets) in Column;
///   not dense by itself (as in TensorFlow): wrap it in `indicator` or `embedding`.
/// - `bucketized<"name", Column, Boundaries...>`: the bucket of a number (categorical, with
///   Boundaries + 1 buckets).
/// - `indicator<Categorical>`: the id one-hot, Buckets wide.
/// - `embedding<Categorical, Dim>`: row `id` of a trained table "name/embedding_weights"
///   <Buckets, Dim> (truncated normal, stddev 1/sqrt(Dim), as TensorFlow).
///
/// An id outside [0, Buckets) gives a row of zeros (indicator) or of NaN (embedding, which the
/// estimator's NaN check then reports). Every column has `width`, `param_types`,
/// `visit_params` and `operator()(x)` -> <B, width>; input_layer.hpp puts them side by side.

#include <cmath>
#include <cstddef>
#include <tuple>
#include <type_traits>

#include "../core/fixed_string.hpp"
#include "../expr/ops_binary.hpp"
#include "../expr/ops_bucketize.hpp"
#include "../expr/ops_concat.hpp"
#include "../expr/ops_gather.hpp"
#include "../expr/ops_linalg.hpp"
#include "../expr/ops_unary.hpp"
#include "../expr/param.hpp"
#include "../init/initializers.hpp"

namespace xest::features
{
    /// @brief numeric's default: the values as they are.
    struct raw
    {
    };

    /// @brief numeric's z-score: (x - mean) / max(sqrt(variance), 1e-7) with the statistics of
    /// the training input (Keras' Normalization layer after adapt()).
    struct standardize
    {
        static constexpr float epsilon = 1e-7f;
    };

    template <fixed_string Name, std::size_t Column, std::size_t Width = 1, class Normalizer = raw, scalar_type T = float>
    struct numeric;

    /// @brief Width numbers of the row, from Column on, as they are.
    template <fixed_string Name, std::size_t Column, std::size_t Width, scalar_type T>
    struct numeric<Name, Column, Width, raw, T>
    {
        static_assert(Width > 0, "xest::features: a numeric column reads at least one value (Width > 0).");
        static constexpr std::size_t first_column = Column;
        static constexpr std::size_t last_column = Column + Width;  // one past
        static constexpr std::size_t width = Width;
        using param_types = std::tuple<>;

        template <class X>
        auto operator()(X const& x) const
        {
            return slice<Column, Width>(x);
        }

        template <class F>
        void visit_params(F&&) const
        {
        }
    };

    /// @brief Width numbers of the row, from Column on, standardized with stored statistics.
    template <fixed_string Name, std::size_t Column, std::size_t Width, scalar_type T>
    struct numeric<Name, Column, Width, standardize, T>
    {
        static_assert(Width > 0, "xest::features: a numeric column reads at least one value (Width > 0).");
        static constexpr std::size_t first_column = Column;
        static constexpr std::size_t last_column = Column + Width;
        static constexpr std::size_t width = Width;
        using mean_type = param<scoped_name<Name, "mean">(), shape<Width>, T>;
        using variance_type = param<scoped_name<Name, "variance">(), shape<Width>, T>;
        using param_types = std::tuple<mean_type, variance_type>;

        // Until adapt() sets them: the identity.
        mean_type mean{init::zeros{}};
        variance_type variance{init::ones{}};

        template <class X>
        auto operator()(X const& x) const
        {
            // The statistics are data, not weights: no gradient reaches them, so no optimizer
            // changes them, and checkpoints keep them with the weights.
            return (slice<Column, Width>(x) - stop_gradient(mean)) /
                   maximum(sqrt(stop_gradient(variance)), T(standardize::epsilon));
        }

        template <class F>
        void visit_params(F&& f)
        {
            f(mean);
            f(variance);
        }
        template <class F>
        void visit_params(F&& f) const
        {
            f(mean);
            f(variance);
        }
    };

    /// @brief An integer id in [0, Buckets) in column Column (tf.feature_column.
    /// categorical_column_with_identity).
    template <fixed_string Name, std::size_t Column, std::size_t Buckets>
    struct categorical_identity
    {
        static_assert(Buckets > 0, "xest::features: a categorical column needs at least one bucket (Buckets > 0).");
        static constexpr auto name = Name;
        static constexpr std::size_t first_column = Column;
        static constexpr std::size_t last_column = Column + 1;
        static constexpr std::size_t buckets = Buckets;

        /// @brief The ids <B> of x <B, W>.
        template <class X>
        auto ids(X const& x) const
        {
            constexpr std::size_t batch = shape_of_t<xest::detail::as_expr_t<X>>::dims[0];
            return reshape<shape<batch>>(slice<Column, 1>(x));
        }
    };

    /// @brief The bucket of a number in column Column (tf.feature_column.bucketized_column):
    /// id k when boundary[k-1] <= x < boundary[k], Boundaries + 1 buckets. Categorical, as in
    /// TensorFlow: `indicator<bucketized<...>>` is its one-hot (TensorFlow's dense use of it),
    /// `embedding<bucketized<...>, Dim>` trains a vector per bucket. NaN falls in no bucket.
    template <fixed_string Name, std::size_t Column, real... Boundaries>
    struct bucketized
    {
        static_assert(xest::detail::strictly_increasing<Boundaries...>(),
                      "xest::features: bucketized<\"name\", Column, Boundaries...> needs at least one boundary, strictly increasing.");
        static constexpr auto name = Name;
        static constexpr std::size_t first_column = Column;
        static constexpr std::size_t last_column = Column + 1;
        static constexpr std::size_t buckets = sizeof...(Boundaries) + 1;

        /// @brief The bucket ids <B> of x <B, W>.
        template <class X>
        auto ids(X const& x) const
        {
            constexpr std::size_t batch = shape_of_t<xest::detail::as_expr_t<X>>::dims[0];
            return reshape<shape<batch>>(bucketize<Boundaries...>(slice<Column, 1>(x)));
        }
    };

    namespace detail
    {
        template <class C>
        struct is_categorical : std::false_type
        {
        };
        template <fixed_string Name, std::size_t Column, std::size_t Buckets>
        struct is_categorical<categorical_identity<Name, Column, Buckets>> : std::true_type
        {
        };
        template <fixed_string Name, std::size_t Column, real... Boundaries>
        struct is_categorical<bucketized<Name, Column, Boundaries...>> : std::true_type
        {
        };

        // What indicator and embedding read when given a non-categorical column: a stand-in,
        // so that the static_assert naming the mistake is the only error.
        template <class C>
        using checked_categorical = std::conditional_t<is_categorical<C>::value, C, categorical_identity<"invalid", 0, 1>>;
    }

    /// @brief The id one-hot (tf.feature_column.indicator_column): Buckets wide, no params.
    template <class Categorical>
    struct indicator
    {
        static_assert(detail::is_categorical<Categorical>::value,
                      "xest::features: indicator<C> and embedding<C, Dim> wrap a categorical column such as "
                      "categorical_identity<\"name\", Column, Buckets> or bucketized<\"name\", Column, Boundaries...>.");
        using column_type = detail::checked_categorical<Categorical>;
        static constexpr std::size_t first_column = column_type::first_column;
        static constexpr std::size_t last_column = column_type::last_column;
        static constexpr std::size_t width = column_type::buckets;
        using param_types = std::tuple<>;

        template <class X>
        auto operator()(X const& x) const
        {
            // The scalar type of the features (float for integer features), so that the columns
            // concatenate.
            using V = value_type_of_t<xest::detail::as_expr_t<X>>;
            return one_hot<column_type::buckets, std::conditional_t<std::is_floating_point_v<V>, V, float>>(column_type{}.ids(x));
        }

        template <class F>
        void visit_params(F&&) const
        {
        }
    };

    /// @brief A trained Dim-wide vector per id (tf.feature_column.embedding_column with the
    /// "mean" combiner of a single id).
    template <class Categorical, std::size_t Dim, scalar_type T = float>
    struct embedding
    {
        static_assert(detail::is_categorical<Categorical>::value,
                      "xest::features: indicator<C> and embedding<C, Dim> wrap a categorical column such as "
                      "categorical_identity<\"name\", Column, Buckets> or bucketized<\"name\", Column, Boundaries...>.");
        static_assert(Dim > 0, "xest::features: an embedding column needs Dim > 0.");
        using column_type = detail::checked_categorical<Categorical>;
        static constexpr std::size_t first_column = column_type::first_column;
        static constexpr std::size_t last_column = column_type::last_column;
        static constexpr std::size_t width = Dim;
        using table_type =
            param<scoped_name<scoped_name<column_type::name, "embedding">(), "embedding_weights">(), shape<column_type::buckets, Dim>, T>;
        using param_types = std::tuple<table_type>;

        table_type table{init::truncated_normal{.stddev = static_cast<float>(1.0 / std::sqrt(static_cast<double>(Dim)))}};

        template <class X>
        auto operator()(X const& x) const
        {
            return gather(table, column_type{}.ids(x));
        }

        template <class F>
        void visit_params(F&& f)
        {
            f(table);
        }
        template <class F>
        void visit_params(F&& f) const
        {
            f(table);
        }
    };
}

#endif
