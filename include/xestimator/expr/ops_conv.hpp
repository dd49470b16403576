#ifndef XESTIMATOR_EXPR_OPS_CONV_HPP
#define XESTIMATOR_EXPR_OPS_CONV_HPP

/// @file
/// @brief `conv2d<window_options>(images, kernel[, bias])`: a 2-D convolution (TensorFlow's
/// cross-correlation) of NHWC images <B, H, W, C> with a kernel <KH, KW, C, F>.
///
/// The loops are the implicit im2col product: each output pixel is a row of F accumulators held
/// in vector registers (detail::row_accumulator, matmul's kernel), to which every kernel row
/// <F> is added scaled by the input value under it, so no patch matrix is formed or stored.
/// The kernel's gradient is summed a kernel row at a time over the real rows of the batch.

#include <cstddef>
#include <type_traits>

#include "../core/shape.hpp"
#include "make_node.hpp"
#include "node.hpp"
#include "op_base.hpp"
#include "ops_linalg.hpp"
#include "ops_reduce.hpp"
#include "row_accumulator.hpp"
#include "window.hpp"

namespace xest
{
    namespace expr
    {
        /// @brief out<B, OH, OW, F> = conv(x<B, H, W, C>, k<KH, KW, C, F>) (+ bias<F>).
        template <class S, std::size_t KH, std::size_t KW, std::size_t F, window_options O, bool HasBias, bool Batched>
        struct conv2d_op : op_base
        {
            static constexpr std::size_t B = S::dims[0];
            static constexpr std::size_t H = S::dims[1];
            static constexpr std::size_t W = S::dims[2];
            static constexpr std::size_t C = S::dims[3];
            using geometry = window_geometry<H, W, KH, KW, O, 1, 1>;
            static constexpr std::size_t OH = geometry::out_h;
            static constexpr std::size_t OW = geometry::out_w;
            using shape_type = shape<B, OH, OW, F>;
            // One output image per input image: the batch stays a batch.
            template <bool X, bool... Params>
            static constexpr bool batched_result = X;

            template <class Scratch, class T, class... Bias>
            void forward(context const&, Scratch&, T* __restrict out, T const* __restrict x, T const* __restrict k,
                         Bias const*... bias) const noexcept
            {
                for (std::size_t b = 0; b < B; ++b)
                {
                    T const* image = x + b * H * W * C;
                    for (std::size_t oy = 0; oy < OH; ++oy)
                    {
                        for (std::size_t ox = 0; ox < OW; ++ox)
                        {
                            detail::row_accumulator<T, F> acc;
                            if constexpr (HasBias)
                            {
                                acc.load(bias...);
                            }
                            else
                            {
                                acc.set_zero();
                            }
                            for (std::size_t ky = 0; ky < KH; ++ky)
                            {
                                std::size_t const iy = geometry::in_row(oy, ky);
                                if (iy == H)
                                {
                                    continue;
                                }
                                for (std::size_t kx = 0; kx < KW; ++kx)
                                {
                                    std::size_t const ix = geometry::in_col(ox, kx);
                                    if (ix == W)
                                    {
                                        continue;
                                    }
                                    T const* pixel = image + (iy * W + ix) * C;
                                    T const* rows = k + (ky * KW + kx) * C * F;
                                    for (std::size_t c = 0; c < C; ++c)
                                    {
                                        acc.add_scaled(pixel[c], rows + c * F);
                                    }
                                }
                            }
                            acc.store(out + ((b * OH + oy) * OW + ox) * F);
                        }
                    }
                }
            }

            template <std::size_t I, bool Assign, class Scratch, class T, class... Bias>
            void backward(context const& ctx, Scratch&, T const* __restrict dout, T const*, T* __restrict d,
                          T const* __restrict x, T const* __restrict k, Bias const*...) const noexcept
            {
                if constexpr (I == 0)
                {
                    backward_images<Assign>(dout, d, k);
                }
                else if constexpr (I == 1)
                {
                    backward_kernel<Assign>(detail::valid_rows<Batched, B>(ctx), dout, d, x);
                }
                else
                {
                    // The bias: dout summed over the pixels of the real rows.
                    std::size_t const pixels = detail::valid_rows<Batched, B>(ctx) * OH * OW;
                    detail::sum_scaled_rows<Assign, F>(d, dout, pixels, [](std::size_t) noexcept { return T(1); });
                }
            }

        private:
            // dx[pixel under (ky, kx), c] += <dout row, kernel row (ky, kx, c)>.
            template <bool Assign, class T>
            static void backward_images(T const* __restrict dout, T* __restrict d, T const* __restrict k) noexcept
            {
                if constexpr (Assign)
                {
                    for (std::size_t i = 0; i < S::size; ++i)
                    {
                        d[i] = T(0);
                    }
                }
                for (std::size_t b = 0; b < B; ++b)
                {
                    T* image = d + b * H * W * C;
                    for (std::size_t oy = 0; oy < OH; ++oy)
                    {
                        for (std::size_t ox = 0; ox < OW; ++ox)
                        {
                            T const* g = dout + ((b * OH + oy) * OW + ox) * F;
                            for (std::size_t ky = 0; ky < KH; ++ky)
                            {
                                std::size_t const iy = geometry::in_row(oy, ky);
                                if (iy == H)
                                {
                                    continue;
                                }
                                for (std::size_t kx = 0; kx < KW; ++kx)
                                {
                                    std::size_t const ix = geometry::in_col(ox, kx);
                                    if (ix == W)
                                    {
                                        continue;
                                    }
                                    T* pixel = image + (iy * W + ix) * C;
                                    T const* rows = k + (ky * KW + kx) * C * F;
                                    for (std::size_t c = 0; c < C; ++c)
                                    {
                                        pixel[c] += dot(g, rows + c * F);
                                    }
                                }
                            }
                        }
                    }
                }
            }

            // dk row (ky, kx, c) = sum over output pixels of the real rows of x under it * dout
            // row: one row of accumulators, stored once.
            template <bool Assign, class T>
            static void backward_kernel(std::size_t real_rows, T const* __restrict dout, T* __restrict d,
                                        T const* __restrict x) noexcept
            {
                for (std::size_t ky = 0; ky < KH; ++ky)
                {
                    for (std::size_t kx = 0; kx < KW; ++kx)
                    {
                        for (std::size_t c = 0; c < C; ++c)
                        {
                            T* row = d + ((ky * KW + kx) * C + c) * F;
                            detail::row_accumulator<T, F> acc;
                            if constexpr (Assign)
                            {
                                acc.set_zero();
                            }
                            else
                            {
                                acc.load(row);
                            }
                            for (std::size_t b = 0; b < real_rows; ++b)
                            {
                                for (std::size_t oy = 0; oy < OH; ++oy)
                                {
                                    std::size_t const iy = geometry::in_row(oy, ky);
                                    if (iy == H)
                                    {
                                        continue;
                                    }
                                    for (std::size_t ox = 0; ox < OW; ++ox)
                                    {
                                        std::size_t const ix = geometry::in_col(ox, kx);
                                        if (ix == W)
                                        {
                                            continue;
                                        }
                                        acc.add_scaled(x[((b * H + iy) * W + ix) * C + c], dout + ((b * OH + oy) * OW + ox) * F);
                                    }
                                }
                            }
                            acc.store(row);
                        }
                    }
                }
            }

            // Independent partial sums in fixed lanes, so the loop vectorizes without -ffast-math.
            template <class T>
            static T dot(T const* __restrict a, T const* __restrict b) noexcept
            {
                constexpr std::size_t lanes = 8;
                constexpr std::size_t full = F / lanes * lanes;
                T acc[lanes] = {};
                for (std::size_t j = 0; j < full; j += lanes)
                {
                    for (std::size_t l = 0; l < lanes; ++l)
                    {
                        acc[l] += a[j + l] * b[j + l];
                    }
                }
                T s = T(0);
                for (std::size_t j = full; j < F; ++j)
                {
                    s += a[j] * b[j];
                }
                for (std::size_t l = 0; l < lanes; ++l)
                {
                    s += acc[l];
                }
                return s;
            }
        };

        /// @brief relu(conv2d(x, k, bias)) as one op (see xest::relu below): the ReLU runs over
        /// the output in vector registers right after the convolution, with no second node, value
        /// buffer or adjoint buffer; backward masks dout by out > 0 (out > 0 exactly where the
        /// pre-activation is) once (begin_backward) and runs conv2d_op's loops on it, as
        /// matmul_bias_relu_op does.
        template <class S, std::size_t KH, std::size_t KW, std::size_t F, window_options O, bool Batched, class T>
        struct conv2d_relu_op : conv2d_op<S, KH, KW, F, O, true, Batched>
        {
            using base = conv2d_op<S, KH, KW, F, O, true, Batched>;
            using scratch_type = relu_gradient_scratch<T, base::shape_type::size>;

            template <class Scratch>
            void forward(context const& ctx, Scratch& scratch, T* __restrict out, T const* __restrict x,
                         T const* __restrict k, T const* __restrict bias) const noexcept
            {
                base::forward(ctx, scratch, out, x, k, bias);
                kernels::relu_in_place<T, base::shape_type::size>(out);
            }

            /// @brief The masked dout, once for every operand that needs a gradient.
            template <std::size_t Operands, class Scratch>
            void begin_backward(context const&, Scratch& scratch, T const* __restrict dout, T const* __restrict out) const noexcept
            {
                kernels::relu_gradient<T, base::shape_type::size>(scratch.dz, dout, out);
            }

            template <std::size_t I, bool Assign, class Scratch>
            void backward(context const& ctx, Scratch& scratch, T const* __restrict, T const* out, T* __restrict d,
                          T const* __restrict x, T const* __restrict k, T const* bias) const noexcept
            {
                base::template backward<I, Assign>(ctx, scratch, scratch.dz, out, d, x, k, bias);
            }
        };

        namespace forms
        {
            // The bias shape, or void without a bias.
            template <class... EB>
            struct bias_shape
            {
                using type = void;
            };
            template <class EB>
            struct bias_shape<EB>
            {
                using type = shape_of_t<EB>;
            };

            // The window rule with the kernel's extents, named only once the kernel has rank 4.
            template <class SX, class SK, window_options O>
            struct check_conv2d_window : check_window<SX, SK::dims[0], SK::dims[1], O>
            {
            };

            template <class T, class... U>
            struct check_conv2d_types
            {
                static constexpr bool value = (std::is_same_v<U, T> && ...);
                static_assert(value, "xestimator: conv2d needs images, kernel and bias of one scalar type.");
            };

            template <window_options O>
            struct conv2d
            {
                // The kernel against the images first, then the window, then the scalar types.
                template <class EX, class EK, class... EB>
                using check = std::conjunction<check_conv2d<shape_of_t<EX>, shape_of_t<EK>, typename bias_shape<EB...>::type>,
                                               check_conv2d_window<shape_of_t<EX>, shape_of_t<EK>, O>,
                                               check_conv2d_types<value_type_of_t<EX>, value_type_of_t<EK>, value_type_of_t<EB>...>>;
                template <class EX, class EK, class... EB>
                using op_type = conv2d_op<shape_of_t<EX>, shape_of_t<EK>::dims[0], shape_of_t<EK>::dims[1], shape_of_t<EK>::dims[3],
                                          O, sizeof...(EB) == 1, traits<EX>::batched>;
            };
        }
    }

    /// @brief 2-D convolution of NHWC images <B, H, W, C> with a kernel <KH, KW, C, F>
    /// (tf.nn.conv2d: a cross-correlation), strides and padding from O (stride 0 means 1).
    template <window_options O = window_options{}, operand X, operand K>
        requires(!std::is_arithmetic_v<std::remove_cvref_t<X>> && !std::is_arithmetic_v<std::remove_cvref_t<K>>)
    auto conv2d(X const& images, K const& kernel)
    {
        return expr::detail::make_node(expr::forms::conv2d<O>{}, images, kernel);
    }

    /// @brief conv2d(images, kernel) + bias <F>, the bias starting each pixel's accumulators.
    template <window_options O = window_options{}, operand X, operand K, operand Bias>
        requires(!std::is_arithmetic_v<std::remove_cvref_t<X>> && !std::is_arithmetic_v<std::remove_cvref_t<K>>
                 && !std::is_arithmetic_v<std::remove_cvref_t<Bias>>)
    auto conv2d(X const& images, K const& kernel, Bias const& bias)
    {
        return expr::detail::make_node(expr::forms::conv2d<O>{}, images, kernel, bias);
    }

    /// @brief relu(conv2d(images, kernel, bias)) of floating-point values: one conv2d_relu_op.
    template <class S, std::size_t KH, std::size_t KW, std::size_t F, window_options O, bool Batched, class EX, class EK, class EB>
    auto relu(expr::node<expr::conv2d_op<S, KH, KW, F, O, true, Batched>, EX, EK, EB> const& z)
    {
        using T = value_type_of_t<expr::node<expr::conv2d_op<S, KH, KW, F, O, true, Batched>, EX, EK, EB>>;
        return expr::node<expr::conv2d_relu_op<S, KH, KW, F, O, Batched, T>, EX, EK, EB>{{}, z.args};
    }
}

#endif
