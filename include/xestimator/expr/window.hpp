#ifndef XESTIMATOR_EXPR_WINDOW_HPP
#define XESTIMATOR_EXPR_WINDOW_HPP

/// @file
/// @brief The sliding window of convolutions and pooling on NHWC images: strides, padding
/// (TensorFlow's `valid` and `same`), the output size, and the compile-time shape checks.

#include <cstddef>
#include <type_traits>

#include "../core/shape.hpp"

namespace xest
{
    /// @brief TensorFlow's padding modes: `valid` keeps every window inside the image; `same`
    /// pads with zeros (pooling: ignores the padded cells) so that the output has
    /// ceil(input / stride) rows and columns, the extra cell going to the bottom and right.
    enum class padding
    {
        valid,
        same
    };

    /// @brief Strides and padding of a window. A stride of 0 takes the default: 1 for a
    /// convolution, the pool size for pooling (Keras' `strides=None`).
    struct window_options
    {
        std::size_t stride_h = 0;
        std::size_t stride_w = 0;
        padding pad = padding::valid;
    };

    namespace expr
    {
        /// @brief Where a KH x KW window with options O moves over an H x W image.
        template <std::size_t H, std::size_t W, std::size_t KH, std::size_t KW, window_options O, std::size_t DefaultStrideH,
                  std::size_t DefaultStrideW>
        struct window_geometry
        {
            static constexpr std::size_t stride_h = O.stride_h == 0 ? DefaultStrideH : O.stride_h;
            static constexpr std::size_t stride_w = O.stride_w == 0 ? DefaultStrideW : O.stride_w;
            static constexpr bool same = O.pad == padding::same;
            static constexpr std::size_t out_h = same ? (H + stride_h - 1) / stride_h : (H >= KH ? (H - KH) / stride_h + 1 : 0);
            static constexpr std::size_t out_w = same ? (W + stride_w - 1) / stride_w : (W >= KW ? (W - KW) / stride_w + 1 : 0);
            // TensorFlow's split of the padding: the smaller half before, the rest after.
            static constexpr std::size_t pad_top =
                same && (out_h - 1) * stride_h + KH > H ? ((out_h - 1) * stride_h + KH - H) / 2 : 0;
            static constexpr std::size_t pad_left =
                same && (out_w - 1) * stride_w + KW > W ? ((out_w - 1) * stride_w + KW - W) / 2 : 0;

            /// @brief Input row of output row oy and window row ky; H when it falls in the padding.
            static constexpr std::size_t in_row(std::size_t oy, std::size_t ky) noexcept
            {
                std::size_t const r = oy * stride_h + ky;
                return r >= pad_top && r - pad_top < H ? r - pad_top : H;
            }
            static constexpr std::size_t in_col(std::size_t ox, std::size_t kx) noexcept
            {
                std::size_t const c = ox * stride_w + kx;
                return c >= pad_left && c - pad_left < W ? c - pad_left : W;
            }
        };
    }

    namespace detail
    {
        /// @brief Dimension I of S, or 0 when S has no axis I (keeps failed checks quiet).
        template <class S, std::size_t I>
        consteval std::size_t dim_or_zero()
        {
            if constexpr (I < S::rank)
            {
                return S::dims[I];
            }
            else
            {
                return 0;
            }
        }
    }

    /// @brief The shape rules of a window of KH x KW over an image of shape S (its template
    /// arguments name the shape and the window in a failing build).
    template <class S, std::size_t KH, std::size_t KW, window_options O>
    struct check_window
    {
        static constexpr bool image = S::rank == 4;
        static_assert(image, "xestimator: convolution and pooling take NHWC images <batch, height, width, channels> "
                             "(rank 4); reshape a flat row of pixels first. The shape is the first template argument "
                             "of check_window<...>.");
        static constexpr bool window = KH > 0 && KW > 0;
        static_assert(!image || window, "xestimator: a convolution kernel or pooling window needs at least one row "
                                        "and one column.");
        static constexpr bool fits = !image || !window || O.pad == padding::same
                                     || (KH <= detail::dim_or_zero<S, 1>() && KW <= detail::dim_or_zero<S, 2>());
        static_assert(!image || !window || fits,
                      "xestimator: the kernel (or pool window) is larger than the input image: with padding::valid "
                      "every window must fit inside the image; use a smaller window or padding::same. The image "
                      "shape and the window are the template arguments of check_window<...>.");
        static constexpr bool value = image && window && fits;
    };

    /// @brief A convolution kernel <KH, KW, C, F> must read the C channels of the image S, and a
    /// bias (if any: Bias = void when there is none) must be <F>.
    template <class S, class Kernel, class Bias>
    struct check_conv2d
    {
        static constexpr bool kernel = Kernel::rank == 4;
        static_assert(kernel, "xestimator: a conv2d kernel has shape <kernel height, kernel width, input channels, "
                              "filters> (rank 4). The shapes (image, kernel, bias) are the template arguments of "
                              "check_conv2d<...>.");
        static constexpr bool channels = !kernel || S::rank != 4 || detail::dim_or_zero<Kernel, 2>() == detail::dim_or_zero<S, 3>();
        static_assert(channels, "xestimator: conv2d channel mismatch: the kernel's input channels (dimension 2 of "
                                "<KH, KW, C, F>; nn::conv2d_options::channels) must equal the image's channels (its last "
                                "axis). The shapes (image, kernel, bias) are the template arguments of check_conv2d<...>.");
        static constexpr bool bias = []
        {
            if constexpr (std::is_void_v<Bias>)
            {
                return true;
            }
            else
            {
                return Bias::rank == 1 && detail::dim_or_zero<Bias, 0>() == detail::dim_or_zero<Kernel, 3>();
            }
        }();
        static_assert(!kernel || !channels || bias, "xestimator: a conv2d bias has one value per filter, shape <F>. The "
                                                    "shapes (image, kernel, bias) are the template arguments of "
                                                    "check_conv2d<...>.");
        static constexpr bool value = kernel && channels && bias;
    };
}

#endif
