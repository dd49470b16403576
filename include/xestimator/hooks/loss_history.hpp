#ifndef XESTIMATOR_HOOKS_LOSS_HISTORY_HPP
#define XESTIMATOR_HOOKS_LOSS_HISTORY_HPP

/// @file
/// @brief hooks::loss_history: every step's loss, like Keras' History but per step.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "step_info.hpp"

namespace xest::hooks
{
    /// @brief Records the loss of every step in a std::vector<float>.
    ///
    /// Storage is reserved outside the step: by the constructor (`loss_history{10000}`), by
    /// reserve(n), and by begin() when the run has a step bound (room for last_step - start_step
    /// more losses). Within that capacity after_step never allocates; beyond it (an unbounded run)
    /// the vector grows geometrically as usual. The history accumulates over several train() calls;
    /// losses()[i] is the loss of global step first_step() + i as long as the calls continue the
    /// same model.
    class loss_history
    {
    public:
        loss_history() = default;

        /// @brief Reserves room for `capacity` losses.
        explicit loss_history(std::size_t capacity)
        {
            m_losses.reserve(capacity);
        }

        /// @brief Ensures room for `n` losses in total (std::vector::reserve semantics).
        void reserve(std::size_t n)
        {
            m_losses.reserve(n);
        }

        void begin(run_info const& info)
        {
            if (info.last_step > info.start_step)
            {
                m_losses.reserve(m_losses.size() + static_cast<std::size_t>(info.last_step - info.start_step));
            }
        }

        void after_step(step_info const& s)
        {
            if (m_losses.empty())
            {
                m_first_step = s.step;
            }
            m_losses.push_back(s.loss);
        }

        /// @brief The recorded losses, oldest first.
        [[nodiscard]] std::vector<float> const& losses() const noexcept
        {
            return m_losses;
        }

        /// @brief Global step of losses()[0] (0 when empty).
        [[nodiscard]] std::int64_t first_step() const noexcept
        {
            return m_first_step;
        }

        [[nodiscard]] std::size_t size() const noexcept
        {
            return m_losses.size();
        }

        [[nodiscard]] std::size_t capacity() const noexcept
        {
            return m_losses.capacity();
        }

        /// @brief Forgets the recorded losses and keeps the capacity.
        void clear() noexcept
        {
            m_losses.clear();
            m_first_step = 0;
        }

    private:
        std::vector<float> m_losses;
        std::int64_t m_first_step = 0;
    };
}

#endif
