#ifndef XESTIMATOR_IO_DETAIL_POSIX_HPP
#define XESTIMATOR_IO_DETAIL_POSIX_HPP

#if !defined(XESTIMATOR_IO_ATOMIC_FILE_HPP) && !defined(XESTIMATOR_IO_EVENT_WRITER_HPP) \
    && !defined(XESTIMATOR_IO_NPZ_HPP) && !defined(XESTIMATOR_IO_CHECKPOINT_HPP)
#error "io/detail/posix.hpp is internal: include <xestimator/io.hpp> or one of the io/ headers."
#endif

/// @file
/// @brief Thin POSIX wrappers that report errno instead of throwing, plus the test fault hook.

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace xest::io::detail
{
    /// @brief Fault injection for tests: while positive, each low-level write fails with ENOSPC
    /// (writing nothing) and decrements the counter. Simulates a full disk.
    inline std::atomic<int> fail_next_writes{0};

    /// @brief Consumes one injected failure, if any is pending.
    inline bool take_injected_failure() noexcept
    {
        int n = fail_next_writes.load(std::memory_order_relaxed);
        while (n > 0)
        {
            if (fail_next_writes.compare_exchange_weak(n, n - 1, std::memory_order_relaxed))
            {
                return true;
            }
        }
        return false;
    }

    /// @brief The text of an errno value, e.g. "No space left on device".
    inline std::string errno_text(int err)
    {
        return std::strerror(err);
    }

    /// @brief "'path'" for messages: quoted so that spaces and empty names stay visible.
    inline std::string quoted(std::filesystem::path const& p)
    {
        return "'" + p.string() + "'";
    }

    /// @brief Writes all @p n bytes (retrying short writes and EINTR); returns 0 or an errno value.
    inline int write_all(int fd, void const* data, std::size_t n) noexcept
    {
        auto const* p = static_cast<char const*>(data);
        while (n > 0)
        {
            if (take_injected_failure())
            {
                return ENOSPC;
            }
            ssize_t const w = ::write(fd, p, n);
            if (w < 0)
            {
                if (errno == EINTR)
                {
                    continue;
                }
                return errno;
            }
            if (w == 0)
            {
                return EIO;
            }
            p += w;
            n -= static_cast<std::size_t>(w);
        }
        return 0;
    }

    /// @brief fsync that retries EINTR; returns 0 or an errno value.
    inline int fsync_fd(int fd) noexcept
    {
        while (::fsync(fd) != 0)
        {
            if (errno != EINTR)
            {
                return errno;
            }
        }
        return 0;
    }

    /// @brief close that reports the error (NFS reports delayed write errors here).
    inline int close_fd(int fd) noexcept
    {
        // Linux releases the descriptor even when close fails with EINTR, so never retry.
        return ::close(fd) == 0 ? 0 : errno;
    }

    /// @brief Makes a rename or a new file in @p dir durable; returns 0 or an errno value.
    inline int fsync_directory(std::filesystem::path const& dir) noexcept
    {
        int const fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
        {
            return errno;
        }
        int err = fsync_fd(fd);
        // Some file systems cannot sync a directory; that is not a failure of ours.
        if (err == EINVAL || err == EROFS)
        {
            err = 0;
        }
        int const cerr = close_fd(fd);
        return err != 0 ? err : cerr;
    }

    /// @brief Reads a whole regular file into @p out; returns 0 or an errno value.
    inline int read_whole_file(std::filesystem::path const& path, std::string& out)
    {
        int const fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
        {
            return errno;
        }
        struct stat st{};
        if (::fstat(fd, &st) != 0)
        {
            int const err = errno;
            close_fd(fd);
            return err;
        }
        if (S_ISDIR(st.st_mode))
        {
            close_fd(fd);
            return EISDIR;
        }
        out.clear();
        if (st.st_size > 0)
        {
            out.reserve(static_cast<std::size_t>(st.st_size));
        }
        char chunk[65536];
        for (;;)
        {
            ssize_t const r = ::read(fd, chunk, sizeof chunk);
            if (r < 0)
            {
                if (errno == EINTR)
                {
                    continue;
                }
                int const err = errno;
                close_fd(fd);
                return err;
            }
            if (r == 0)
            {
                break;
            }
            out.append(chunk, static_cast<std::size_t>(r));
        }
        close_fd(fd);
        return 0;
    }

    /// @brief A process-wide counter that makes temporary and probe names unique.
    inline std::atomic<unsigned long> unique_counter{0};
}

#endif
