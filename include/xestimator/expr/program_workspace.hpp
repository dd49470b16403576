#ifndef XESTIMATOR_EXPR_PROGRAM_WORKSPACE_HPP
#define XESTIMATOR_EXPR_PROGRAM_WORKSPACE_HPP

/// @file
/// @brief The layout of a program's workspace (program.hpp), computed from the graph's entries
/// at compile time: each entry's slot (value, adjoint, saved extras), the params it reads, and
/// how an entry's expression is reached from its root.

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include "../core/meta.hpp"
#include "graph.hpp"
#include "node.hpp"
#include "op_base.hpp"
#include "param_copies.hpp"

namespace xest::expr
{
    namespace detail
    {
        template <class T, std::size_t N>
        struct buffer
        {
            alignas(T) alignas(XESTIMATOR_BUFFER_ALIGNMENT) T data[N];
        };

        template <class Node>
        struct is_param_leaf : std::false_type
        {
        };
        template <class P>
        struct is_param_leaf<param_leaf<P>> : std::true_type
        {
            using param_type = P;
        };

        template <class Node>
        struct scratch_of
        {
            using type = no_scratch;
        };
        template <class Op, class... A>
        struct scratch_of<node<Op, A...>>
        {
            using type = typename Op::scratch_type;
        };

        // What one entry keeps in the workspace: its value (op nodes), its adjoint (when a
        // gradient flows through it), and any extra values its op saves for backward.
        template <class Entry, bool Gradients>
        struct slot
        {
            using node_type = typename Entry::node_type;
            using value_type = value_type_of_t<node_type>;
            static constexpr std::size_t size = shape_of_t<node_type>::size;
            static constexpr bool has_value = !traits<node_type>::is_leaf;
            static constexpr bool has_adjoint = Gradients && traits<node_type>::needs_grad;

            struct empty
            {
            };
            [[no_unique_address]] std::conditional_t<has_value, buffer<value_type, size>, empty> value;
            [[no_unique_address]] std::conditional_t<has_adjoint, buffer<value_type, size>, empty> adjoint;
            [[no_unique_address]] typename scratch_of<node_type>::type scratch;
        };

        template <class Node>
        constexpr Node const& navigate(Node const& n, std::index_sequence<>) noexcept
        {
            return n;
        }
        template <class Node, std::size_t I, std::size_t... Rest>
        constexpr auto const& navigate(Node const& n, std::index_sequence<I, Rest...>) noexcept
        {
            return navigate(std::get<I>(n.args), std::index_sequence<Rest...>{});
        }

        // The param an entry reads, as a list of zero or one type.
        template <class E>
        struct param_read_by
        {
            using type = graph::list<>;
        };
        template <class Key, class Q, std::size_t Root, class Path, class Children>
        struct param_read_by<graph::entry<Key, param_leaf<Q>, Root, Path, Children>>
        {
            using type = graph::list<Q>;
        };

        // The param types a graph reads, in entry order, as param_copies<P...>.
        template <class Entries>
        struct param_copies_of;
        template <class... E>
        struct param_copies_of<graph::list<E...>>
        {
            using type = meta::rename_t<meta::concat_t<graph::list<>, typename param_read_by<E>::type...>, param_copies>;
        };

        template <class Entries, bool Gradients>
        struct workspace_of;
        template <class... E, bool Gradients>
        struct workspace_of<graph::list<E...>, Gradients>
        {
            using type = std::tuple<slot<E, Gradients>...>;
            using entries_tuple = std::tuple<E...>;
        };
    }
}

#endif
