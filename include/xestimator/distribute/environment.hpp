#ifndef XESTIMATOR_DISTRIBUTE_ENVIRONMENT_HPP
#define XESTIMATOR_DISTRIBUTE_ENVIRONMENT_HPP

/// @file
/// @brief The MPI side of data-parallel training: `environment` (MPI_Init / MPI_Finalize, and
/// MPI_Abort when a rank leaves with an exception), `abort()`, the world's rank and size, and
/// the MPI datatype of a param's scalar. Every rank of the job must run the same program.
///
/// Why an exception aborts the job: the ranks meet in one MPI_Allreduce per step, so a rank that
/// stops alone (a NaN loss on its shard, a write error on rank 0) would leave the others waiting
/// forever. MPI_Abort ends every rank at once, and mpirun names the rank that failed.

#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include <mpi.h>

#include "../core/error.hpp"

namespace xest::distribute
{
    namespace detail
    {
        inline void require_initialized(char const* what)
        {
            int initialized = 0;
            MPI_Initialized(&initialized);
            int finalized = 0;
            MPI_Finalized(&finalized);
            if (!initialized || finalized)
            {
                raise<config_error>(std::string(what) +
                                    " needs MPI: create an xest::distribute::environment (or call MPI_Init) first, "
                                    "and run the program with mpirun");
            }
        }

        /// @brief Throws naming the MPI call and MPI's own message when `rc` is an error code
        /// (with MPI's default handler, MPI_ERRORS_ARE_FATAL, the job has ended before).
        inline void check(int rc, char const* call)
        {
            if (rc != MPI_SUCCESS)
            {
                char text[MPI_MAX_ERROR_STRING];
                int length = 0;
                MPI_Error_string(rc, text, &length);
                raise<config_error>(std::string(call) + " failed: " + std::string(text, static_cast<std::size_t>(length)));
            }
        }

        template <class T>
        MPI_Datatype datatype_of() noexcept
        {
            static_assert(std::is_same_v<T, float> || std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>,
                          "xestimator: distribute::mpi sends float and double params (and int64 counters) only.");
            if constexpr (std::is_same_v<T, float>)
            {
                return MPI_FLOAT;
            }
            else if constexpr (std::is_same_v<T, double>)
            {
                return MPI_DOUBLE;
            }
            else
            {
                return MPI_INT64_T;
            }
        }
    }

    /// @brief This process's rank in MPI_COMM_WORLD (MPI must be initialised).
    inline int world_rank()
    {
        detail::require_initialized("distribute::world_rank()");
        int rank = 0;
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        return rank;
    }

    /// @brief The number of ranks in MPI_COMM_WORLD (MPI must be initialised).
    inline int world_size()
    {
        detail::require_initialized("distribute::world_size()");
        int size = 1;
        MPI_Comm_size(MPI_COMM_WORLD, &size);
        return size;
    }

    /// @brief Ends every rank of the job after printing `why` with this rank's number.
    [[noreturn]] inline void abort(std::string_view why, int code = 1) noexcept
    {
        int rank = -1;
        int initialized = 0;
        MPI_Initialized(&initialized);
        if (initialized)
        {
            MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        }
        std::fprintf(stderr, "ERROR:xestimator:rank %d: %.*s; aborting the MPI job\n", rank, static_cast<int>(why.size()),
                     why.data());
        std::fflush(stderr);
        if (initialized)
        {
            MPI_Abort(MPI_COMM_WORLD, code);
        }
        std::abort();
    }

    /// @brief Initialises MPI for the program's lifetime (unless it already is) and finalises it
    /// at the end. When it is destroyed by an exception leaving main's scope, it aborts the whole
    /// job instead (see the file comment): catch an exception you can handle before that.
    class environment
    {
    public:
        environment(int& argc, char**& argv)
            : m_uncaught(std::uncaught_exceptions())
        {
            int initialized = 0;
            MPI_Initialized(&initialized);
            if (!initialized)
            {
                detail::check(MPI_Init(&argc, &argv), "MPI_Init");
                m_owns = true;
            }
            MPI_Comm_rank(MPI_COMM_WORLD, &m_rank);
            MPI_Comm_size(MPI_COMM_WORLD, &m_size);
        }

        environment(environment const&) = delete;
        environment& operator=(environment const&) = delete;

        ~environment()
        {
            if (std::uncaught_exceptions() > m_uncaught)
            {
                abort("leaving with an exception while the other ranks may wait in a collective call");
            }
            int finalized = 0;
            MPI_Finalized(&finalized);
            if (m_owns && !finalized)
            {
                MPI_Finalize();
            }
        }

        int rank() const noexcept { return m_rank; }
        int size() const noexcept { return m_size; }

    private:
        int m_uncaught;
        bool m_owns = false;
        int m_rank = 0;
        int m_size = 1;
    };
}

#endif
