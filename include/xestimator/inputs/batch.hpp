#ifndef XESTIMATOR_INPUTS_BATCH_HPP
#define XESTIMATOR_INPUTS_BATCH_HPP

/// @file
/// @brief `batch<...>`: one batch of examples with static shapes, as an input function fills it.

#include <cstddef>

#include "../core/shape.hpp"
#include "../core/tensor.hpp"

namespace xest::inputs
{
    namespace detail
    {
        template <std::size_t B, class S>
        struct prepend;
        template <std::size_t B, std::size_t... N>
        struct prepend<B, shape<N...>>
        {
            using type = shape<B, N...>;
        };
    }

    /// @brief `shape<B, N...>` from `shape<N...>`: the batched form of a per-example shape.
    template <std::size_t B, class S>
    using batched_shape_t = typename detail::prepend<B, S>::type;

    /// @brief A batch of examples with static shapes.
    ///
    /// Rows `[size, BatchSize)` are padding: their features and labels are zero. Only the last
    /// batch of the last epoch has padding.
    /// @tparam T            the feature scalar type
    /// @tparam BatchSize    rows per batch
    /// @tparam FeatureShape the shape of one example's features (`shape<NumFeatures>`)
    /// @tparam Label        the label scalar type, or `void` for an input without labels
    /// @tparam LabelShape   the shape of one example's labels (`shape<>` for class ids)
    template <class T, std::size_t BatchSize, class FeatureShape, class Label, class LabelShape>
    struct batch
    {
        using value_type = T;
        using label_type = Label;
        using features_type = tensor<T, batched_shape_t<BatchSize, FeatureShape>>;
        using labels_type = tensor<Label, batched_shape_t<BatchSize, LabelShape>>;
        static constexpr std::size_t batch_size = BatchSize;
        static constexpr bool has_labels = true;

        features_type features{};
        labels_type labels{};
        /// @brief The number of real examples (rows `[0, size)`).
        std::size_t size = 0;
    };

    /// @brief A batch without labels (prediction input).
    template <class T, std::size_t BatchSize, class FeatureShape, class LabelShape>
    struct batch<T, BatchSize, FeatureShape, void, LabelShape>
    {
        using value_type = T;
        using label_type = void;
        using features_type = tensor<T, batched_shape_t<BatchSize, FeatureShape>>;
        static constexpr std::size_t batch_size = BatchSize;
        static constexpr bool has_labels = false;

        features_type features{};
        /// @brief The number of real examples (rows `[0, size)`).
        std::size_t size = 0;
    };
}

#endif
