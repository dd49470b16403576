#ifndef XESTIMATOR_ESTIMATOR_OPTIMIZER_STEP_HPP
#define XESTIMATOR_ESTIMATOR_OPTIMIZER_STEP_HPP

/// @file
/// @brief What the training loop does to the state besides forward and backward: the optimizer
/// update of every param, and the snapshots a rollback returns to.

#include <cstdint>
#include <span>
#include <tuple>
#include <type_traits>

#include "../expr/param_copies.hpp"
#include "../optim/concepts.hpp"
#include "model_params.hpp"
#include "training_state.hpp"

namespace xest::detail
{
    /// @brief What an optimizer's `preprocess(each)` receives: `each(f)` calls
    /// `f(std::span<T> gradient)` for every param with a gradient, in the model's order;
    /// `contiguous()` is every gradient as one array (the program's gradient block, zero between
    /// gradients) when they all live there, else an empty span. Data-parallel training sums that
    /// array in place (distribute/mpi_optimizer.hpp). `loss_gradient_scale` is the value backward
    /// started from (optim::loss_gradient_scale_of): the gradients are scaled by it.
    template <class State, class Program, class Gradients>
    struct gradient_visitor
    {
        State& state;
        Program& program;
        Gradients& gradients;
        float loss_gradient_scale = 1.0f;

        template <class F>
        void operator()(F&& f) const
        {
            for_each_model_param(*state.model,
                                 [&](auto& p)
                                 {
                                     using P = std::remove_cvref_t<decltype(p)>;
                                     if constexpr (Program::template has_gradient<P>())
                                     {
                                         f(std::span<typename P::value_type>(expr::gradient_for(gradients, program, p), P::size));
                                     }
                                 });
        }

        auto contiguous() const noexcept
        {
            if constexpr (Program::has_gradient_block && !gradient_copied(static_cast<model_params_t<typename State::model_type>*>(nullptr)))
            {
                return program.gradient_block();
            }
            else
            {
                return decltype(program.gradient_block()){};
            }
        }

        // Whether the loop reads some param's gradient from its local copy (param_copies.hpp)
        // rather than from the program's block.
        template <class... P>
        static constexpr bool gradient_copied(std::tuple<P...>*)
        {
            // An array rather than a fold: clang refuses folds of over 256 operands.
            constexpr bool copied[] = {(Program::template has_gradient<P>() && Gradients::template holds<P>)..., false};
            for (bool c : copied)
            {
                if (c)
                {
                    return true;
                }
            }
            return false;
        }
    };

    /// @brief One optimizer update of every param with a gradient; a param held in `copies` is
    /// updated there (with `gradients`, the copies taken after backward) and written through to the model.
    template <class Optimizer, class State, class Program, class Copies, class Gradients>
    void apply_update(Optimizer const& optimizer, State& state, Program& program, std::int64_t step, float lr, Copies& copies,
                      Gradients& gradients)
    {
        using params_type = model_params_t<typename State::model_type>;
        auto const ctx = optimizer.prepare(step, lr);
        if constexpr (optim::has_preprocess<Optimizer, gradient_visitor<State, Program, Gradients>>)
        {
            gradient_visitor<State, Program, Gradients> each_gradient{state, program, gradients, optim::loss_gradient_scale_of(optimizer)};
            optimizer.preprocess(each_gradient);
        }
        for_each_model_param(*state.model,
                             [&](auto& p)
                             {
                                 using P = std::remove_cvref_t<decltype(p)>;
                                 using T = typename P::value_type;
                                 if constexpr (Program::template has_gradient<P>())
                                 {
                                     auto& slots = std::get<param_index<P, params_type>::value>(*state.slots);
                                     optimizer.update(ctx, std::span<T, P::size>(expr::values_for(copies, p), P::size),
                                                      std::span<T const, P::size>(expr::gradient_for(gradients, program, p), P::size),
                                                      slots);
                                     expr::write_through(copies, p);
                                 }
                             });
    }

    /// @brief The params and optimizer state to return to when a hook asks for a rollback:
    /// taken at the start of a run and every `every` steps.
    template <class State>
    struct rollback_snapshots
    {
        static constexpr std::int64_t every = 100;
        box<typename State::model_type> model{};
        box<typename State::slots_type> slots{};
        std::int64_t global_step = 0;

        void take(State const& s)
        {
            *model = *s.model;
            *slots = *s.slots;
            global_step = s.global_step;
        }

        void restore(State& s) const
        {
            *s.model = *model;
            *s.slots = *slots;
            s.global_step = global_step;
            s.learning_rate_scale *= 0.5f;
        }
    };

}

#endif
