#ifndef XESTIMATOR_IO_ATOMIC_FILE_HPP
#define XESTIMATOR_IO_ATOMIC_FILE_HPP

/// @file
/// @brief Crash-safe whole-file replacement and a writable-directory check.

#include <cerrno>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

#include "../core/error.hpp"
#include "detail/posix.hpp"

namespace xest::io
{
    namespace detail
    {
        /// @brief Prefix of every temporary file: a hidden name that no reader of the model
        /// directory matches ("." + target name + this).
        inline constexpr std::string_view temp_marker = ".tmp-";

        /// @brief The temporary sibling of @p path: ".<name>.tmp-<pid>-<n>" in the same directory,
        /// so the final rename never crosses a file system.
        inline std::filesystem::path temp_path_for(std::filesystem::path const& path)
        {
            std::string name = ".";
            name += path.filename().string();
            name += temp_marker;
            name += std::to_string(::getpid());
            name += '-';
            name += std::to_string(unique_counter.fetch_add(1, std::memory_order_relaxed));
            return path.parent_path() / name;
        }

        /// @brief Writes @p bytes to a new file at @p path and fsyncs it; 0 or an errno value.
        /// On failure the file is removed.
        inline int write_new_file_synced(std::filesystem::path const& path, std::string_view bytes)
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

    /// @brief Replaces the file at @p path by @p bytes so that a crash at any instant leaves either
    /// the old file or the complete new one, never a mix.
    ///
    /// Writes a temporary file in the same directory, fsyncs it, renames it over @p path and
    /// fsyncs the directory. On failure the temporary file is removed, the old target is left
    /// untouched, and io_error names the path and the OS reason.
    inline void write_file_atomically(std::filesystem::path const& path, std::string_view bytes)
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

    /// @brief Creates @p dir (with its parents) if needed and proves it is writable by creating
    /// and removing a probe file; io_error names the directory and the reason otherwise.
    inline void ensure_writable_directory(std::filesystem::path const& dir)
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
