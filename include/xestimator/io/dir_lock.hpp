#ifndef XESTIMATOR_IO_DIR_LOCK_HPP
#define XESTIMATOR_IO_DIR_LOCK_HPP

/// @file
/// @brief An advisory lock on a model directory that is being trained in: one writer at a time.

#include <filesystem>
#include <string>
#include <utility>

#include "../core/config.hpp"
#include "../core/error.hpp"

namespace xest::io
{
    /// @brief Holds the training lock of a model directory for its lifetime.
    ///
    /// Two writers in one model directory would overwrite each other's checkpoints and steps, so
    /// a writer takes this lock first. It is a BSD `flock` on `model_dir/.xestimator.lock`: two
    /// dir_lock objects conflict whether they live in one process or in two, the kernel drops the
    /// lock when its holder dies (a crash leaves no stale lock to clean up), and it is advisory
    /// (readers such as TensorBoard or an evaluating process are not affected). While held, the
    /// file names the holder ("pid <n>", "host <name>", "since <unix seconds>") so that the error a
    /// second writer gets can say who holds it. The file stays after release (emptied), because
    /// removing a lock file while another process waits on it would let two writers in.
    ///
    /// @code
    /// xest::io::dir_lock lock(model_dir); // io_error if another writer holds it
    /// ... train, save checkpoints ...
    /// @endcode                           // released by the destructor (or lock.release())
    ///
    /// Network file systems: Linux emulates flock on NFS with POSIX record locks, which do not
    /// conflict within one process; two processes still exclude each other.
    class dir_lock
    {
    public:
        using path_type = std::filesystem::path;

        /// @brief The lock file's name inside the model directory.
        static constexpr char const* file_name = ".xestimator.lock";

        dir_lock() = default;

        /// @brief Takes the lock of @p model_dir (created with its parents if missing).
        ///
        /// io_error when another writer holds it, naming the directory and the holder's pid,
        /// host and start time; io_error naming the file when it cannot be created or locked.
        XESTIMATOR_DECL explicit dir_lock(path_type const& model_dir);

        dir_lock(dir_lock const&) = delete;
        dir_lock& operator=(dir_lock const&) = delete;
        dir_lock(dir_lock&& other) noexcept
            : m_path(std::move(other.m_path))
            , m_fd(std::exchange(other.m_fd, -1))
        {
        }
        dir_lock& operator=(dir_lock&& other) noexcept
        {
            if (this != &other)
            {
                release();
                m_path = std::move(other.m_path);
                m_fd = std::exchange(other.m_fd, -1);
            }
            return *this;
        }
        ~dir_lock()
        {
            release();
        }

        /// @brief Gives the lock up now (the destructor does it otherwise); never throws.
        XESTIMATOR_DECL void release() noexcept;

        /// @brief True while this object holds a lock.
        bool owns_lock() const noexcept
        {
            return m_fd >= 0;
        }

        /// @brief The lock file (empty for a default-constructed lock).
        path_type const& path() const noexcept
        {
            return m_path;
        }

        /// @brief "process <pid> on host '<host>' since <time>" as the lock file of @p model_dir
        /// says, or "another writer" when the file says nothing readable.
        XESTIMATOR_DECL static std::string holder(path_type const& model_dir);

    private:
        path_type m_path;
        int m_fd = -1;
    };
}

#if !defined(XESTIMATOR_SEPARATE_COMPILATION)
#include "impl/dir_lock.ipp"
#endif

#endif
