#ifndef XESTIMATOR_EXPR_OP_BASE_HPP
#define XESTIMATOR_EXPR_OP_BASE_HPP

/// @file
/// @brief What every op tag has by default, and the small helpers op rules share.
///
/// An op tag is a type `Op` with
///   `using shape_type`                      the result shape;
///   `forward(ctx, scratch, out, in...)`      writes the value from operand values;
///   `backward<I, Assign>(ctx, scratch, dout, out, d, in...)`
///                                           writes (Assign) or adds the adjoint of operand I;
/// and optionally `scratch_type` (extra values kept from forward for backward),
/// `begin_backward<Operands>(ctx, scratch, dout, out)` (run once before the backward calls of a
/// node, given the bit set of the operands that need an adjoint: work they share),
/// `blocks_gradient`, `batched_result<bool...>` and `value_type` (the result's scalar type when
/// it is not the first floating-point operand's, as for one_hot of integer ids).

#include <cstddef>

namespace xest::expr
{
    struct no_scratch
    {
    };

    struct op_base
    {
        static constexpr bool blocks_gradient = false;
        using scratch_type = no_scratch;
    };

    /// @brief `d = v` for the first contribution to an adjoint, `d += v` after.
    template <bool Assign, class T>
    inline void put(T& d, T v) noexcept
    {
        if constexpr (Assign)
        {
            d = v;
        }
        else
        {
            d += v;
        }
    }
}

#endif
