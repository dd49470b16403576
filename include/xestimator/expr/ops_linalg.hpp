#ifndef XESTIMATOR_EXPR_OPS_LINALG_HPP
#define XESTIMATOR_EXPR_OPS_LINALG_HPP

/// @file
/// @brief matmul on static shapes (transpose and reshape: ops_shape.hpp).
///
/// The products run on the library's own kernels (kernels/gemm.hpp: register-blocked tiles,
/// packing and cache blocking decided at compile time from the shapes); with
/// XESTIMATOR_USE_CBLAS large ones go to a CBLAS instead (expr/cblas.hpp).

#include <cstddef>
#include <cstring>
#include <type_traits>

#include "../core/shape.hpp"
#include "../core/shape_checks.hpp"
#include "ops_elementwise.hpp"
#include "../kernels/gemm.hpp"
#include "cblas.hpp"
#include "make_node.hpp"
#include "node.hpp"
#include "row_accumulator.hpp"
#include "op_base.hpp"
#include "program.hpp"
#include "ops_shape.hpp"

namespace xest
{
    namespace expr
    {
        /// @brief C<M, N> = A<M, K> · B<K, N>; when A is batched only its real rows feed dB,
        /// so padding rows (whatever they hold) never reach a param's gradient.
        ///
        /// All three products (C = A B, dA = dC B^T, dB = A^T dC) run on the register-blocked
        /// kernels of kernels/gemm.hpp, shaped at compile time.
        template <std::size_t M, std::size_t K, std::size_t N, bool Batched = false>
        struct matmul_op : op_base
        {
            using shape_type = shape<M, N>;
            // Rows of the result are rows of A: a batch in A stays a batch.
            template <bool A, bool B>
            static constexpr bool batched_result = A;

            template <class S, class T>
            void forward(context const&, S&, T* __restrict c, T const* __restrict a, T const* __restrict b) const noexcept
            {
#if defined(XESTIMATOR_USE_CBLAS)
                if constexpr (detail::use_cblas<T, M, K, N>)
                {
                    detail::gemm<T>(false, false, M, N, K, a, K, b, N, T(0), c, N);
                    return;
                }
#endif
                kernels::gemm_nn<T, M, K, N>(a, b, nullptr, c);
            }

            template <std::size_t I, bool Assign, class S, class T>
            void backward(context const& ctx, S&, T const* __restrict dc, T const*, T* __restrict d, T const* __restrict a,
                          T const* __restrict b) const noexcept
            {
                // dB sums over the real rows of a batch only.
                std::size_t const rows = Batched ? (ctx.rows < M ? ctx.rows : M) : M;
#if defined(XESTIMATOR_USE_CBLAS)
                if constexpr (detail::use_cblas<T, M, K, N>)
                {
                    if constexpr (I == 0)
                    {
                        detail::gemm<T>(false, true, M, K, N, dc, N, b, N, Assign ? T(0) : T(1), d, K);
                    }
                    else
                    {
                        detail::gemm<T>(true, false, K, N, rows, a, K, dc, N, Assign ? T(0) : T(1), d, N);
                    }
                    return;
                }
#endif
                if constexpr (I == 0)
                {
                    kernels::gemm_nt<T, M, K, N, !Assign>(dc, b, d);
                }
                else
                {
                    kernels::gemm_tn<T, M, K, N, !Assign>(rows, a, dc, d);
                }
            }
        };

        /// @brief C<M, N> = A<M, K> · B<K, N> + bias, the bias (shape <N>, <1, N> or <M, N>) being
        /// the accumulators' starting value, as the C operand of a BLAS gemm with beta = 1.
        ///
        /// `matmul(x, W) + b` becomes this one op (see the operator+ below): the sum then costs
        /// no second pass over the result and no stored product, and in a 1x1 model the
        /// multiply-add of x·W + b is one instruction on the training step's dependency chain.
        /// The bias is added first rather than last, so results may differ from the two separate
        /// ops in the last bit.
        template <std::size_t M, std::size_t K, std::size_t N, bool Batched, class Bias>
        struct matmul_bias_op : matmul_op<M, K, N, Batched>
        {
            static_assert(std::is_same_v<Bias, shape<N>> || std::is_same_v<Bias, shape<1, N>> || std::is_same_v<Bias, shape<M, N>>);
            using base = matmul_op<M, K, N, Batched>;
            // A bias of one row per example (<M, N>) is added element-wise; otherwise one row is
            // shared by every row of the result.
            static constexpr bool per_row_bias = Bias::size == M * N && M != 1;

            template <bool A, bool B, bool C>
            static constexpr bool batched_result = A || (per_row_bias && C);

            template <class S, class T>
            void forward(context const&, S&, T* __restrict c, T const* __restrict a, T const* __restrict b,
                         T const* __restrict bias) const noexcept
            {
                constexpr std::size_t bias_row_stride = per_row_bias ? N : 0;
#if defined(XESTIMATOR_USE_CBLAS)
                if constexpr (detail::use_cblas<T, M, K, N>)
                {
                    for (std::size_t i = 0; i < M; ++i)
                    {
                        std::memcpy(c + i * N, bias + i * bias_row_stride, N * sizeof(T));
                    }
                    detail::gemm<T>(false, false, M, N, K, a, K, b, N, T(1), c, N);
                    return;
                }
#endif
                kernels::gemm_nn<T, M, K, N, true, bias_row_stride>(a, b, bias, c);
            }

            template <std::size_t I, bool Assign, class S, class T>
            void backward(context const& ctx, S& scratch, T const* __restrict dc, T const* out, T* __restrict d,
                          T const* __restrict a, T const* __restrict b, T const*) const noexcept
            {
                if constexpr (I < 2)
                {
                    base::template backward<I, Assign>(ctx, scratch, dc, out, d, a, b);
                }
                else if constexpr (per_row_bias)
                {
                    for (std::size_t i = 0; i < M * N; ++i)
                    {
                        put<Assign>(d[i], dc[i]);
                    }
                }
                else
                {
                    // The sum of dC over the real rows (padding rows carry no gradient).
                    std::size_t const rows = Batched ? (ctx.rows < M ? ctx.rows : M) : M;
                    detail::sum_scaled_rows<Assign, N>(d, dc, rows, [](std::size_t) noexcept { return T(1); });
                }
            }
        };

        /// @brief What a fused op with a ReLU keeps for its backward pass: dC masked by the
        /// ReLU (out > 0), the operand of its gradient products.
        template <class T, std::size_t Size>
        struct relu_gradient_scratch
        {
            alignas(64) T dz[Size];
        };

        /// @brief relu_gradient_scratch and the bias gradient summed in the same pass (a bias row
        /// of N).
        template <class T, std::size_t Size, std::size_t N>
        struct relu_bias_gradient_scratch : relu_gradient_scratch<T, Size>
        {
            alignas(64) T db[N];
        };

        /// @brief relu(A<M, K> · B<K, N> + bias) as one op (see xest::relu below): the ReLU is
        /// the kernel's epilogue, applied as each tile is stored, so neither a second pass over
        /// the result nor a stored pre-activation. Backward masks dC by out > 0 (out > 0 exactly
        /// where the pre-activation is) once, summing a bias row's gradient in the same pass
        /// (begin_backward), and runs matmul_bias_op's products on the masked dC.
        template <std::size_t M, std::size_t K, std::size_t N, bool Batched, class Bias, class T>
        struct matmul_bias_relu_op : matmul_bias_op<M, K, N, Batched, Bias>
        {
            using base = matmul_bias_op<M, K, N, Batched, Bias>;
            using scratch_type = relu_bias_gradient_scratch<T, M * N, N>;

            template <class S>
            void forward(context const& ctx, S& scratch, T* __restrict c, T const* __restrict a, T const* __restrict b,
                         T const* __restrict bias) const noexcept
            {
                if constexpr (detail::use_cblas<T, M, K, N>)
                {
                    base::forward(ctx, scratch, c, a, b, bias);
                    kernels::relu_in_place<T, M * N>(c);
                }
                else
                {
                    kernels::gemm_nn<T, M, K, N, true, base::per_row_bias ? N : 0, true>(a, b, bias, c);
                }
            }

            /// @brief The masked dC for every operand (bits 0-2 of Operands: a, b, bias), and the
            /// sum of its real rows when a bias row needs a gradient.
            template <std::size_t Operands, class S>
            void begin_backward(context const& ctx, S& scratch, T const* __restrict dc, T const* __restrict out) const noexcept
            {
                if constexpr (!base::per_row_bias && (Operands & 4) != 0)
                {
                    std::size_t const rows = Batched ? (ctx.rows < M ? ctx.rows : M) : M;
                    kernels::relu_gradient_column_sums<T, M, N>(scratch.dz, scratch.db, dc, out, rows);
                }
                else
                {
                    kernels::relu_gradient<T, M * N>(scratch.dz, dc, out);
                }
            }

            template <std::size_t I, bool Assign, class S>
            void backward(context const& ctx, S& scratch, T const* __restrict, T const* out, T* __restrict d,
                          T const* __restrict a, T const* __restrict b, T const* bias) const noexcept
            {
                if constexpr (I == 2 && !base::per_row_bias)
                {
                    for (std::size_t j = 0; j < N; ++j)
                    {
                        put<Assign>(d[j], scratch.db[j]);
                    }
                }
                else
                {
                    base::template backward<I, Assign>(ctx, scratch, scratch.dz, out, d, a, b, bias);
                }
            }
        };
    }

    namespace expr::forms
    {
        struct matmul
        {
            template <class EA, class EB>
            using check = check_matmul<shape_of_t<EA>, shape_of_t<EB>>;
            template <class EA, class EB, class SA = shape_of_t<EA>>
            using op_type = matmul_op<SA::dims[0], SA::dims[1], shape_of_t<EB>::dims[1], traits<EA>::batched>;
        };
    }

    /// @brief Matrix product of <M, K> and <K, N>.
    template <operand A, operand B>
    auto matmul(A const& a, B const& b)
    {
        return expr::detail::make_node(expr::forms::matmul{}, a, b);
    }

    namespace expr
    {
        /// @brief `matmul(a, b) + bias` with a bias of shape <N>, <1, N> or <M, N>: one
        /// matmul_bias_op (the bias starts the accumulators) instead of a product and an add.
        /// Any other right operand is an ordinary broadcasting add.
        template <std::size_t M, std::size_t K, std::size_t N, bool Batched, class EA, class EB, class C>
            requires operand<C>
        auto operator+(node<matmul_op<M, K, N, Batched>, EA, EB> const& product, C const& bias)
        {
            using D = std::remove_cvref_t<C>;
            if constexpr (xest::detail::any_absorbing_v<D> || std::is_arithmetic_v<D>)
            {
                return detail::make_binary<rules::add>(product, bias);
            }
            else
            {
                auto eb = xest::detail::as_expr(bias);
                using SB = shape_of_t<decltype(eb)>;
                using T = value_type_of_t<node<matmul_op<M, K, N, Batched>, EA, EB>>;
                constexpr bool fusable = (std::is_same_v<SB, shape<N>> || std::is_same_v<SB, shape<1, N>>
                                          || std::is_same_v<SB, shape<M, N>>)
                                         && std::is_same_v<value_type_of_t<decltype(eb)>, T>;
                if constexpr (fusable)
                {
                    return node<matmul_bias_op<M, K, N, Batched, SB>, EA, EB, decltype(eb)>{
                        {}, {std::get<0>(product.args), std::get<1>(product.args), eb}};
                }
                else
                {
                    return detail::make_binary<rules::add>(product, bias);
                }
            }
        }
    }

    /// @brief relu(matmul(a, b) + bias) for a floating-point fused product: one
    /// matmul_bias_relu_op (ReLU in the kernel's epilogue). Any other operand of relu is the
    /// element-wise op of ops_elementwise.hpp.
    template <std::size_t M, std::size_t K, std::size_t N, bool Batched, class Bias, class EA, class EB, class EC>
    auto relu(expr::node<expr::matmul_bias_op<M, K, N, Batched, Bias>, EA, EB, EC> const& z)
    {
        using T = value_type_of_t<expr::node<expr::matmul_bias_op<M, K, N, Batched, Bias>, EA, EB, EC>>;
        if constexpr (std::is_floating_point_v<T>)
        {
            return expr::node<expr::matmul_bias_relu_op<M, K, N, Batched, Bias, T>, EA, EB, EC>{{}, z.args};
        }
        else
        {
            return expr::detail::make_unary<expr::rules::relu>(z);
        }
    }
}

#endif
