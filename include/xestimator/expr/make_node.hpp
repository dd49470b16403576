#ifndef XESTIMATOR_EXPR_MAKE_NODE_HPP
#define XESTIMATOR_EXPR_MAKE_NODE_HPP

/// @file
/// @brief The one factory of the ops that are not element-wise: `make_node(form, operands...)`.
///
/// Forming such an op is always the same three steps: pass `no_labels` and `ill_formed`
/// operands through, run the op's rule (its check classes, instantiated with the shapes so that
/// the error names them), then build `node<Op, E...>`, or return `ill_formed` when the rule
/// failed so that the user sees one message. A *form* says what differs from op to op:
///
///     namespace expr::forms
///     {
///         struct matmul
///         {
///             template <class EA, class EB>      // the operands as graph expressions
///             using check = check_matmul<shape_of_t<EA>, shape_of_t<EB>>;
///             template <class EA, class EB>      // named only when check<...>::value
///             using op_type = matmul_op<...>;
///         };
///     }
///
/// and the op's function is `return expr::detail::make_node(expr::forms::matmul{}, a, b);`.
/// `check` is a check class (one `static_assert` with the message): several rules are chained
/// with `std::conjunction`, which stops at the first that fails, so one message is printed.
/// A form with data members holds the op's run-time hyper-parameters (an epsilon) and builds
/// the op with `op<E...>()`. The element-wise ops have their own factories (ops_unary.hpp,
/// ops_binary.hpp), which add broadcasting and the typing of numbers.

#include <type_traits>

#include "node.hpp"

namespace xest::expr::detail
{
    // The operands bind to references and are copied once, into the node: with the node built
    // in place from temporaries, g++ kept an extra copy of large operands on the stack.
    template <class Op, class... E>
    node<Op, E...> node_of(Op const& op, E const&... e)
    {
        return {op, {e...}};
    }

    template <class Form, class... A>
    auto make_node(Form const& form, A const&... a)
    {
        if constexpr (xest::detail::any_absorbing_v<A...>)
        {
            return xest::detail::absorb<A...>();
        }
        else if constexpr (!Form::template check<xest::detail::as_expr_t<A>...>::value)
        {
            return xest::detail::ill_formed{};  // reported by the check class
        }
        else if constexpr (std::is_empty_v<Form>)
        {
            return node_of(typename Form::template op_type<xest::detail::as_expr_t<A>...>{}, xest::detail::as_expr(a)...);
        }
        else
        {
            return node_of(form.template op<xest::detail::as_expr_t<A>...>(), xest::detail::as_expr(a)...);
        }
    }

    /// @brief The check of a form whose op has no rule of its own.
    struct no_check
    {
        template <class... E>
        using check = std::true_type;
    };
}

#endif
