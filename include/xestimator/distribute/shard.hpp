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
/// split n' ways instead of n.
///
/// Training (`next`) needs n full batches per step: a last group that is shorter ends the input
/// on every rank at once (a rank with fewer steps would leave the others waiting in the
/// allreduce), so up to n * B - 1 final examples of a finite input are not trained on when
/// n > 1. evaluate() and predict() must see every example, and they meet the other ranks once
/// at the end only, so they read with `next_for_inference`, which also hands out the batches of
/// a partial last group: a rank may then get one batch fewer than another, or none at all.
/// evaluate() sums its totals over the ranks with `sum_over_shards` (one MPI_Allreduce).
/// With n = 1 the shard is the input itself.
///
/// The other ranks' batches are passed over with the input's `skip_batch()` when it has one (the
/// inputs of inputs/ do: they only move their position); an input without it is read into a
/// spare batch, a copy of n - 1 batches per step.

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string>

#include <mpi.h>

#include "../core/error.hpp"
#include "../inputs/options.hpp"
#include "environment.hpp"

namespace xest::distribute
{
    /// @brief Rank `rank`'s share of an input read by `size` ranks (see the file comment).
    /// @tparam Input an input function (inputs::from_arrays, inputs::from_csv, ...), borrowed
    template <class Input>
    class shard
    {
        static constexpr bool input_skips = requires(Input& i) {
            { i.skip_batch() } -> std::same_as<std::size_t>;
        };

    public:
        using input_type = Input;
        using batch_type = typename Input::batch_type;
        static constexpr bool has_labels = Input::has_labels;

        shard(Input& input, int rank, int size)
            : m_input(input)
            , m_rank(rank)
            , m_size(size)
            , m_skipped(size > 1 && !input_skips ? std::make_unique<batch_type>() : nullptr)
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
                std::size_t const rows = r == m_rank ? read(out) : pass_over();
                if (rows != batch_type::batch_size)
                {
                    return false;
                }
            }
            return true;
        }

        /// @brief For evaluate() and predict(): this rank's batch of the next group of `size`
        /// batches, full or partial, while the input has one; false once the input has none left
        /// for this rank. Over a whole pass every example goes to exactly one rank: rank r gets
        /// batches r, r + n, r + 2n, ... of the input, in order. The ranks may get different
        /// numbers of batches, so a loop over them must not meet the other ranks per batch.
        bool next_for_inference(batch_type& out) noexcept
        {
            if (m_size == 1)
            {
                return m_input.next(out);
            }
            for (int r = 0; r < m_rank; ++r)
            {
                if (pass_over() == 0)
                {
                    return false; // the group ended before this rank's batch
                }
            }
            if (read(out) == 0)
            {
                return false;
            }
            // Skip the rest of the group, so that the next call starts a group; a group that
            // ends early ends the input, and later calls return false.
            for (int r = m_rank + 1; r < m_size; ++r)
            {
                if (pass_over() == 0)
                {
                    break;
                }
            }
            return true;
        }

        /// @brief Replaces `values` on every rank by their element-wise sum over the ranks (one
        /// MPI_Allreduce over MPI_COMM_WORLD, whose size must be `size()`); with one rank it
        /// sends nothing. Every rank must call it, with the same number of values: evaluate()
        /// calls it once, after its last batch.
        void sum_over_shards(std::span<double> values) const
        {
            if (m_size == 1)
            {
                return;
            }
            detail::require_initialized("distribute::shard::sum_over_shards()");
            int world = 1;
            MPI_Comm_size(MPI_COMM_WORLD, &world);
            if (world != m_size)
            {
                raise<config_error>("distribute::shard: the shard was made for " + std::to_string(m_size) +
                                    " ranks but MPI_COMM_WORLD has " + std::to_string(world) +
                                    ": build it with (input, env.rank(), env.size())");
            }
            if (values.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
            {
                raise<config_error>("distribute::shard::sum_over_shards(): more values than one MPI message holds");
            }
            detail::check(MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_DOUBLE, MPI_SUM,
                                        MPI_COMM_WORLD),
                          "MPI_Allreduce");
        }

        void reset() noexcept { m_input.reset(); }
        inputs::input_state state() const noexcept { return m_input.state(); }
        void restore(inputs::input_state s) { m_input.restore(s); }
        std::size_t num_examples() const noexcept { return m_input.num_examples(); }
        std::int64_t num_epochs() const noexcept { return m_input.num_epochs(); }
        /// @brief The whole input's largest class id, so that every rank checks the model's
        /// classes against the same value before its first batch.
        auto class_ids() const noexcept
            requires requires(Input const& i) { i.class_ids(); }
        {
            return m_input.class_ids();
        }
        int rank() const noexcept { return m_rank; }
        int size() const noexcept { return m_size; }

    private:
        // The examples of the next batch, read into `out` (0: the input has no batch left).
        std::size_t read(batch_type& out) noexcept { return m_input.next(out) ? out.size : 0; }

        // The examples of the next batch, passed over.
        std::size_t pass_over() noexcept
        {
            if constexpr (input_skips)
            {
                return m_input.skip_batch();
            }
            else
            {
                return read(*m_skipped);
            }
        }

        Input& m_input;
        int m_rank;
        int m_size;
        std::unique_ptr<batch_type> m_skipped;
    };
}

#endif
