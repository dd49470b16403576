#ifndef XESTIMATOR_EXPR_PROGRAM_WORKSPACE_HPP
#define XESTIMATOR_EXPR_PROGRAM_WORKSPACE_HPP

/// @file
/// @brief The layout of a program's workspace (program.hpp), computed from the graph's entries
/// at compile time: each entry's slot (value, adjoint, saved extras), the params' gradient block,
/// the params an entry reads, and how an entry's expression is reached from its root (with the
/// check that two leaves merged into one entry are one object).

#include <array>
#include <cstddef>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "../core/error.hpp"
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

        // The adjoint of a trainable param leaf, which the gradient block below may hold instead
        // of the entry's slot.
        template <class Entry, bool Gradients>
        inline constexpr bool is_param_gradient =
            Gradients && is_param_leaf<typename Entry::node_type>::value && traits<typename Entry::node_type>::needs_grad;

        // The value type of an entry; `no_entry` (a graph without param gradients) has float.
        struct no_entry
        {
        };
        template <class Entry>
        struct entry_value
        {
            using type = value_type_of_t<typename Entry::node_type>;
        };
        template <>
        struct entry_value<no_entry>
        {
            using type = float;
        };

        // The params' gradients as one block, in entry order, each starting on an
        // XESTIMATOR_BUFFER_ALIGNMENT boundary: the update
        // and data-parallel training's allreduce see them as one contiguous array, which is
        // summed in place instead of being packed into a message and back (distribute/
        // mpi_optimizer.hpp). Only when every such param has one value type; otherwise each
        // gradient stays in its entry's slot and `present` is false.
        template <class Entries, bool Gradients>
        struct gradient_block_layout;
        template <class... E, bool Gradients>
        struct gradient_block_layout<graph::list<E...>, Gradients>
        {
            static constexpr std::size_t first = meta::find_v<std::true_type, std::bool_constant<is_param_gradient<E, Gradients>>...>;
            using value_type = typename entry_value<meta::at_t<first, E..., no_entry>>::type;
            static constexpr bool present = []
            {
                // An array rather than a fold: clang refuses folds of over 256 operands.
                constexpr bool same[] = {(!is_param_gradient<E, Gradients> || std::is_same_v<typename entry_value<E>::type, value_type>)...,
                                         true};
                bool all = first < sizeof...(E);
                for (bool b : same)
                {
                    all = all && b;
                }
                return all;
            }();

            static constexpr std::array<bool, sizeof...(E)> in_block{(present && is_param_gradient<E, Gradients>)...};
            static constexpr std::size_t align = XESTIMATOR_BUFFER_ALIGNMENT / sizeof(value_type) > 0
                                                     ? XESTIMATOR_BUFFER_ALIGNMENT / sizeof(value_type)
                                                     : 1;
            static constexpr auto offsets = []
            {
                std::array<std::size_t, sizeof...(E) + 1> o{};
                constexpr std::array<std::size_t, sizeof...(E)> sizes{shape_of_t<typename E::node_type>::size...};
                for (std::size_t i = 0; i < sizeof...(E); ++i)
                {
                    o[i + 1] = o[i] + (in_block[i] ? (sizes[i] + align - 1) / align * align : 0);
                }
                return o;
            }();
            static constexpr std::size_t size = offsets[sizeof...(E)];
        };

        // The block itself; zero at construction, so the padding between gradients stays zero.
        template <class T, std::size_t N>
        struct gradient_block
        {
            buffer<T, N> values{};
            T* data() noexcept { return values.data; }
        };
        template <class T>
        struct gradient_block<T, 0>
        {
            T* data() noexcept { return nullptr; }
        };

        // What one entry keeps in the workspace: its value (op nodes), its adjoint (when a
        // gradient flows through it and the gradient block does not hold it), and any extra
        // values its op saves for backward.
        template <class Entry, bool Gradients, bool InBlock>
        struct slot
        {
            using node_type = typename Entry::node_type;
            using value_type = value_type_of_t<node_type>;
            static constexpr std::size_t size = shape_of_t<node_type>::size;
            static constexpr bool has_value = !traits<node_type>::is_leaf;
            static constexpr bool has_adjoint = Gradients && traits<node_type>::needs_grad && !InBlock;

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

        // Refuses two distinct leaves of one type, which the graph merged into one entry (the
        // program's constructor checks every occurrence against the entry's node).
        template <class N>
        void check_same_leaf(N const& here, N const& kept)
        {
            if constexpr (is_param_leaf<N>::value)
            {
                if (here.target != kept.target)
                {
                    raise<config_error>("two different params of one name and shape are used in one graph",
                                        []
                                        {
                                            return "two different params named \"" + std::string(is_param_leaf<N>::param_type::name_view())
                                                   + "\" with the same shape are used in one graph; give each its own "
                                                     "name (for layers: nn::dense<In, Out, Activation, \"name\">)";
                                        });
                }
            }
            else if (here.data != kept.data)
            {
                raise<config_error>("two different data tensors of the same tag and shape are used in one graph "
                                    "(features and labels placeholders are made by the estimator)");
            }
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
            using gradient_layout = gradient_block_layout<graph::list<E...>, Gradients>;
            template <std::size_t... I>
            static auto slots(std::index_sequence<I...>) -> meta::tuple<slot<E, Gradients, gradient_layout::in_block[I]>...>;
            using type = decltype(slots(std::index_sequence_for<E...>{}));
            template <std::size_t I>
            using entry_t = meta::at_t<I, E...>;
        };
    }
}

#endif
