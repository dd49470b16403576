#ifndef XESTIMATOR_EXPR_PROGRAM_HPP
#define XESTIMATOR_EXPR_PROGRAM_HPP

/// @file
/// @brief `program<Roots...>`: the workspace and the two evaluators (forward and backward) of a
/// compiled graph. The workspace is one struct whose layout follows from the root types; running
/// a program allocates nothing and dispatches nothing at run time.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>

#include "../core/in_order.hpp"
#include "../core/meta.hpp"
#include "graph.hpp"
#include "node.hpp"
#include "op_base.hpp"
#include "param_copies.hpp"
#include "program_workspace.hpp"

namespace xest::expr
{
    /// @brief A compiled graph over the given root expressions.
    /// @tparam Gradients whether the workspace holds adjoints (training) or values only
    /// @tparam Roots the root expression types; their objects must outlive the program
    template <bool Gradients, class... Roots>
    class program
    {
    public:
        using entries = graph::compile_t<Roots...>;
        using tables = graph::tables<entries>;
        static constexpr std::size_t size = tables::size;
        /// @brief Where each param's gradient lies in gradient_block() (program_workspace.hpp).
        using gradient_layout = typename detail::workspace_of<entries, Gradients>::gradient_layout;

        /// @brief Binds the roots. Leaves of one type are one graph entry, so two distinct params
        /// of one type (same name and shape), or two data tensors of one tag and shape, cannot be
        /// told apart: that is refused here with config_error naming the param.
        explicit program(Roots const&... roots)
            : m_roots{{{&roots}...}}
        {
            meta::for_each_type<graph::occurrences_t<Roots...>>(
                [&]<class Occurrence>(std::type_identity<Occurrence>) { check_merged_leaf<Occurrence>(); });
        }

        program(program const&) = delete;
        program& operator=(program const&) = delete;

        /// @brief Sets how many rows of the current batch are real examples.
        void set_rows(std::size_t rows) noexcept
        {
            m_ctx.rows = rows;
        }

        /// @brief Sets the seed of the random ops (see expr::context); the estimator sets
        /// run_config::random_seed. A program used alone draws with seed 0.
        void set_random_seed(std::uint64_t seed) noexcept
        {
            m_ctx.seed = seed;
        }

        /// @brief Sets the step the random ops draw for (the estimator: the global step before
        /// the update), so every step draws new numbers and a resumed step draws the same ones.
        void set_step(std::int64_t step) noexcept
        {
            m_ctx.step = step;
        }

        expr::context const& context() const noexcept
        {
            return m_ctx;
        }

        /// @brief Entry index of root R.
        template <std::size_t R>
        static constexpr std::size_t root_index =
            graph::index_of<graph::root_key_t<std::remove_cv_t<meta::at_t<R, Roots...>>, R>, entries>::value;

        /// @brief Computes the values of roots R... (and of nothing they do not need).
        template <std::size_t... R>
        void forward() noexcept
        {
            forward<R...>(no_param_copies{});
        }

        /// @brief forward<R...>() reading the params held by `copies` from there (see
        /// param_copies.hpp) and any other param from the param itself.
        template <std::size_t... R, class Copies>
        void forward(Copies const& copies) noexcept
        {
            constexpr auto mask = tables::template closure<root_index<R>...>();
            run_forward<mask>(copies, std::make_index_sequence<size>{});
        }

        /// @brief The type of copies of every param the graph reads.
        using param_copies_type = typename detail::param_copies_of<entries>::type;

        /// @brief Copies of every param the graph reads, holding their current values.
        param_copies_type copy_params() const noexcept
        {
            return copy_params_of(std::type_identity<param_copies_type>{});
        }

        /// @brief Computes the values of every root.
        void forward_all() noexcept
        {
            [this]<std::size_t... R>(std::index_sequence<R...>) { this->template forward<R...>(); }(
                std::index_sequence_for<Roots...>{});
        }

        /// @brief Calls f(std::type_identity<P>{}) for every distinct param type the graph reads.
        template <class F>
        static constexpr void for_each_param_type(F&& f)
        {
            [&]<std::size_t... I>(std::index_sequence<I...>)
            {
                xest::detail::in_order{(visit_param_type<I>(f), 0)...};
            }(std::make_index_sequence<size>{});
        }

        /// @brief Writes d root / d x into the adjoint of every entry x that root R depends on
        /// through differentiable ops; R must be a scalar computed by forward().
        template <std::size_t R>
        void backward() noexcept
        {
            backward<R>(no_param_copies{});
        }

        /// @brief backward<R>() reading the params held by `copies` from there, starting from
        /// d root / d root = `seed` (every adjoint is then `seed` times the derivative).
        template <std::size_t R, class Copies>
        void backward([[maybe_unused]] Copies const& copies, [[maybe_unused]] double seed = 1.0) noexcept
        {
            static_assert(Gradients, "This program was compiled without gradients (program<false, ...>).");
            if constexpr (Gradients) // nothing deeper after the message: no adjoint to write
            {
                constexpr std::size_t root = root_index<R>;
                using root_node = typename entry_t<root>::node_type;
                static_assert(shape_of_t<root_node>::size == 1,
                              "Gradients flow from a scalar: reduce the loss with xest::mean or xest::sum first.");
                if constexpr (tables::needs_grad[root])
                {
                    meta::get<root>(m_slots).adjoint.data[0] = static_cast<value_type_of_t<root_node>>(seed);
                    run_backward<root>(copies, std::make_index_sequence<size>{});
                }
            }
        }

        /// @brief Pointer to the value of root R (row-major, shape_of_t<root>).
        template <std::size_t R>
        auto const* value() const noexcept
        {
            return value_ptr<root_index<R>>(no_param_copies{});
        }

        /// @brief True when the backward pass from root R writes a gradient for param P.
        template <class P, std::size_t R = 0>
        static constexpr bool has_gradient()
        {
            constexpr std::size_t i = graph::index_of<param_leaf<P>, entries>::value;
            if constexpr (i == size)
            {
                return false;
            }
            else
            {
                return tables::template active<root_index<R>>()[i];
            }
        }

        /// @brief The gradient of param P (valid after backward when has_gradient<P>()).
        template <class P>
        auto* gradient() noexcept
        {
            constexpr std::size_t i = graph::index_of<param_leaf<P>, entries>::value;
            static_assert(i < size, "xestimator: gradient<P>() of a param this graph does not read.");
            if constexpr (i < size)
            {
                return adjoint_of<i>();
            }
            else
            {
                return static_cast<typename P::value_type*>(nullptr);
            }
        }

        /// @brief Whether every param gradient lies in one contiguous block (gradient_block()):
        /// true when the graph has trainable params and they share one value type.
        static constexpr bool has_gradient_block = gradient_layout::present;

        /// @brief Every param gradient in one array, in entry order, each starting on an
        /// XESTIMATOR_BUFFER_ALIGNMENT boundary; the padding between them is zero. Empty without
        /// has_gradient_block.
        std::span<typename gradient_layout::value_type> gradient_block() noexcept
        {
            return {m_gradients.data(), gradient_layout::size};
        }

        /// @brief Visits every param leaf of the graph: f(P const&) for each distinct param.
        template <class F>
        void for_each_param(F&& f) const
        {
            visit_params(f, std::make_index_sequence<size>{});
        }

    private:
        using workspace_type = typename detail::workspace_of<entries, Gradients>::type;
        template <std::size_t I>
        using entry_t = typename detail::workspace_of<entries, Gradients>::template entry_t<I>;

        template <class Occurrence>
        void check_merged_leaf() const
        {
            using N = typename Occurrence::node_type;
            if constexpr (detail::is_param_leaf<N>::value || requires(N n) { n.data; })
            {
                constexpr std::size_t i = graph::index_of<typename Occurrence::key_type, entries>::value;
                detail::check_same_leaf(detail::navigate(*meta::get<Occurrence::root>(m_roots), typename Occurrence::path_type{}),
                                        node_at<i>());
            }
        }

        template <std::size_t I>
        auto const& node_at() const noexcept
        {
            using E = entry_t<I>;
            return detail::navigate(*meta::get<E::root>(m_roots), typename E::path_type{});
        }

        template <class... P>
        param_copies<P...> copy_params_of(std::type_identity<param_copies<P...>>) const noexcept
        {
            return param_copies<P...>(*node_at<graph::index_of<param_leaf<P>, entries>::value>().target...);
        }

        // Where entry I's adjoint lives: the gradient block for a param, else its slot.
        template <std::size_t I>
        auto* adjoint_of() noexcept
        {
            if constexpr (gradient_layout::in_block[I])
            {
                return m_gradients.data() + gradient_layout::offsets[I];
            }
            else
            {
                return meta::get<I>(m_slots).adjoint.data;
            }
        }

        template <std::size_t I, class Copies>
        auto const* value_ptr(Copies const& copies) const noexcept
        {
            using N = typename entry_t<I>::node_type;
            if constexpr (!traits<N>::is_leaf)
            {
                return static_cast<value_type_of_t<N> const*>(meta::get<I>(m_slots).value.data);
            }
            else if constexpr (detail::is_param_leaf<N>::value)
            {
                if constexpr (Copies::template holds<typename detail::is_param_leaf<N>::param_type>)
                {
                    return copies.template data<typename detail::is_param_leaf<N>::param_type>();
                }
                else
                {
                    return node_at<I>().target->value.data();
                }
            }
            else if constexpr (requires { node_at<I>().data; })
            {
                return node_at<I>().data;
            }
            else if constexpr (requires { node_at<I>().value.data(); })
            {
                return node_at<I>().value.data();
            }
            else
            {
                return &node_at<I>().value;
            }
        }

        template <auto Mask, class Copies, std::size_t... I>
        void run_forward(Copies const& copies, std::index_sequence<I...>) noexcept
        {
            xest::detail::in_order{(forward_one<Mask, I>(copies), 0)...};
        }

        template <auto Mask, std::size_t I, class Copies>
        void forward_one(Copies const& copies) noexcept
        {
            if constexpr (Mask[I] && !tables::is_leaf[I])
            {
                auto& s = meta::get<I>(m_slots);
                call_forward<I>(s, copies, std::make_index_sequence<tables::arity[I]>{});
            }
        }

        template <std::size_t I, class Slot, class Copies, std::size_t... J>
        void call_forward(Slot& s, Copies const& copies, std::index_sequence<J...>) noexcept
        {
            node_at<I>().op.forward(m_ctx, s.scratch, s.value.data, value_ptr<tables::children[I][J]>(copies)...);
        }

        template <std::size_t Root, class Copies, std::size_t... I>
        void run_backward(Copies const& copies, std::index_sequence<I...>) noexcept
        {
            xest::detail::in_order{(backward_one<Root, size - 1 - I>(copies), 0)...};
        }

        template <std::size_t Root, std::size_t I, class Copies>
        void backward_one(Copies const& copies) noexcept
        {
            if constexpr (tables::template active<Root>()[I] && !tables::is_leaf[I])
            {
                constexpr auto n = tables::arity[I];
                begin_backward<Root, I>();
                backward_operands<Root, I>(copies, std::make_index_sequence<n>{});
            }
        }

        // An op's optional begin_backward<Operands>(ctx, scratch, dout, out) runs once before the
        // adjoints of its operands, given the set of those that need one (graph::tables::
        // active_operands): work they share (the ReLU mask of a fused product) is done once.
        template <std::size_t Root, std::size_t I>
        void begin_backward() noexcept
        {
            constexpr std::size_t operands = tables::template active_operands<Root, I>();
            auto& s = meta::get<I>(m_slots);
            auto const& op = node_at<I>().op;
            if constexpr (operands != 0 && requires { op.template begin_backward<operands>(m_ctx, s.scratch, s.adjoint.data, s.value.data); })
            {
                op.template begin_backward<operands>(m_ctx, s.scratch, s.adjoint.data, s.value.data);
            }
        }

        template <std::size_t Root, std::size_t I, class Copies, std::size_t... J>
        void backward_operands(Copies const& copies, std::index_sequence<J...>) noexcept
        {
            (backward_operand<Root, I, J>(copies), ...);
        }

        template <std::size_t Root, std::size_t I, std::size_t J, class Copies>
        void backward_operand(Copies const& copies) noexcept
        {
            constexpr std::size_t c = tables::children[I][J];
            if constexpr (tables::template active<Root>()[c])
            {
                auto& s = meta::get<I>(m_slots);
                call_backward<I, J, tables::template first_write<Root, I, J>()>(
                    s, adjoint_of<c>(), copies, std::make_index_sequence<tables::arity[I]>{});
            }
        }

        template <std::size_t I, std::size_t J, bool Assign, class Slot, class D, class Copies, std::size_t... K>
        void call_backward(Slot& s, D* d, Copies const& copies, std::index_sequence<K...>) noexcept
        {
            node_at<I>().op.template backward<J, Assign>(m_ctx, s.scratch, s.adjoint.data, s.value.data, d,
                                                         value_ptr<tables::children[I][K]>(copies)...);
        }

        template <std::size_t I, class F>
        static constexpr void visit_param_type(F& f)
        {
            using N = typename entry_t<I>::node_type;
            if constexpr (detail::is_param_leaf<N>::value)
            {
                f(std::type_identity<typename detail::is_param_leaf<N>::param_type>{});
            }
        }

        template <class F, std::size_t... I>
        void visit_params(F& f, std::index_sequence<I...>) const
        {
            xest::detail::in_order{(visit_param<I>(f), 0)...};
        }

        template <std::size_t I, class F>
        void visit_param(F& f) const
        {
            if constexpr (detail::is_param_leaf<typename entry_t<I>::node_type>::value)
            {
                f(*node_at<I>().target);
            }
        }

        meta::tuple<Roots const*...> m_roots;
        expr::context m_ctx{};
        workspace_type m_slots;
        detail::gradient_block<typename gradient_layout::value_type, gradient_layout::size> m_gradients{};
    };
}

#endif
