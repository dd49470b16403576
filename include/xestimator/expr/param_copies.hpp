#ifndef XESTIMATOR_EXPR_PARAM_COPIES_HPP
#define XESTIMATOR_EXPR_PARAM_COPIES_HPP

/// @file
/// @brief `param_copies<P...>`: private copies of a few params that a training loop reads and
/// updates in place of the params themselves, then stores back.
///
/// Why: a param lives in the model and the graph reaches it through a pointer, so the compiler
/// must assume that any store in the loop (the next batch written into the batch buffer) may
/// change it. Every step then writes the updated value to memory and reads it back, and on a
/// small model that round trip is a large part of the step (the 1x1 seed model: 7.7 ns instead
/// of 5.7 ns). Copies held in a local object whose address goes nowhere else cannot be changed
/// by those stores, so the compiler keeps them in registers across steps.
///
///     auto local = program.copy_params();        // before the loop
///     program.forward<0>(local); program.backward<0>(local);
///     auto grads = local.take_gradients(program); // right after backward
///     optimizer.update(..., local.data<P>(), grads.data<P>(), ...);
///     local.store(model.W);                       // after the loop, for each param
///
/// The gradients are copied too, straight after backward wrote them: read later from the
/// program's workspace (after the hooks' calls between backward and the update), the compiler
/// loads each one back from memory, and that load sits on the step-to-step chain of a small
/// model (the 1x1 seed model: 8.8 ns per step through the workspace, 6 ns from the copy).

#include <cstddef>
#include <tuple>
#include <type_traits>

#include "../core/meta.hpp"

namespace xest::expr
{
    namespace detail
    {
        /// @brief One plain array per param of P... (the values or the gradients of a few
        /// params), found by the param's type.
        template <class... P>
        class per_param_arrays
        {
        public:
            /// @brief True when Q is one of the params.
            template <class Q>
            static constexpr bool holds = (std::is_same_v<Q, P> || ...);

            template <class Q>
            auto* data() noexcept
            {
                if constexpr (holds<Q>)
                {
                    return std::get<meta::find_v<Q, P...>>(m_arrays).v;
                }
                else
                {
                    return not_held<Q>();
                }
            }
            template <class Q>
            auto const* data() const noexcept
            {
                if constexpr (holds<Q>)
                {
                    return std::get<meta::find_v<Q, P...>>(m_arrays).v;
                }
                else
                {
                    return not_held<Q>();
                }
            }

        private:
            // Plain arrays, no over-alignment: the compiler may then hold them in registers.
            template <class Q>
            struct array
            {
                typename Q::value_type v[Q::size];
            };

            // The one message for a param that is not held; nothing deeper is instantiated.
            template <class Q>
            static typename Q::value_type* not_held() noexcept
            {
                static_assert(holds<Q>, "xestimator: param_copies does not hold this param.");
                return nullptr;
            }

            std::tuple<array<P>...> m_arrays;
        };
    }

    /// @brief Copies of the gradients of params P... (see the file comment), a local of the step.
    template <class... P>
    class gradient_copies : public detail::per_param_arrays<P...>
    {
    public:
        /// @brief Copies the gradient of every param of P... that `program` computes.
        template <class Program>
        void take(Program& program) noexcept
        {
            (take_one<P>(program), ...);
        }

    private:
        template <class Q, class Program>
        void take_one(Program& program) noexcept
        {
            if constexpr (Program::template has_gradient<Q>())
            {
                auto const* in = program.template gradient<Q>();
                auto* out = this->template data<Q>();
                for (std::size_t i = 0; i < Q::size; ++i)
                {
                    out[i] = in[i];
                }
            }
        }
    };

    template <class... P>
    class param_copies : public detail::per_param_arrays<P...>
    {
    public:
        /// @brief Copies the current values of the params.
        explicit param_copies(P const&... params) noexcept
        {
            (load(params), ...);
        }

        /// @brief Copies of the gradients of the held params that `program` computes (call it
        /// right after backward).
        template <class Program>
        gradient_copies<P...> take_gradients(Program& program) const noexcept
        {
            gradient_copies<P...> g;
            g.take(program);
            return g;
        }

        /// @brief Copies the current value of param q.
        template <class Q>
        void load(Q const& q) noexcept
        {
            auto* out = this->template data<Q>();
            for (std::size_t i = 0; i < Q::size; ++i)
            {
                out[i] = q.value.data()[i];
            }
        }

        /// @brief Writes the copy of param q back into q.
        template <class Q>
        void store(Q& q) const noexcept
        {
            auto const* in = this->template data<Q>();
            for (std::size_t i = 0; i < Q::size; ++i)
            {
                q.value.data()[i] = in[i];
            }
        }
    };

    /// @brief Bindings that copy nothing: every param is read where it lives.
    struct no_param_copies
    {
        template <class Q>
        static constexpr bool holds = false;

        template <class Program>
        static no_param_copies take_gradients(Program&) noexcept
        {
            return {};
        }
    };

    /// @brief The values a training step updates for param p: its copy when `copies` holds
    /// one, else the param's own.
    template <class Copies, class P>
    auto* values_for(Copies& copies, P& p) noexcept
    {
        if constexpr (Copies::template holds<P>)
        {
            return copies.template data<P>();
        }
        else
        {
            return p.value.data();
        }
    }

    /// @brief The gradient of param p a training step updates with: its copy when `gradients`
    /// (from take_gradients()) holds one, else the program's own.
    template <class Gradients, class Program, class P>
    auto* gradient_for(Gradients& gradients, Program& program, P const&) noexcept
    {
        if constexpr (Gradients::template holds<P>)
        {
            return gradients.template data<P>();
        }
        else
        {
            return program.template gradient<P>();
        }
    }

    /// @brief Writes the copy of p (if `copies` holds one) back into p.
    template <class Copies, class P>
    void write_through(Copies const& copies, P& p) noexcept
    {
        if constexpr (Copies::template holds<P>)
        {
            copies.store(p);
        }
    }

    /// @brief Graphs whose params hold at most this many numbers in all are trained on copies
    /// (a few registers' worth); larger params would live in memory anyway, where a copy only
    /// adds work.
    inline constexpr std::size_t step_copies_limit = 16;

    namespace detail
    {
        template <class... P>
        constexpr std::size_t copied_size(param_copies<P...> const*) noexcept
        {
            return (std::size_t{0} + ... + P::size);
        }
    }

    /// @brief What a training loop over `program` reads params from: copies of them when they
    /// are small (see step_copies_limit), else the params themselves.
    template <class Program>
    auto step_copies(Program const& program) noexcept
    {
        using copies = typename Program::param_copies_type;
        if constexpr (detail::copied_size(static_cast<copies const*>(nullptr)) <= step_copies_limit)
        {
            return program.copy_params();
        }
        else
        {
            return no_param_copies{};
        }
    }
}

#endif
