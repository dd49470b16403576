#ifndef XESTIMATOR_IO_ATOMIC_FILE_HPP
#define XESTIMATOR_IO_ATOMIC_FILE_HPP

/// @file
/// @brief Crash-safe whole-file replacement and a writable-directory check.

#include <filesystem>
#include <string_view>

#include "../core/config.hpp"
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
        XESTIMATOR_DECL std::filesystem::path temp_path_for(std::filesystem::path const& path);

        /// @brief Writes @p bytes to a new file at @p path and fsyncs it; 0 or an errno value.
        /// On failure the file is removed.
        XESTIMATOR_DECL int write_new_file_synced(std::filesystem::path const& path, std::string_view bytes);
    }

    /// @brief Replaces the file at @p path by @p bytes so that a crash at any instant leaves either
    /// the old file or the complete new one, never a mix.
    ///
    /// Writes a temporary file in the same directory, fsyncs it, renames it over @p path and
    /// fsyncs the directory. On failure the temporary file is removed, the old target is left
    /// untouched, and io_error names the path and the OS reason.
    XESTIMATOR_DECL void write_file_atomically(std::filesystem::path const& path, std::string_view bytes);

    /// @brief Creates @p dir (with its parents) if needed and proves it is writable by creating
    /// and removing a probe file; io_error names the directory and the reason otherwise.
    XESTIMATOR_DECL void ensure_writable_directory(std::filesystem::path const& dir);
}

#if !defined(XESTIMATOR_SEPARATE_COMPILATION)
#include "impl/atomic_file.ipp"
#endif

#endif
