#ifndef XESTIMATOR_IO_IMPL_POSIX_IPP
#define XESTIMATOR_IO_IMPL_POSIX_IPP

/// @file
/// @brief The definitions of io/detail/posix.hpp: included by that header (header-only) or by
/// <xestimator/src.hpp> (XESTIMATOR_SEPARATE_COMPILATION).

#include <cstdint>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../detail/posix.hpp"

namespace xest::io::detail
{
    XESTIMATOR_DECL bool take_injected_failure() noexcept
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

    XESTIMATOR_DECL void io_fault_plan::arm(long at, int err, kind_type k) noexcept
    {
        calls = 0;
        error = err;
        kind = k;
        disk_full = false;
        fail_at = at;
    }

    XESTIMATOR_DECL int injected_fault(io_call c) noexcept
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

    XESTIMATOR_DECL std::string host_name()
    {
        char host[256] = {};
        if (::gethostname(host, sizeof host - 1) != 0 || host[0] == '\0')
        {
            return "localhost";
        }
        return host;
    }

    XESTIMATOR_DECL std::string errno_text(int err)
    {
        return std::strerror(err);
    }

    XESTIMATOR_DECL std::string quoted(std::filesystem::path const& p)
    {
        // Appended, not "'" + p.string() + "'": GCC 12 at -O3 reports a false -Wrestrict there.
        std::string out = "'";
        out += p.string();
        out += '\'';
        return out;
    }

    XESTIMATOR_DECL int write_all(int fd, void const* data, std::size_t n) noexcept
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

    XESTIMATOR_DECL int fsync_fd(int fd) noexcept
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

    XESTIMATOR_DECL int close_fd(int fd) noexcept
    {
        // Linux releases the descriptor even when close fails with EINTR, so never retry.
        int const fault = injected_fault(io_call::close);
        int const err = ::close(fd) == 0 ? 0 : errno;
        return fault > 0 ? fault : err; // a failed close still releases the descriptor
    }

    XESTIMATOR_DECL int open_new_file(std::filesystem::path const& path, int flags, mode_t mode) noexcept
    {
        if (int const fault = injected_fault(io_call::open); fault > 0)
        {
            return -fault;
        }
        int const fd = ::open(path.c_str(), flags, mode);
        return fd >= 0 ? fd : -errno;
    }

    XESTIMATOR_DECL int rename_file(std::filesystem::path const& from, std::filesystem::path const& to) noexcept
    {
        if (int const fault = injected_fault(io_call::rename); fault > 0)
        {
            return fault;
        }
        return ::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
    }

    XESTIMATOR_DECL int unlink_file(std::filesystem::path const& path) noexcept
    {
        if (int const fault = injected_fault(io_call::unlink); fault > 0)
        {
            return fault;
        }
        return ::unlink(path.c_str()) == 0 ? 0 : errno;
    }

    XESTIMATOR_DECL int fsync_directory(std::filesystem::path const& dir) noexcept
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

    XESTIMATOR_DECL int read_whole_file(std::filesystem::path const& path, std::string& out)
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
}

#endif
