#ifndef XESTIMATOR_CORE_IN_ORDER_HPP
#define XESTIMATOR_CORE_IN_ORDER_HPP

/// @file
/// @brief `in_order{(f<I>(), 0)...}`: runs a pack's calls left to right without a fold
/// expression. clang nests a comma fold one level per operand and stops at 256
/// (-fbracket-depth), which a program of a few hundred nodes (a wide-and-deep model with
/// feature columns) reaches; the elements of a braced list are evaluated in order, unnested.

namespace xest::detail
{
    struct in_order
    {
        template <class... T>
        constexpr in_order(T&&...) noexcept
        {
        }
    };
}

#endif
