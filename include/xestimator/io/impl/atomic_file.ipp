#ifndef XESTIMATOR_IO_IMPL_ATOMIC_FILE_IPP
#define XESTIMATOR_IO_IMPL_ATOMIC_FILE_IPP

/// @file
/// @brief The definitions of io/atomic_file.hpp: included by that header (header-only) or by
/// <xestimator/src.hpp> (XESTIMATOR_SEPARATE_COMPILATION).

#include <cerrno>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

#include "../atomic_file.hpp"

namespace xest::io
{
    namespace detail
    {
        XESTIMATOR_DECL std::filesystem::path temp_path_for(std::filesystem::path const& path)
        {
            std::string name = ".";
            name += path.filename().string();
            name += temp_marker;
            name += std::to_string(::getpid());
            name += '-';
            name += std::to_string(unique_counter.fetch_add(1, std::memory_order_relaxed));
            return path.parent_path() / name;
        }

        XESTIMATOR_DECL int write_new_file_synced(std::filesystem::path const& path, std::string_view bytes)
        {
            int const fd = open_new_file(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
            if (fd < 0)
            {
                return -fd;
            }
            int err = write_all(fd, bytes.data(), bytes.size());
            if (err == 0)
            {
                err = fsync_fd(fd);
            }
            int const cerr = close_fd(fd);
            if (err == 0)
            {
                err = cerr;
            }
            if (err != 0)
            {
                ::unlink(path.c_str());
            }
            return err;
        }
    }

    XESTIMATOR_DECL void write_file_atomically(std::filesystem::path const& path, std::string_view bytes)
    {
        std::filesystem::path const temp = detail::temp_path_for(path);
        if (int const err = detail::write_new_file_synced(temp, bytes); err != 0)
        {
            raise<io_error>("cannot write " + detail::quoted(path) + " (via temporary file "
                            + detail::quoted(temp) + "): " + detail::errno_text(err));
        }
        if (int const err = detail::rename_file(temp, path); err != 0)
        {
            ::unlink(temp.c_str());
            raise<io_error>("cannot rename " + detail::quoted(temp) + " to " + detail::quoted(path) + ": "
                            + detail::errno_text(err));
        }
        if (int const err = detail::fsync_directory(path.parent_path()); err != 0)
        {
            // The new content is in place but its directory entry may not survive a power loss.
            raise<io_error>("wrote " + detail::quoted(path) + " but cannot sync its directory: "
                            + detail::errno_text(err));
        }
    }

    XESTIMATOR_DECL void ensure_writable_directory(std::filesystem::path const& dir)
    {
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec)
        {
            raise<io_error>("cannot create directory " + detail::quoted(dir) + ": " + ec.message());
        }
        if (!std::filesystem::is_directory(dir, ec))
        {
            raise<io_error>(detail::quoted(dir) + " exists but is not a directory");
        }
        std::filesystem::path const probe =
            dir / (".xest-probe-" + std::to_string(::getpid()) + "-"
                   + std::to_string(detail::unique_counter.fetch_add(1, std::memory_order_relaxed)));
        int const fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0)
        {
            int const err = errno;
            raise<io_error>("directory " + detail::quoted(dir) + " is not writable: " + detail::errno_text(err));
        }
        detail::close_fd(fd);
        ::unlink(probe.c_str());
    }
}

#endif
