#ifndef XESTIMATOR_EXPR_NODE_HPP
#define XESTIMATOR_EXPR_NODE_HPP

/// @file
/// @brief Expression leaves, the one generic op node, and the traits every evaluator reads.
///
/// A node stores its operands by value; operands are other nodes or leaves, and leaves only
/// point at data that outlives the graph (a model's params, the estimator's batch buffer), so
/// copying a node never copies tensor data and no lazy result references a temporary.
/// What a node computes lives in its op tag (forward and derivative rules, see ops_*.hpp);
/// where values are stored is decided by the graph compiler (graph.hpp).

#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>

#include "../core/shape.hpp"
#include "../core/tensor.hpp"
#include "param.hpp"

namespace xest
{
    namespace expr
    {
        /// @brief Run-time facts of the batch being evaluated: the rows that hold real
        /// examples (rows [rows, batch size) are padding, ignored by batch reductions and
        /// losses), and the key of the random ops (dropout, gaussian_noise): the run's seed and
        /// the global step, so a step draws the same numbers whenever it is computed.
        struct context
        {
            std::size_t rows = static_cast<std::size_t>(-1);
            std::uint64_t seed = 0;
            std::int64_t step = 0;
        };

        /// @brief Reads a param (its gradient is what training computes).
        template <class P>
        struct param_leaf
        {
            P const* target;
        };

        /// @brief Reads one tensor of the current batch (features or labels). Axis 0 is the batch.
        template <class Tag, class T, class Shape>
        struct data_leaf
        {
            T const* data;
        };

        struct features_tag
        {
        };
        struct labels_tag
        {
        };

        /// @brief A scalar known at run time (`x * 0.5f`).
        template <class T>
        struct scalar_leaf
        {
            T value;
        };

        /// @brief A constant tensor stored in the graph.
        template <class T, class Shape>
        struct constant_leaf
        {
            tensor<T, Shape> value;
        };

        /// @brief The one generic op node: an op tag (with any run-time hyper-parameters) and
        /// its operands.
        template <class Op, class... Args>
        struct node
        {
            Op op;
            std::tuple<Args...> args;
        };
    }

    /// @brief The labels a model function receives in predict mode. Every op applied to it yields
    /// `no_labels` again, so a model written once compiles in all modes; predict() rejects
    /// predictions that turn out to be `no_labels` (they depend on labels).
    struct no_labels
    {
    };

    namespace detail
    {
        // The result of an op whose static_assert already failed: it absorbs further ops so the
        // user sees one message, not a cascade. The arithmetic operators are hidden friends, so
        // that argument-dependent lookup finds them from any namespace (`bad * 2.0f` in main).
        struct ill_formed
        {
            template <class B>
            friend constexpr ill_formed operator+(ill_formed, B const&) noexcept { return {}; }
            template <class B>
            friend constexpr ill_formed operator-(ill_formed, B const&) noexcept { return {}; }
            template <class B>
            friend constexpr ill_formed operator*(ill_formed, B const&) noexcept { return {}; }
            template <class B>
            friend constexpr ill_formed operator/(ill_formed, B const&) noexcept { return {}; }
            template <class A>
                requires(!std::is_same_v<A, ill_formed>)
            friend constexpr ill_formed operator+(A const&, ill_formed) noexcept { return {}; }
            template <class A>
                requires(!std::is_same_v<A, ill_formed>)
            friend constexpr ill_formed operator-(A const&, ill_formed) noexcept { return {}; }
            template <class A>
                requires(!std::is_same_v<A, ill_formed>)
            friend constexpr ill_formed operator*(A const&, ill_formed) noexcept { return {}; }
            template <class A>
                requires(!std::is_same_v<A, ill_formed>)
            friend constexpr ill_formed operator/(A const&, ill_formed) noexcept { return {}; }
            friend constexpr ill_formed operator-(ill_formed) noexcept { return {}; }
        };
    }

    namespace expr
    {
        // ---- traits --------------------------------------------------------------------------

        template <class E>
        struct traits
        {
            static constexpr bool is_expression = false;
        };

        template <class P>
        struct traits<param_leaf<P>>
        {
            static constexpr bool is_expression = true;
            static constexpr bool is_leaf = true;
            using shape_type = typename P::shape_type;
            using value_type = typename P::value_type;
            static constexpr bool needs_grad = P::trainable;  // no gradient to a non-trainable param
            static constexpr bool pure = true;
            static constexpr bool batched = false;
        };

        template <class Tag, class T, class Shape>
        struct traits<data_leaf<Tag, T, Shape>>
        {
            static constexpr bool is_expression = true;
            static constexpr bool is_leaf = true;
            using shape_type = Shape;
            using value_type = T;
            static constexpr bool needs_grad = false;
            static constexpr bool pure = true;
            static constexpr bool batched = true;
        };

        template <class T>
        struct traits<scalar_leaf<T>>
        {
            static constexpr bool is_expression = true;
            static constexpr bool is_leaf = true;
            using shape_type = shape<>;
            using value_type = T;
            static constexpr bool needs_grad = false;
            static constexpr bool pure = false;
            static constexpr bool batched = false;
        };

        template <class T, class Shape>
        struct traits<constant_leaf<T, Shape>>
        {
            static constexpr bool is_expression = true;
            static constexpr bool is_leaf = true;
            using shape_type = Shape;
            using value_type = T;
            static constexpr bool needs_grad = false;
            static constexpr bool pure = false;
            static constexpr bool batched = false;
        };

        namespace detail
        {
            template <class... T>
            struct first_floating
            {
                using type = float;
            };
            template <class T, class... R>
            struct first_floating<T, R...>
            {
                using type = std::conditional_t<std::is_floating_point_v<T>, T, typename first_floating<R...>::type>;
            };

            // An op may say how batching flows through it (a reduction over axis 0 removes the
            // batch); by default the result is batched when any operand is.
            template <class Op, bool... ArgBatched>
            consteval bool op_batched()
            {
                if constexpr (requires { Op::template batched_result<ArgBatched...>; })
                {
                    return Op::template batched_result<ArgBatched...>;
                }
                else
                {
                    return (ArgBatched || ...);
                }
            }

            // The scalar type of a node: the op's own `value_type` when it names one (one_hot
            // of integer ids), else the first floating-point operand's.
            template <class Op, class... V>
            struct result_value
            {
                using type = typename first_floating<V...>::type;
            };
            template <class Op, class... V>
                requires requires { typename Op::value_type; }
            struct result_value<Op, V...>
            {
                using type = typename Op::value_type;
            };

            // Ops with hyper-parameters (leaky_relu's alpha) are not empty: two nodes of one type
            // may then compute different values, so they are never merged by type.
            template <class Op>
            inline constexpr bool op_pure = std::is_empty_v<Op>;
        }

        template <class Op, class... Args>
        struct traits<node<Op, Args...>>
        {
            static constexpr bool is_expression = true;
            static constexpr bool is_leaf = false;
            using shape_type = typename Op::shape_type;
            using value_type = typename detail::result_value<Op, typename traits<Args>::value_type...>::type;
            static constexpr bool needs_grad = (traits<Args>::needs_grad || ...) && !Op::blocks_gradient;
            static constexpr bool pure = detail::op_pure<Op> && (traits<Args>::pure && ...);
            static constexpr bool batched = detail::op_batched<Op, traits<Args>::batched...>();
        };
    }

    /// @brief Satisfied by graph nodes and leaves.
    template <class E>
    concept expression = expr::traits<std::remove_cvref_t<E>>::is_expression;

    /// @brief The static shape of an expression.
    template <class E>
    using shape_of_t = typename expr::traits<std::remove_cvref_t<E>>::shape_type;

    /// @brief The scalar type an expression computes in.
    template <class E>
    using value_type_of_t = typename expr::traits<std::remove_cvref_t<E>>::value_type;

    namespace detail
    {
        template <class T>
        inline constexpr bool is_absorbing_v =
            std::is_same_v<std::remove_cvref_t<T>, no_labels> || std::is_same_v<std::remove_cvref_t<T>, ill_formed>;

        /// @brief What an op returns when an operand is `no_labels` or already ill-formed.
        template <class... A>
        constexpr auto absorb() noexcept
        {
            if constexpr ((std::is_same_v<std::remove_cvref_t<A>, ill_formed> || ...))
            {
                return ill_formed{};
            }
            else
            {
                return no_labels{};
            }
        }
    }

    /// @brief Anything an op accepts: an expression, a param, a number, `no_labels`.
    template <class E>
    concept operand = expression<E> || is_param_v<std::remove_cvref_t<E>> || std::is_arithmetic_v<std::remove_cvref_t<E>>
                      || detail::is_absorbing_v<E>;

    namespace detail
    {
        template <class... A>
        inline constexpr bool any_absorbing_v = (is_absorbing_v<A> || ...);

        /// @brief An operand as a graph expression; a number becomes a scalar of type T.
        template <class T = float, class E>
        constexpr auto as_expr(E const& e) noexcept
        {
            using D = std::remove_cvref_t<E>;
            if constexpr (is_param_v<D>)
            {
                return expr::param_leaf<D>{&e};
            }
            else if constexpr (std::is_arithmetic_v<D>)
            {
                return expr::scalar_leaf<T>{static_cast<T>(e)};
            }
            else
            {
                return e;
            }
        }

        template <class E>
        using as_expr_t = decltype(as_expr(std::declval<E const&>()));

        /// @brief The scalar type of an operand (numbers take the type of the other operand).
        template <class E>
        struct operand_value
        {
            using type = void;
        };
        template <expression E>
        struct operand_value<E>
        {
            using type = value_type_of_t<E>;
        };
        template <fixed_string N, class S, class T, bool Trainable>
        struct operand_value<param<N, S, T, Trainable>>
        {
            using type = T;
        };
    }
}

#endif
