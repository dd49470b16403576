#ifndef XEST_EXAMPLES_EMBEDDED_ENGINE_TRAINER_HPP
#define XEST_EXAMPLES_EMBEDDED_ENGINE_TRAINER_HPP

// A training step on the engine alone (expr::program and the optimizer protocol), for the
// firmware examples: the model, its training graph, the batch buffers and the optimizer slots
// all live in this object, so a `static` trainer is the whole RAM a firmware needs. No heap,
// no file I/O, no exceptions.

#include <cstddef>
#include <cstdint>
#include <span>
#include <tuple>
#include <utility>

#include <xestimator/estimator/model_params.hpp>
#include <xestimator/estimator/spec.hpp>
#include <xestimator/expr.hpp>
#include <xestimator/losses.hpp>

#include "print_params.hpp"

namespace firmware
{
    /// @tparam YShape shape<Batch> for class ids, shape<Batch, K> for targets
    template <class Model, class Optimizer, std::size_t Batch, std::size_t Features, class Label, class YShape>
    class engine_trainer
    {
        using x_shape = xest::shape<Batch, Features>;
        using x_leaf = xest::expr::data_leaf<xest::expr::features_tag, float, x_shape>;
        using y_leaf = xest::expr::data_leaf<xest::expr::labels_tag, Label, YShape>;
        using spec_type = decltype(std::declval<Model const&>()(std::declval<x_leaf const&>(),
                                                                std::declval<y_leaf const&>(), xest::mode::train{}));
        using program_type = xest::expr::program<true, typename spec_type::loss_type>;

        template <class Tuple>
        struct slots_for;
        template <class... P>
        struct slots_for<std::tuple<P...>>
        {
            using type = std::tuple<typename Optimizer::template slots<typename P::value_type, P::size>...>;
        };
        using params = xest::model_params_t<Model>;

    public:
        explicit engine_trainer(Optimizer const& optimizer, std::uint64_t seed)
            : m_optimizer(optimizer)
        {
            m_optimizer.validate();
            xest::for_each_model_param(m_model, [&](auto& p) { p.initialize(seed); });
        }
        engine_trainer(engine_trainer const&) = delete;
        engine_trainer& operator=(engine_trainer const&) = delete;

        /// @brief One step on the rows [first, first + Batch) of x (row-major) and y; returns the loss.
        float step(float const* x, Label const* y)
        {
            for (std::size_t i = 0; i < x_shape::size; ++i)
            {
                m_xb.data()[i] = x[i];
            }
            for (std::size_t i = 0; i < YShape::size; ++i)
            {
                m_yb.data()[i] = y[i];
            }
            m_program.set_rows(Batch);
            m_program.template forward<0>();
            m_program.template backward<0>();
            float const lr = m_optimizer.current_learning_rate(m_step);
            auto const ctx = m_optimizer.prepare(m_step, lr);
            update(ctx, std::make_index_sequence<std::tuple_size_v<params>>{});
            ++m_step;
            return *m_program.template value<0>();
        }

        Model const& model() const noexcept { return m_model; }
        std::int64_t global_step() const noexcept { return m_step; }

    private:
        template <std::size_t... I>
        void update(typename Optimizer::context const& ctx, std::index_sequence<I...>)
        {
            (update_one<std::tuple_element_t<I, params>>(ctx, std::get<I>(m_slots)), ...);
        }

        template <class P, class Slots>
        void update_one(typename Optimizer::context const& ctx, Slots& slots)
        {
            P* target = nullptr;
            xest::for_each_model_param(m_model,
                                       [&](auto& p)
                                       {
                                           if constexpr (std::is_same_v<std::remove_cvref_t<decltype(p)>, P>)
                                           {
                                               target = &p;
                                           }
                                       });
            m_optimizer.update(ctx, std::span<float, P::size>(target->value.data(), P::size),
                               std::span<float const, P::size>(m_program.template gradient<P>(), P::size), slots);
        }

        Optimizer m_optimizer;
        Model m_model{};
        xest::tensor<float, x_shape> m_xb{};
        xest::tensor<Label, YShape> m_yb{};
        x_leaf m_x{m_xb.data()};
        y_leaf m_y{m_yb.data()};
        spec_type m_spec{m_model(m_x, m_y, xest::mode::train{})};
        program_type m_program{m_spec.loss_expr};
        typename slots_for<params>::type m_slots{};
        std::int64_t m_step = 0;
    };
}

#endif
