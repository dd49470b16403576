#ifndef XESTIMATOR_IO_EVENT_WRITER_HPP
#define XESTIMATOR_IO_EVENT_WRITER_HPP

/// @file
/// @brief TensorBoard event files (TFRecord-framed `Event` protos) written without protobuf.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "../core/config.hpp"
#include "../core/error.hpp"
// Not needed by the declarations: kept so that the fault hooks (detail::fail_next_writes,
// detail::io_faults) stay reachable through this header, as the tests use them.
#include "detail/posix.hpp"
#include "histogram.hpp"

namespace xest::io
{
    namespace detail
    {
        // Protobuf keys (field number << 3 | wire type) of the few fields written here, from
        // tensorboard/compat/proto/event.proto and summary.proto.
        inline constexpr unsigned char key_event_wall_time = (1 << 3) | 1;    // double, fixed64
        inline constexpr unsigned char key_event_step = (2 << 3) | 0;         // int64, varint
        inline constexpr unsigned char key_event_file_version = (3 << 3) | 2; // string
        inline constexpr unsigned char key_event_summary = (5 << 3) | 2;      // Summary
        inline constexpr unsigned char key_summary_value = (1 << 3) | 2;      // Summary.Value
        inline constexpr unsigned char key_value_tag = (1 << 3) | 2;          // string
        inline constexpr unsigned char key_value_simple_value = (2 << 3) | 5; // float, fixed32

        inline constexpr unsigned char key_value_histo = (5 << 3) | 2;         // HistogramProto

        /// @brief Frames the payload that starts at @p start in @p buf as one TFRecord: fills the
        /// 12 header bytes reserved before it and appends the payload CRC.
        XESTIMATOR_DECL void finish_record(std::string& buf, std::size_t start);

        XESTIMATOR_DECL double unix_seconds_now() noexcept;

        /// @brief Makes event file names unique within the process (the "<n>" of the name).
        inline std::atomic<unsigned long> event_file_counter{0};
    }

    /// @brief Writes scalar and histogram summaries to a TensorBoard event file in a directory.
    ///
    /// The file is `events.out.tfevents.<unix seconds>.<hostname>.<pid>.<n>`; its first record is
    /// the `brain.Event:2` file_version event, written and flushed on construction. Records are
    /// collected in an internal buffer (reused, so a steady stream of add_scalar calls does not
    /// allocate) and written out when @p flush_secs have passed since the last flush, when the
    /// buffer grows past 64 KiB, on flush() and in the destructor. A writer never appends to an
    /// existing file. If a write fails, io_error names the file, that file is closed (its complete
    /// records stay readable) and the next add starts a new file.
    class event_writer
    {
    public:
        using path_type = std::filesystem::path;
        using scalar_type = std::pair<std::string_view, double>;

        /// @brief Creates @p directory if needed and starts a new event file in it.
        XESTIMATOR_DECL explicit event_writer(path_type directory, double flush_secs = 5.0);

        event_writer(event_writer const&) = delete;
        event_writer& operator=(event_writer const&) = delete;

        event_writer(event_writer&& other) noexcept
            : m_directory(std::move(other.m_directory))
            , m_path(std::move(other.m_path))
            , m_buffer(std::move(other.m_buffer))
            , m_fd(std::exchange(other.m_fd, -1))
            , m_flush_interval(other.m_flush_interval)
            , m_last_flush(other.m_last_flush)
        {
        }

        XESTIMATOR_DECL event_writer& operator=(event_writer&& other) noexcept;

        /// @brief Flushes what is buffered; errors cannot be reported here and are dropped.
        ~event_writer()
        {
            close_quietly();
        }

        /// @brief Appends one event holding the scalar @p value (stored as float32) under @p tag.
        XESTIMATOR_DECL void add_scalar(std::string_view tag, double value, std::int64_t step);

        /// @brief Appends one event holding several scalars, all at @p step.
        XESTIMATOR_DECL void add_scalars(std::int64_t step, std::span<scalar_type const> values);

        /// @brief Appends one event holding the histogram @p h under @p tag (Summary.Value.histo).
        XESTIMATOR_DECL void add_histogram(std::string_view tag, histogram const& h, std::int64_t step);

        /// @brief Writes everything buffered to the file and fsyncs it.
        void flush()
        {
            write_buffer(true);
        }

        /// @brief The event file currently written (the last one, after a write error).
        path_type const& path() const noexcept
        {
            return m_path;
        }

        /// @brief The directory holding the event files.
        path_type const& directory() const noexcept
        {
            return m_directory;
        }

    private:
        using clock_type = std::chrono::steady_clock;

        // Event{wall_time, step, summary} up to the summary's values; returns the record start.
        XESTIMATOR_DECL std::size_t open_event(std::int64_t step, std::size_t summary_size);

        // Summary.Value's key, length and tag.
        XESTIMATOR_DECL void put_value_head(std::string_view tag, std::size_t value_size);

        // Frames the record and writes the buffer out when it is due.
        XESTIMATOR_DECL void close_event(std::size_t start);

        static constexpr std::size_t buffer_capacity = 64 * 1024;

        /// @brief Creates the next event file (O_EXCL: never an existing one) and writes the
        /// file_version record. A replacement file's name sorts after the one it replaces, since
        /// TensorBoard reads a run's files in name order.
        XESTIMATOR_DECL void open_new_file();

        /// @brief Writes the buffer (and fsyncs if asked); 0 or an errno value. Never throws.
        XESTIMATOR_DECL int try_write_buffer(bool sync) noexcept;

        XESTIMATOR_DECL void write_buffer(bool sync);

        // The path still names the open file (same device and inode).
        XESTIMATOR_DECL bool still_in_place() const noexcept;

        XESTIMATOR_DECL void close_quietly() noexcept;

        path_type m_directory;
        path_type m_path;
        std::string m_buffer;
        int m_fd = -1;
        double m_flush_interval;
        clock_type::time_point m_last_flush = clock_type::now();
    };
}

#if !defined(XESTIMATOR_SEPARATE_COMPILATION)
#include "impl/event_writer.ipp"
#endif

#endif
