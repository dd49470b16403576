#ifndef XESTIMATOR_EXPR_GRAPH_HPP
#define XESTIMATOR_EXPR_GRAPH_HPP

/// @file
/// @brief The graph compiler: turns the types of a few root expressions into one flat,
/// topologically ordered list of distinct computations, entirely at compile time.
///
/// Merging rule: a pure subexpression (no run-time hyper-parameter anywhere in it) is known by its
/// type, so `y` used by the loss, the predictions and a metric is one entry, computed once, and a
/// param used twice is one leaf whose gradient accumulates both uses. A subexpression with a
/// run-time hyper-parameter (`x * 0.5f`, `leaky_relu(x, a)`) is known by its position instead,
/// because two nodes of that type may hold different numbers.

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include "../core/meta.hpp"
#include "node.hpp"

namespace xest::expr::graph
{
    using meta::list;

    /// @brief Where a node sits: root index, then the operand index at each level.
    template <std::size_t Root, class Path>
    struct position_key
    {
    };

    template <class Node, std::size_t Root, class Path>
    using key_t = std::conditional_t<traits<Node>::pure, Node, position_key<Root, Path>>;

    /// @brief One computation of the flat graph.
    template <class Key, class Node, std::size_t Root, class Path, class ChildKeys>
    struct entry
    {
        using key_type = Key;
        using node_type = Node;
        using path_type = Path;
        using child_keys = ChildKeys;
        static constexpr std::size_t root = Root;
    };

    namespace detail
    {
        template <class Path, std::size_t I>
        struct append;
        template <std::size_t... P, std::size_t I>
        struct append<std::index_sequence<P...>, I>
        {
            using type = std::index_sequence<P..., I>;
        };
        template <class Path, std::size_t I>
        using append_t = typename append<Path, I>::type;

        // Post-order traversal: operands first, then the node itself.
        template <class Node, std::size_t Root, class Path>
        struct collect
        {
            using type = list<entry<key_t<Node, Root, Path>, Node, Root, Path, list<>>>;
        };

        template <class Node, std::size_t Root, class Path, class Seq>
        struct collect_node;
        template <class Op, class... Args, std::size_t Root, class Path, std::size_t... I>
        struct collect_node<node<Op, Args...>, Root, Path, std::index_sequence<I...>>
        {
            using self = entry<key_t<node<Op, Args...>, Root, Path>, node<Op, Args...>, Root, Path,
                               list<key_t<Args, Root, append_t<Path, I>>...>>;
            using type = meta::concat_t<typename collect<Args, Root, append_t<Path, I>>::type..., list<self>>;
        };

        template <class Op, class... Args, std::size_t Root, class Path>
        struct collect<node<Op, Args...>, Root, Path>
            : collect_node<node<Op, Args...>, Root, Path, std::index_sequence_for<Args...>>
        {
        };

        template <class E>
        using key_of_t = typename E::key_type;

        template <class Roots, class Seq>
        struct compile;
        template <class... Roots, std::size_t... R>
        struct compile<list<Roots...>, std::index_sequence<R...>>
        {
            using all = meta::concat_t<list<>, typename collect<Roots, R, std::index_sequence<>>::type...>;
            // Keeps the first entry of each key: its operands then already precede it.
            using type = meta::unique_by_t<all, key_of_t>;
        };
    }

    /// @brief The flat graph of the given root expression types.
    template <class... Roots>
    using compile_t = typename detail::compile<list<std::remove_cv_t<Roots>...>, std::index_sequence_for<Roots...>>::type;

    /// @brief Every occurrence of every node, before merging (used to check merged leaves).
    template <class... Roots>
    using occurrences_t = typename detail::compile<list<std::remove_cv_t<Roots>...>, std::index_sequence_for<Roots...>>::all;

    /// @brief Index of the entry with key K in the entry list L.
    template <class K, class L>
    struct index_of;
    template <class K, class... E>
    struct index_of<K, list<E...>>
    {
        static constexpr std::size_t value = meta::find_v<K, typename E::key_type...>;
    };

    template <class Root, std::size_t R>
    using root_key_t = key_t<Root, R, std::index_sequence<>>;

    // Maximum number of operands of one node.
    inline constexpr std::size_t max_arity = 4;

    /// @brief Compile-time tables of the flat graph: operands, gradient flow, what each root needs.
    template <class Entries>
    struct tables;
    template <class... E>
    struct tables<list<E...>>
    {
        static constexpr std::size_t size = sizeof...(E);
        using entries = list<E...>;

        template <class Keys>
        struct child_indices;
        template <class... K>
        struct child_indices<list<K...>>
        {
            static constexpr std::array<std::size_t, max_arity> value = [] {
                std::array<std::size_t, max_arity> out{};
                std::size_t const idx[] = {index_of<K, entries>::value..., 0};
                for (std::size_t i = 0; i < sizeof...(K); ++i)
                {
                    out[i] = idx[i];
                }
                return out;
            }();
        };

        static constexpr std::array<std::size_t, size> arity{E::child_keys::size...};
        static constexpr std::array<std::array<std::size_t, max_arity>, size> children{child_indices<typename E::child_keys>::value...};
        static constexpr std::array<bool, size> needs_grad{traits<typename E::node_type>::needs_grad...};
        static constexpr std::array<bool, size> is_leaf{traits<typename E::node_type>::is_leaf...};

        /// @brief Entries needed to compute the given roots (by entry index).
        template <std::size_t... Root>
        static constexpr std::array<bool, size> closure()
        {
            std::array<bool, size> in{};
            ((in[Root] = true), ...);
            for (std::size_t i = size; i-- > 0;)
            {
                if (in[i])
                {
                    for (std::size_t j = 0; j < arity[i]; ++j)
                    {
                        in[children[i][j]] = true;
                    }
                }
            }
            return in;
        }

        /// @brief Entries whose adjoint the backward pass from `Root` writes.
        template <std::size_t Root>
        static constexpr std::array<bool, size> active()
        {
            std::array<bool, size> on{};
            on[Root] = needs_grad[Root];
            for (std::size_t i = size; i-- > 0;)
            {
                if (on[i] && !is_leaf[i])
                {
                    for (std::size_t j = 0; j < arity[i]; ++j)
                    {
                        if (needs_grad[children[i][j]])
                        {
                            on[children[i][j]] = true;
                        }
                    }
                }
            }
            return on;
        }

        /// @brief The operands of entry I whose adjoint the backward pass from `Root` writes, as
        /// a bit set (bit J: operand J).
        template <std::size_t Root, std::size_t I>
        static constexpr std::size_t active_operands()
        {
            constexpr auto on = active<Root>();
            std::size_t bits = 0;
            for (std::size_t j = 0; j < arity[I]; ++j)
            {
                if (on[children[I][j]])
                {
                    bits |= std::size_t{1} << j;
                }
            }
            return bits;
        }

        /// @brief True when operand J of entry I is the first to write its operand's adjoint in
        /// the backward pass (which then assigns instead of accumulating: no zero fill needed).
        template <std::size_t Root, std::size_t I, std::size_t J>
        static constexpr bool first_write()
        {
            constexpr auto on = active<Root>();
            std::size_t const c = children[I][J];
            for (std::size_t q = I + 1; q < size; ++q)
            {
                if (on[q] && !is_leaf[q])
                {
                    for (std::size_t j = 0; j < arity[q]; ++j)
                    {
                        if (children[q][j] == c)
                        {
                            return false;
                        }
                    }
                }
            }
            for (std::size_t j = 0; j < J; ++j)
            {
                if (children[I][j] == c)
                {
                    return false;
                }
            }
            return true;
        }
    };
}

#endif
