#ifndef XESTIMATOR_IO_IMPL_DIR_LOCK_IPP
#define XESTIMATOR_IO_IMPL_DIR_LOCK_IPP

/// @file
/// @brief The definitions of io/dir_lock.hpp: included by that header (header-only) or by
/// <xestimator/src.hpp> (XESTIMATOR_SEPARATE_COMPILATION).

#include <cerrno>
#include <cstdint>
#include <ctime>
#include <system_error>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "../dir_lock.hpp"
#include "../detail/posix.hpp" // after dir_lock.hpp: only the io/ headers may include it

namespace xest::io
{
    XESTIMATOR_DECL dir_lock::dir_lock(path_type const& model_dir) : m_path(model_dir / file_name)
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

    XESTIMATOR_DECL void dir_lock::release() noexcept
    {
        if (m_fd >= 0)
        {
            (void)::ftruncate(m_fd, 0); // no stale holder text once released
            detail::close_fd(std::exchange(m_fd, -1)); // closing the last descriptor drops the flock
        }
    }

    XESTIMATOR_DECL std::string dir_lock::holder(path_type const& model_dir)
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
}

#endif
