#ifndef XESTIMATOR_IO_DETAIL_POSIX_HPP
#define XESTIMATOR_IO_DETAIL_POSIX_HPP

#if !defined(XESTIMATOR_IO_ATOMIC_FILE_HPP) && !defined(XESTIMATOR_IO_EVENT_WRITER_HPP) \
    && !defined(XESTIMATOR_IO_NPZ_HPP) && !defined(XESTIMATOR_IO_NPZ_READER_HPP) && !defined(XESTIMATOR_IO_CHECKPOINT_HPP) \
    && !defined(XESTIMATOR_IO_DIR_LOCK_HPP)
#error "io/detail/posix.hpp is internal: include <xestimator/io.hpp> or one of the io/ headers."
#endif

/// @file
/// @brief Thin POSIX wrappers that report errno instead of throwing, plus the test fault hook.

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdint>
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

    /// @brief The I/O fault shim of the tests: numbers every system call that writes the model
    /// directory (open, write, fsync, close, rename, unlink through the wrappers below) and makes
    /// the one numbered `fail_at` fail. Counting starts at 0 when `arm` is called.
    struct io_fault_plan
    {
        enum class kind_type
        {
            error,      ///< the call fails with `error` and does nothing
            short_write ///< a write transfers half its bytes, then the next write fails with ENOSPC
        };
        std::atomic<long> calls{0};
        std::atomic<long> fail_at{-1};
        std::atomic<int> error{EIO};
        std::atomic<kind_type> kind{kind_type::error};
        std::atomic<bool> disk_full{false}; ///< set by a short write: later writes fail with ENOSPC

        /// @brief Fails call number @p at (-1: none) with @p err, or cuts it short.
        void arm(long at, int err = EIO, kind_type k = kind_type::error) noexcept
        {
            calls = 0;
            error = err;
            kind = k;
            disk_full = false;
            fail_at = at;
        }
        void disarm() noexcept
        {
            arm(-1);
        }
    };
    inline io_fault_plan io_faults;

    enum class io_call
    {
        open,
        write,
        fsync,
        close,
        rename,
        unlink
    };

    /// @brief The errno the shim makes call @p c fail with (0: none); for a write cut short,
    /// -1 (the caller then writes half).
    inline int injected_fault(io_call c) noexcept
    {
        long const n = io_faults.calls.fetch_add(1, std::memory_order_relaxed);
        if (c == io_call::write && io_faults.disk_full.load(std::memory_order_relaxed))
        {
            return ENOSPC;
        }
        if (n != io_faults.fail_at.load(std::memory_order_relaxed))
        {
            return 0;
        }
        if (io_faults.kind.load() == io_fault_plan::kind_type::short_write)
        {
            if (c != io_call::write)
            {
                return 0;
            }
            io_faults.disk_full = true;
            return -1;
        }
        return io_faults.error.load(std::memory_order_relaxed);
    }

    /// @brief The host's name ("localhost" when it has none).
    inline std::string host_name()
    {
        char host[256] = {};
        if (::gethostname(host, sizeof host - 1) != 0 || host[0] == '\0')
        {
            return "localhost";
        }
        return host;
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
            int const fault = injected_fault(io_call::write);
            if (fault > 0)
            {
                return fault;
            }
            // A write cut short transfers half (at least one byte), as a filling disk does.
            ssize_t const w = ::write(fd, p, fault < 0 ? (n + 1) / 2 : n);
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
        if (int const fault = injected_fault(io_call::fsync); fault > 0)
        {
            return fault;
        }
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
        int const fault = injected_fault(io_call::close);
        int const err = ::close(fd) == 0 ? 0 : errno;
        return fault > 0 ? fault : err; // a failed close still releases the descriptor
    }

    /// @brief open(2) for writing a new file; returns the descriptor or -errno.
    inline int open_new_file(std::filesystem::path const& path, int flags, mode_t mode) noexcept
    {
        if (int const fault = injected_fault(io_call::open); fault > 0)
        {
            return -fault;
        }
        int const fd = ::open(path.c_str(), flags, mode);
        return fd >= 0 ? fd : -errno;
    }

    /// @brief rename(2); returns 0 or an errno value.
    inline int rename_file(std::filesystem::path const& from, std::filesystem::path const& to) noexcept
    {
        if (int const fault = injected_fault(io_call::rename); fault > 0)
        {
            return fault;
        }
        return ::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
    }

    /// @brief unlink(2); returns 0 or an errno value.
    inline int unlink_file(std::filesystem::path const& path) noexcept
    {
        if (int const fault = injected_fault(io_call::unlink); fault > 0)
        {
            return fault;
        }
        return ::unlink(path.c_str()) == 0 ? 0 : errno;
    }

    /// @brief Makes a rename or a new file in @p dir durable; returns 0 or an errno value.
    inline int fsync_directory(std::filesystem::path const& dir) noexcept
    {
        int const fd = open_new_file(dir.empty() ? std::filesystem::path(".") : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        if (fd < 0)
        {
            return -fd;
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
        // Straight into the string, no stack buffer: embedded threads often have a few KiB of stack.
        if (static_cast<std::uint64_t>(st.st_size) >= SIZE_MAX / 2)
        {
            close_fd(fd);
            return EFBIG; // a 32-bit size_t cannot hold it
        }
        std::size_t used = 0;
        out.resize(st.st_size > 0 ? static_cast<std::size_t>(st.st_size) + 1 : 4096);
        for (;;)
        {
            if (used == out.size())
            {
                out.resize(out.size() * 2);
            }
            ssize_t const r = ::read(fd, out.data() + used, out.size() - used);
            if (r < 0)
            {
                if (errno == EINTR)
                {
                    continue;
                }
                int const err = errno;
                close_fd(fd);
                out.clear();
                return err;
            }
            if (r == 0)
            {
                break;
            }
            used += static_cast<std::size_t>(r);
        }
        out.resize(used);
        close_fd(fd);
        return 0;
    }

    /// @brief A process-wide counter that makes temporary and probe names unique.
    inline std::atomic<unsigned long> unique_counter{0};
}

#endif
