#ifndef XESTIMATOR_IO_DETAIL_POSIX_HPP
#define XESTIMATOR_IO_DETAIL_POSIX_HPP

#if !defined(XESTIMATOR_IO_ATOMIC_FILE_HPP) && !defined(XESTIMATOR_IO_EVENT_WRITER_HPP) \
    && !defined(XESTIMATOR_IO_NPZ_HPP) && !defined(XESTIMATOR_IO_NPZ_READER_HPP) && !defined(XESTIMATOR_IO_CHECKPOINT_HPP) \
    && !defined(XESTIMATOR_IO_DIR_LOCK_HPP) && !defined(XESTIMATOR_IO_IMPL_POSIX_IPP)
#error "io/detail/posix.hpp is internal: include <xestimator/io.hpp> or one of the io/ headers."
#endif

/// @file
/// @brief Thin POSIX wrappers that report errno instead of throwing, plus the test fault hook.

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <filesystem>
#include <string>

#include <sys/types.h>

#include "../../core/config.hpp"

namespace xest::io::detail
{
    /// @brief Fault injection for tests: while positive, each low-level write fails with ENOSPC
    /// (writing nothing) and decrements the counter. Simulates a full disk.
    inline std::atomic<int> fail_next_writes{0};

    /// @brief Consumes one injected failure, if any is pending.
    XESTIMATOR_DECL bool take_injected_failure() noexcept;

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
        XESTIMATOR_DECL void arm(long at, int err = EIO, kind_type k = kind_type::error) noexcept;
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
    XESTIMATOR_DECL int injected_fault(io_call c) noexcept;

    /// @brief The host's name ("localhost" when it has none).
    XESTIMATOR_DECL std::string host_name();

    /// @brief The text of an errno value, e.g. "No space left on device".
    XESTIMATOR_DECL std::string errno_text(int err);

    /// @brief "'path'" for messages: quoted so that spaces and empty names stay visible.
    XESTIMATOR_DECL std::string quoted(std::filesystem::path const& p);

    /// @brief Writes all @p n bytes (retrying short writes and EINTR); returns 0 or an errno value.
    XESTIMATOR_DECL int write_all(int fd, void const* data, std::size_t n) noexcept;

    /// @brief fsync that retries EINTR; returns 0 or an errno value.
    XESTIMATOR_DECL int fsync_fd(int fd) noexcept;

    /// @brief close that reports the error (NFS reports delayed write errors here).
    XESTIMATOR_DECL int close_fd(int fd) noexcept;

    /// @brief open(2) for writing a new file; returns the descriptor or -errno.
    XESTIMATOR_DECL int open_new_file(std::filesystem::path const& path, int flags, mode_t mode) noexcept;

    /// @brief rename(2); returns 0 or an errno value.
    XESTIMATOR_DECL int rename_file(std::filesystem::path const& from, std::filesystem::path const& to) noexcept;

    /// @brief unlink(2); returns 0 or an errno value.
    XESTIMATOR_DECL int unlink_file(std::filesystem::path const& path) noexcept;

    /// @brief Makes a rename or a new file in @p dir durable; returns 0 or an errno value.
    XESTIMATOR_DECL int fsync_directory(std::filesystem::path const& dir) noexcept;

    /// @brief Reads a whole regular file into @p out; returns 0 or an errno value.
    XESTIMATOR_DECL int read_whole_file(std::filesystem::path const& path, std::string& out);

    /// @brief A process-wide counter that makes temporary and probe names unique.
    inline std::atomic<unsigned long> unique_counter{0};
}

#if !defined(XESTIMATOR_SEPARATE_COMPILATION)
#include "../impl/posix.ipp"
#endif

#endif
