#ifndef XESTIMATOR_DISTRIBUTE_MPI_OPTIMIZER_HPP
#define XESTIMATOR_DISTRIBUTE_MPI_OPTIMIZER_HPP

/// @file
/// @brief `distribute::mpi<Model, Optimizer>`: an optimizer wrapper that averages every
/// gradient over the ranks of MPI_COMM_WORLD before the wrapped rule updates the params, so that
/// every rank applies the same update (Horovod's data parallelism).
///
/// The training loop starts backward from 1 / ranks (`loss_gradient_scale`), so every gradient
/// is already divided by the number of ranks. In `preprocess` (optim/concepts.hpp) the gradients
/// are summed with ONE MPI_Allreduce, in place in the program's gradient block (expr/program.hpp
/// `gradient_block()`): no copy, no pass over them. Where they do not lie in one block (params of
/// two value types, or a model small enough for the loop to keep its gradients in locals) they
/// are packed into buffers whose sizes are known at compile time, allocated once when the wrapper
/// is built, summed (one allreduce per value type) and written back: a step allocates nothing
/// either way. The wrapped rule's own preprocess (clipping) then sees the averaged gradients, as
/// a single process training on the whole batch would.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>

#include <mpi.h>

#include "../estimator/model_params.hpp"
#include "../optim/concepts.hpp"
#include "../optim/wrapper_base.hpp"
#include "environment.hpp"

namespace xest::distribute
{
    namespace detail
    {
        template <class T, class Params>
        struct scalar_count;
        template <class T, class... P>
        struct scalar_count<T, std::tuple<P...>>
        {
            static_assert(((std::is_same_v<typename P::value_type, float> || std::is_same_v<typename P::value_type, double>) && ...),
                          "xestimator: distribute::mpi averages float and double params only.");
            static constexpr std::size_t value = ((std::is_same_v<typename P::value_type, T> ? P::size : 0) + ... + 0);
        };

        /// @brief A heap array of N elements, allocated once; copies allocate their own.
        template <class T, std::size_t N>
        class fixed_buffer
        {
        public:
            fixed_buffer()
                : m_data(std::make_unique<T[]>(N))
            {
            }
            fixed_buffer(fixed_buffer const&)
                : fixed_buffer()
            {
            }
            fixed_buffer& operator=(fixed_buffer const&) noexcept { return *this; }
            fixed_buffer(fixed_buffer&&) noexcept = default;
            fixed_buffer& operator=(fixed_buffer&&) noexcept = default;
            T* data() const noexcept { return m_data.get(); }

        private:
            std::unique_ptr<T[]> m_data;
        };

        template <class T>
        class fixed_buffer<T, 0>
        {
        public:
            T* data() const noexcept { return nullptr; }
        };
    }

    /// @brief Averages gradients over the ranks, then updates with `Optimizer` (see the file
    /// comment). Its slots and checkpoints are the wrapped rule's: everything but `validate` and
    /// `preprocess` is forwarded by optim::wrapper_base.
    /// @tparam Model the estimator's model type (sizes the gradient buffer at compile time)
    /// @tparam Optimizer the wrapped update rule (xest::optim::adam, ...)
    template <class Model, optim::optimizer Optimizer>
    class mpi : public optim::wrapper_base<mpi<Model, Optimizer>, Optimizer>
    {
        using params_type = model_params_t<Model>;
        static constexpr std::size_t float_count = detail::scalar_count<float, params_type>::value;
        static constexpr std::size_t double_count = detail::scalar_count<double, params_type>::value;

    public:
        /// @brief The elements sent per step when every param has a gradient (bytes: times the
        /// scalar size).
        static constexpr std::size_t message_floats = float_count;
        static constexpr std::size_t message_doubles = double_count;

        /// @brief Implicit, so that `mpi_estimator<M, adam> est(config, adam{...})` works.
        mpi(Optimizer optimizer = {})
            : m_optimizer(std::move(optimizer))
        {
        }

        Optimizer const& wrapped() const noexcept { return m_optimizer; }

        void validate() const
        {
            m_optimizer.validate();
            detail::require_initialized("distribute::mpi");
        }

        template <class Each>
        void preprocess(Each&& each) const
        {
            int size = 1;
            MPI_Comm_size(MPI_COMM_WORLD, &size);
            if (size > 1)
            {
                average(each, size);
            }
            if constexpr (optim::has_preprocess<Optimizer, Each>)
            {
                m_optimizer.preprocess(each);
            }
        }

        /// @brief 1 / ranks: the training loop starts backward from it, so the gradients summed
        /// over the ranks are their average with no pass over them (optim::has_loss_gradient_scale).
        float loss_gradient_scale() const
        {
            int size = 1;
            MPI_Comm_size(MPI_COMM_WORLD, &size);
            return seed_for(size);
        }

        /// @brief Seconds this rank spent in MPI_Allreduce since it was built (waiting for the
        /// slowest rank included): the communication share of training.
        double allreduce_seconds() const noexcept { return m_allreduce_seconds; }
        /// @brief MPI_Allreduce calls since it was built: one per step, two for a model with float
        /// and double params.
        std::int64_t allreduce_calls() const noexcept { return m_allreduce_calls; }

    private:
        template <class Each>
        void average(Each& each, int size) const
        {
            // The loop started backward from 1 / size (loss_gradient_scale): the sum is the
            // average. A loop that did not (this wrapper inside another that does not forward
            // loss_gradient_scale) leaves the division to a pass here.
            float applied = 1.0f;
            if constexpr (requires { each.loss_gradient_scale; })
            {
                applied = each.loss_gradient_scale;
            }
            double const factor = applied == seed_for(size) ? 1.0 : 1.0 / (double(applied) * size);
            if constexpr (requires { each.contiguous(); })
            {
                auto const block = each.contiguous();
                if (!block.empty())
                {
                    sum_in_place(block.data(), block.size());
                    if (factor != 1.0)
                    {
                        scale(block, factor);
                    }
                    return;
                }
            }
            average_packed(each, factor);
        }

        static float seed_for(int size) noexcept
        {
            return 1.0f / static_cast<float>(size);
        }

        // One array of gradients (the program's gradient block, or a packed buffer), summed over
        // the ranks where it lies.
        template <class T>
        void sum_in_place(T* data, std::size_t n) const
        {
            double const start = MPI_Wtime();
            detail::check(MPI_Allreduce(MPI_IN_PLACE, data, static_cast<int>(n), mpi_type<T>(), MPI_SUM, MPI_COMM_WORLD),
                          "MPI_Allreduce of the gradients");
            m_allreduce_seconds += MPI_Wtime() - start;
            ++m_allreduce_calls;
        }

        template <class T>
        static void scale(std::span<T> values, double factor) noexcept
        {
            T const s = static_cast<T>(factor);
            for (T& v : values)
            {
                v *= s;
            }
        }

        // Gradients apart (a model with float and double params, or small params whose
        // gradients the loop copies): packed into the buffers, summed, written back.
        template <class Each>
        void average_packed(Each& each, double factor) const
        {
            std::size_t floats = 0;
            std::size_t doubles = 0;
            each([&](auto grad)
                 {
                     using T = std::remove_cv_t<typename decltype(grad)::element_type>;
                     std::size_t& offset = std::is_same_v<T, float> ? floats : doubles;
                     std::copy(grad.begin(), grad.end(), buffer_of<T>() + offset);
                     offset += grad.size();
                 });
            if (floats > 0)
            {
                sum_in_place(m_floats.data(), floats);
            }
            if (doubles > 0)
            {
                sum_in_place(m_doubles.data(), doubles);
            }
            floats = 0;
            doubles = 0;
            each([&](auto grad)
                 {
                     using T = std::remove_cv_t<typename decltype(grad)::element_type>;
                     std::size_t& offset = std::is_same_v<T, float> ? floats : doubles;
                     T const* in = buffer_of<T>() + offset;
                     T const s = static_cast<T>(factor);
                     for (std::size_t i = 0; i < grad.size(); ++i)
                     {
                         grad[i] = in[i] * s;
                     }
                     offset += grad.size();
                 });
        }

        template <class T>
        static MPI_Datatype mpi_type() noexcept
        {
            static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "xestimator: distribute::mpi averages float and double params only.");
            return std::is_same_v<T, float> ? MPI_FLOAT : MPI_DOUBLE;
        }

        template <class T>
        T* buffer_of() const noexcept
        {
            if constexpr (std::is_same_v<T, float>)
            {
                return m_floats.data();
            }
            else
            {
                return m_doubles.data();
            }
        }

        Optimizer m_optimizer;
        detail::fixed_buffer<float, float_count> m_floats{};
        detail::fixed_buffer<double, double_count> m_doubles{};
        mutable double m_allreduce_seconds = 0.0;
        mutable std::int64_t m_allreduce_calls = 0;
    };
}

#endif
