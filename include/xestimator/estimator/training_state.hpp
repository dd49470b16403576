#ifndef XESTIMATOR_ESTIMATOR_TRAINING_STATE_HPP
#define XESTIMATOR_ESTIMATOR_TRAINING_STATE_HPP

/// @file
/// @brief What training changes, in one place: the model's params, the optimizer's slots, the
/// global step, the learning-rate scale a rollback set, and where the input stands. Checkpoints
/// save exactly this; rollbacks restore it.
///
/// `box<T>` holds a large object on the heap (a W3 model with Adam slots is megabytes, more
/// than a stack should hold) and a small one, or any object when XESTIMATOR_HAS_HEAP is 0 (the
/// default on a microcontroller, core/config.hpp), in place: the firmware profile and the seed
/// model never allocate.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <tuple>
#include <type_traits>

#include "../core/config.hpp"
#include "../inputs/options.hpp"
#include "model_params.hpp"

#ifndef XESTIMATOR_INLINE_BYTES
/// @brief Objects up to this size live in place in the estimator (and graphs on the stack).
#define XESTIMATOR_INLINE_BYTES 16384
#endif

namespace xest
{
    namespace detail
    {
        template <class T>
        inline constexpr bool in_place_v =
            !XESTIMATOR_HAS_HEAP || sizeof(T) <= XESTIMATOR_INLINE_BYTES;

        /// @brief A T held in place or on the heap (see the file comment); always holds a value.
        template <class T, bool InPlace = in_place_v<T>>
        class box
        {
        public:
            box() = default;
            T& operator*() noexcept { return m_value; }
            T const& operator*() const noexcept { return m_value; }
            T* operator->() noexcept { return &m_value; }
            T const* operator->() const noexcept { return &m_value; }

        private:
            T m_value{};
        };

        template <class T>
        class box<T, false>
        {
        public:
            box()
                : m_value(std::make_unique<T>())
            {
            }
            box(box const& other)
                : m_value(std::make_unique<T>(*other))
            {
            }
            box& operator=(box const& other)
            {
                *m_value = *other;
                return *this;
            }
            T& operator*() noexcept { return *m_value; }
            T const& operator*() const noexcept { return *m_value; }
            T* operator->() noexcept { return m_value.get(); }
            T const* operator->() const noexcept { return m_value.get(); }

        private:
            std::unique_ptr<T> m_value;
        };

        /// @brief Calls f(graph) with a Graph built from `model`, on the stack when it is small
        /// (see box), else on the heap: once per train/evaluate/predict call, never per step.
        template <class Graph, class Model, class F>
        decltype(auto) with_graph(Model const& model, F&& f)
        {
            if constexpr (in_place_v<Graph>)
            {
                Graph graph(model);
                return f(graph);
            }
            else
            {
                auto graph = std::make_unique<Graph>(model);
                return f(*graph);
            }
        }

        /// @brief The optimizer state of a non-trainable param: none.
        struct no_slots
        {
            template <class F>
            void visit(F&&) noexcept
            {
            }
        };

        template <class Optimizer, class P>
        using param_slots_t =
            std::conditional_t<P::trainable, typename Optimizer::template slots<typename P::value_type, P::size>, no_slots>;

        template <class Optimizer, class Params>
        struct slots_tuple;
        template <class Optimizer, class... P>
        struct slots_tuple<Optimizer, std::tuple<P...>>
        {
            using type = std::tuple<param_slots_t<Optimizer, P>...>;
        };
    }

    /// @brief The optimizer state of every param of Model, in declaration order.
    template <class Model, class Optimizer>
    using slots_t = typename detail::slots_tuple<Optimizer, model_params_t<Model>>::type;

    /// @brief Everything a train() call changes and a checkpoint holds.
    template <class Model, class Slots>
    struct training_state
    {
        using model_type = Model;
        using slots_type = Slots;

        detail::box<Model> model{};
        detail::box<Slots> slots{};
        std::int64_t global_step = 0;
        /// @brief Multiplies the optimizer's learning rate; each rollback halves it.
        float learning_rate_scale = 1.0f;
        /// @brief Where the next train() call continues the input.
        inputs::input_state input{};
    };
}

#endif
