#ifndef XESTIMATOR_CORE_SHAPE_CHECKS_HPP
#define XESTIMATOR_CORE_SHAPE_CHECKS_HPP

/// @file
/// @brief The shape diagnostics. Each check is a class template named after the problem and
/// instantiated with the offending shapes, so the compiler's "required from" line names them:
/// `xest::check_matmul<xest::shape<2, 3>, xest::shape<4, 5>>`. Use as
/// `if constexpr (check_matmul<A, B>::value) { ... }` so nothing deeper is instantiated after a
/// failure (one message, no cascade).

#include <cstddef>

#include "shape.hpp"

namespace xest
{
    template <class A, class B>
    struct check_broadcast
    {
        static constexpr bool value = broadcastable_v<A, B>;
        // Read the two shapes in this class's template arguments.
        static_assert(value, "xestimator: shapes do not broadcast: from the last axis, each pair of dimensions "
                             "must be equal or one of them 1 (numpy rules). The shapes are the template "
                             "arguments of check_broadcast<...>.");
    };

    template <class A, class B>
    struct check_matmul
    {
        static constexpr bool ranks = A::rank == 2 && B::rank == 2;
        static_assert(ranks, "xestimator: matmul needs two matrices (rank 2); reshape a vector to <1, N> or "
                             "<N, 1> first. The shapes are the template arguments of check_matmul<...>.");
        static constexpr bool value = ranks && A::dims[A::rank - 1] == B::dims[0];
        static_assert(!ranks || value, "xestimator: matmul shape mismatch: the left operand's columns must equal "
                                       "the right operand's rows. The shapes are the template arguments of "
                                       "check_matmul<...>.");
    };

    template <class From, class To>
    struct check_reshape
    {
        static constexpr bool value = From::size == To::size;
        static_assert(value, "xestimator: reshape must keep the number of elements. The shapes are the template "
                             "arguments of check_reshape<...>.");
    };

    template <class S, std::size_t Axis>
    struct check_axis
    {
        static constexpr bool value = Axis < S::rank;
        static_assert(value, "xestimator: reduction over an axis the operand does not have. The shape and the "
                             "axis are the template arguments of check_axis<...>.");
    };

    template <class A, class B>
    consteval bool same_dims()
    {
        if constexpr (A::rank != B::rank)
        {
            return false;
        }
        else
        {
            return A::dims == B::dims;
        }
    }

    template <class Labels, class Predictions>
    struct check_loss_shapes
    {
        static constexpr bool value = same_dims<Labels, Predictions>();
        static_assert(value, "xestimator: a loss needs labels and predictions of the same shape. The shapes "
                             "(labels, predictions) are the template arguments of check_loss_shapes<...>.");
    };

    template <class Labels, class Logits>
    struct check_sparse_labels
    {
        static constexpr bool ranks = Logits::rank == 2 && Labels::rank == 1;
        static constexpr bool value = ranks && Labels::dims[0] == Logits::dims[0];
        static_assert(value, "xestimator: sparse_softmax_cross_entropy needs integer labels <B> and logits <B, "
                             "classes>. The shapes (labels, logits) are the template arguments of "
                             "check_sparse_labels<...>.");
    };

    template <class Weights, class Losses>
    struct check_weights
    {
        static constexpr bool value = broadcastable_v<Weights, Losses> && Weights::size <= Losses::size;
        static_assert(value, "xestimator: loss weights must broadcast to the per-example losses (a scalar, <B> "
                             "or <B, 1>). The shapes (weights, losses) are the template arguments of "
                             "check_weights<...>.");
    };
}

#endif
