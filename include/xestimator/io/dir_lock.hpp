#ifndef XESTIMATOR_IO_DIR_LOCK_HPP
#define XESTIMATOR_IO_DIR_LOCK_HPP

/// @file
/// @brief An advisory lock on a model directory that is being trained in: one writer at a time.

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <string>
#include <utility>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "../core/error.hpp"
#include "detail/posix.hpp"

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
        explicit dir_lock(path_type const& model_dir) : m_path(model_dir / file_name)
        {
            std::error_code ec;
            std::filesystem::create_directories(model_dir, ec);
            if (ec)
            {
                raise<io_error>("cannot create model directory " + detail::quoted(model_dir) + ": " + ec.message());
            }
            m_fd = ::open(m_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
            if (m_fd < 0)
            {
                int const err = errno;
                raise<io_error>("cannot open the lock file " + detail::quoted(m_path) + ": " + detail::errno_text(err));
            }
            int rc = 0;
            while ((rc = ::flock(m_fd, LOCK_EX | LOCK_NB)) != 0 && errno == EINTR)
            {
            }
            if (rc != 0)
            {
                int const err = errno;
                detail::close_fd(std::exchange(m_fd, -1));
                if (err == EWOULDBLOCK)
                {
                    raise<io_error>("model directory " + detail::quoted(model_dir) + " is being trained in by "
                                    + holder(model_dir) + " (lock file " + detail::quoted(m_path)
                                    + "); two writers would overwrite each other's checkpoints: wait for it "
                                      "to finish, or give this run another model_dir");
                }
                raise<io_error>("cannot lock " + detail::quoted(m_path) + ": " + detail::errno_text(err));
            }
            // Who holds it, for the message a second writer gets. Best effort: the lock itself
            // is the flock, so a failure to write this text does not stop training.
            std::string const who = "pid " + std::to_string(::getpid()) + "\nhost " + detail::host_name() + "\nsince "
                                    + std::to_string(static_cast<std::int64_t>(std::time(nullptr))) + "\n";
            if (::ftruncate(m_fd, 0) == 0)
            {
                (void)::pwrite(m_fd, who.data(), who.size(), 0);
            }
        }

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
        void release() noexcept
        {
            if (m_fd >= 0)
            {
                (void)::ftruncate(m_fd, 0); // no stale holder text once released
                detail::close_fd(std::exchange(m_fd, -1)); // closing the last descriptor drops the flock
            }
        }

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
        static std::string holder(path_type const& model_dir)
        {
            std::string text;
            if (detail::read_whole_file(model_dir / file_name, text) != 0)
            {
                return "another writer";
            }
            auto field = [&](std::string const& key) {
                std::size_t const at = text.find(key + " ");
                if (at == std::string::npos || (at != 0 && text[at - 1] != '\n'))
                {
                    return std::string();
                }
                std::size_t const begin = at + key.size() + 1;
                return text.substr(begin, text.find('\n', begin) - begin);
            };
            std::string const pid = field("pid");
            if (pid.empty())
            {
                return "another writer";
            }
            std::string out = "process " + pid;
            std::string const host = field("host");
            out += host.empty() ? "" : " on host '" + host + "'";
            if (std::string const since = field("since"); !since.empty())
            {
                out += " since unix time " + since;
            }
            if (pid == std::to_string(::getpid()) && host == detail::host_name())
            {
                out += " (this process: another estimator or lock object)";
            }
            return out;
        }

    private:
        path_type m_path;
        int m_fd = -1;
    };
}

#endif
