#ifndef XESTIMATOR_EXPR_OPS_POOL_HPP
#define XESTIMATOR_EXPR_OPS_POOL_HPP

/// @file
/// @brief `max_pool2d<PH, PW, O>(images)` and `average_pool2d<PH, PW, O>(images)` over NHWC
/// images, each channel on its own (tf.nn.max_pool2d, tf.nn.avg_pool2d).
///
/// Cells of `same` padding are ignored, as TensorFlow does: max pooling never picks them and
/// average pooling divides by the number of real cells in the window.

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "../core/shape.hpp"
#include "make_node.hpp"
#include "node.hpp"
#include "op_base.hpp"
#include "window.hpp"

namespace xest
{
    namespace expr
    {
        /// @brief The input cell each output of a max pool took, kept for backward.
        template <std::size_t N>
        struct pool_argmax
        {
            std::uint32_t at[N];
        };

        /// @brief Max (Max = true) or average pooling of S = <B, H, W, C> with a PH x PW window.
        template <class S, std::size_t PH, std::size_t PW, window_options O, bool Max>
        struct pool2d_op : op_base
        {
            static constexpr std::size_t B = S::dims[0];
            static constexpr std::size_t H = S::dims[1];
            static constexpr std::size_t W = S::dims[2];
            static constexpr std::size_t C = S::dims[3];
            using geometry = window_geometry<H, W, PH, PW, O, PH, PW>;
            static constexpr std::size_t OH = geometry::out_h;
            static constexpr std::size_t OW = geometry::out_w;
            using shape_type = shape<B, OH, OW, C>;
            static_assert(std::uint64_t{S::size} < (std::uint64_t{1} << 32), "xestimator: pooling indexes its input with 32 bits.");
            using scratch_type = std::conditional_t<Max, pool_argmax<shape_type::size>, no_scratch>;

            template <class Scratch, class T>
            void forward(context const&, Scratch& scratch, T* __restrict out, T const* __restrict x) const noexcept
            {
                for_each_window(
                    [&](std::size_t o, auto&& cells)
                    {
                        for (std::size_t c = 0; c < C; ++c)
                        {
                            if constexpr (Max)
                            {
                                // The first maximum in scan order wins, as TensorFlow's.
                                std::size_t best = S::size;
                                cells([&](std::size_t i) {
                                    if (best == S::size || x[i + c] > x[best])
                                    {
                                        best = i + c;
                                    }
                                });
                                out[o + c] = x[best];
                                scratch.at[o + c] = static_cast<std::uint32_t>(best);
                            }
                            else
                            {
                                T s = T(0);
                                std::size_t n = 0;
                                cells([&](std::size_t i) {
                                    s += x[i + c];
                                    ++n;
                                });
                                out[o + c] = s / T(n);
                            }
                        }
                    });
            }

            template <std::size_t I, bool Assign, class Scratch, class T>
            void backward(context const&, Scratch& scratch, T const* __restrict dout, T const*, T* __restrict d,
                          T const*) const noexcept
            {
                if constexpr (Assign)
                {
                    for (std::size_t i = 0; i < S::size; ++i)
                    {
                        d[i] = T(0);
                    }
                }
                if constexpr (Max)
                {
                    for (std::size_t o = 0; o < shape_type::size; ++o)
                    {
                        d[scratch.at[o]] += dout[o];
                    }
                }
                else
                {
                    for_each_window(
                        [&](std::size_t o, auto&& cells)
                        {
                            std::size_t n = 0;
                            cells([&](std::size_t) { ++n; });
                            T const share = T(1) / T(n);
                            cells([&](std::size_t i) {
                                for (std::size_t c = 0; c < C; ++c)
                                {
                                    d[i + c] += dout[o + c] * share;
                                }
                            });
                        });
                }
            }

        private:
            // Calls f(output offset, cells) per output pixel; cells(g) calls g(input offset) for
            // each real cell of the window (channel 0; channels follow contiguously).
            template <class F>
            static void for_each_window(F&& f) noexcept
            {
                for (std::size_t b = 0; b < B; ++b)
                {
                    for (std::size_t oy = 0; oy < OH; ++oy)
                    {
                        for (std::size_t ox = 0; ox < OW; ++ox)
                        {
                            auto cells = [b, oy, ox](auto&& g)
                            {
                                for (std::size_t ky = 0; ky < PH; ++ky)
                                {
                                    std::size_t const iy = geometry::in_row(oy, ky);
                                    if (iy == H)
                                    {
                                        continue;
                                    }
                                    for (std::size_t kx = 0; kx < PW; ++kx)
                                    {
                                        std::size_t const ix = geometry::in_col(ox, kx);
                                        if (ix != W)
                                        {
                                            g(((b * H + iy) * W + ix) * C);
                                        }
                                    }
                                }
                            };
                            f(((b * OH + oy) * OW + ox) * C, cells);
                        }
                    }
                }
            }
        };

        namespace forms
        {
            template <std::size_t PH, std::size_t PW, window_options O, bool Max>
            struct pool2d
            {
                template <class E>
                using check = check_window<shape_of_t<E>, PH, PW, O>;
                template <class E>
                using op_type = pool2d_op<shape_of_t<E>, PH, PW, O, Max>;
            };
        }
    }

    /// @brief Maximum over each PH x PW window of each channel of NHWC images; strides default to
    /// the window (stride 0 in O). The gradient goes to the first maximum of each window.
    template <std::size_t PH, std::size_t PW = PH, window_options O = window_options{}, operand X>
        requires(!std::is_arithmetic_v<std::remove_cvref_t<X>>)
    auto max_pool2d(X const& images)
    {
        return expr::detail::make_node(expr::forms::pool2d<PH, PW, O, true>{}, images);
    }

    /// @brief Mean over each PH x PW window of each channel (padding cells not counted); strides
    /// default to the window. The gradient is shared equally by the window's cells.
    template <std::size_t PH, std::size_t PW = PH, window_options O = window_options{}, operand X>
        requires(!std::is_arithmetic_v<std::remove_cvref_t<X>>)
    auto average_pool2d(X const& images)
    {
        return expr::detail::make_node(expr::forms::pool2d<PH, PW, O, false>{}, images);
    }
}

#endif
