#ifndef XESTIMATOR_DISTRIBUTE_SHARD_HPP
#define XESTIMATOR_DISTRIBUTE_SHARD_HPP

/// @file
/// @brief `distribute::shard<Input>`: rank r of n ranks takes batch r of every n consecutive
/// batches of an input, so that one step of n ranks with batches of B sees exactly the examples
/// one step of one process with batches of n * B would (the same order, shuffled or not).
///
/// Every rank reads the whole input and keeps its share: ranks agree on the order without
/// communicating, and the input position (saved in checkpoints) counts examples of the whole
/// input. A restart with another number of ranks therefore continues from the same example,
/// split n' ways instead of n. A step needs n full batches: a last group that is shorter ends
/// the input on every rank at once (a rank with fewer steps would leave the others waiting in
/// the allreduce), so up to n * B - 1 final examples of a finite input are not trained on when
/// n > 1. With n = 1 the shard is the input itself.
///
/// Reading n batches to keep one costs a copy of n - 1 batches per step: 0.4 MB for W3's
/// 64 x 784 floats with two ranks, small beside its step.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "../core/error.hpp"
#include "../inputs/options.hpp"

namespace xest::distribute
{
    /// @brief Rank `rank`'s share of an input read by `size` ranks (see the file comment).
    /// @tparam Input an input function (inputs::from_arrays, inputs::from_csv, ...), borrowed
    template <class Input>
    class shard
    {
    public:
        using input_type = Input;
        using batch_type = typename Input::batch_type;
        static constexpr bool has_labels = Input::has_labels;

        shard(Input& input, int rank, int size)
            : m_input(input)
            , m_rank(rank)
            , m_size(size)
            , m_skipped(size > 1 ? std::make_unique<batch_type>() : nullptr)
        {
            if (size < 1 || rank < 0 || rank >= size)
            {
                raise<config_error>("distribute::shard: rank " + std::to_string(rank) + " of " + std::to_string(size) +
                                    " ranks is out of range (0 <= rank < size)");
            }
        }

        /// @brief This rank's batch of the next group of `size` full batches; false on every rank
        /// when the input has no complete group left.
        bool next(batch_type& out) noexcept
        {
            if (m_size == 1)
            {
                return m_input.next(out);
            }
            for (int r = 0; r < m_size; ++r)
            {
                batch_type& b = r == m_rank ? out : *m_skipped;
                if (!m_input.next(b) || b.size != batch_type::batch_size)
                {
                    return false;
                }
            }
            return true;
        }

        void reset() noexcept { m_input.reset(); }
        inputs::input_state state() const noexcept { return m_input.state(); }
        void restore(inputs::input_state s) { m_input.restore(s); }
        std::size_t num_examples() const noexcept { return m_input.num_examples(); }
        std::int64_t num_epochs() const noexcept { return m_input.num_epochs(); }
        int rank() const noexcept { return m_rank; }
        int size() const noexcept { return m_size; }

    private:
        Input& m_input;
        int m_rank;
        int m_size;
        std::unique_ptr<batch_type> m_skipped;
    };
}

#endif
