#ifndef XESTIMATOR_DISTRIBUTE_MPI_MODEL_DIRECTORY_HPP
#define XESTIMATOR_DISTRIBUTE_MPI_MODEL_DIRECTORY_HPP

/// @file
/// @brief `distribute::mpi_model_directory`: the storage of a data-parallel estimator. Rank 0
/// is a `model_directory` (checkpoints, summaries, the log); every other rank runs the same
/// session without a model directory and without a log, so it writes nothing. The training
/// state (params, optimizer slots, global step, learning-rate scale, input position) is broadcast
/// from rank 0 when the estimator is built and at the start of every train(), that is after each
/// restore or warm start, which only rank 0 performs.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <tuple>
#include <type_traits>

#include <mpi.h>

#include "../estimator/model_directory.hpp"
#include "../estimator/model_params.hpp"
#include "../estimator/results.hpp"
#include "../estimator/run_config.hpp"
#include "environment.hpp"

namespace xest::distribute
{
    namespace detail
    {
        template <class T>
        void broadcast(T* data, std::size_t count)
        {
            check(MPI_Bcast(data, static_cast<int>(count), datatype_of<T>(), 0, MPI_COMM_WORLD), "MPI_Bcast of the training state");
        }

        /// @brief Rank 0's training state on every rank (a few collective calls: once per
        /// train(), never per step).
        template <class State>
        void broadcast_state(State& state)
        {
            for_each_model_param(*state.model,
                                 [&](auto& p)
                                 {
                                     using P = std::remove_cvref_t<decltype(p)>;
                                     broadcast(p.value.data(), P::size);
                                 });
            std::apply([](auto&... slots) { (slots.visit([](auto, auto values) { broadcast(values.data(), values.size()); }), ...); },
                       *state.slots);
            std::int64_t ints[] = {state.global_step, state.input.epoch, state.input.position};
            broadcast(ints, 3);
            state.global_step = ints[0];
            state.input.epoch = ints[1];
            state.input.position = ints[2];
            broadcast(&state.learning_rate_scale, 1);
        }

        /// @brief Rank 0 keeps the config; the others write nothing and log nothing.
        inline run_config config_for_rank(run_config config, int rank)
        {
            if (rank != 0)
            {
                config.model_dir.clear();
                config.warm_start_from.clear();
                config.log_step_count_steps = 0;
                config.save_summary_steps = 0;
            }
            return config;
        }
    }

    /// @brief The storage of `mpi_estimator` (see the file comment and basic_estimator).
    struct mpi_model_directory
    {
        static constexpr bool has_model_dir = true;
        using config = model_directory::config;
        using eval_options = model_directory::eval_options;
        using checkpoint_ref = model_directory::checkpoint_ref;

        template <class State>
        class session
        {
        public:
            session(run_config const& config, State& state)
                : m_rank(world_rank())
                , m_config(detail::config_for_rank(config, m_rank))
                , m_local(m_config, state)
                , m_state(state)
            {
                detail::broadcast_state(m_state);
            }

            session(session const&) = delete;
            session& operator=(session const&) = delete;

            /// @brief Rank 0 locks the model directory and restores the latest checkpoint if
            /// another process wrote one; then every rank takes rank 0's state. The lock is held
            /// for the train() call.
            [[nodiscard]] auto prepare_train()
            {
                auto lock = m_local.prepare_train();
                detail::broadcast_state(m_state);
                return lock;
            }

            void report_already_at_max(std::int64_t global_step, std::int64_t max_steps) const
            {
                m_local.report_already_at_max(global_step, max_steps);
            }

            auto builtin_hooks(run_config const&) { return m_local.builtin_hooks(m_config); }

            void after_evaluation(eval_result const& r, eval_options const& options) { m_local.after_evaluation(r, options); }

            template <class Model>
            std::int64_t load_params_into(Model& model, std::filesystem::path const& from) const
            {
                return m_local.load_params_into(model, from);
            }

            /// @brief Rank 0's newest checkpoint; nothing on the other ranks.
            std::optional<std::filesystem::path> latest_checkpoint() const { return m_local.latest_checkpoint(); }

            /// @brief Rank 0 writes a checkpoint and returns its path; the others write nothing and
            /// return an empty path.
            std::filesystem::path save_checkpoint()
            {
                return m_rank == 0 ? m_local.save_checkpoint() : std::filesystem::path{};
            }

            int rank() const noexcept { return m_rank; }

        private:
            int m_rank;
            run_config m_config;
            model_directory::session<State> m_local;
            State& m_state;
        };
    };
}

#endif
