#ifndef XESTIMATOR_IO_IMPL_EVENT_WRITER_IPP
#define XESTIMATOR_IO_IMPL_EVENT_WRITER_IPP

/// @file
/// @brief The definitions of io/event_writer.hpp: included by that header (header-only) or by
/// <xestimator/src.hpp> (XESTIMATOR_SEPARATE_COMPILATION).

#include <bit>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../crc32c.hpp"
#include "../detail/bytes.hpp"
#include "../detail/protobuf.hpp"
#include "../event_writer.hpp"

namespace xest::io
{
    namespace detail
    {
        XESTIMATOR_DECL void finish_record(std::string& buf, std::size_t start)
        {
            std::size_t const payload_begin = start + 12;
            std::uint64_t const len = buf.size() - payload_begin;
            unsigned char header[12];
            for (std::size_t i = 0; i < 8; ++i)
            {
                header[i] = static_cast<unsigned char>((len >> (8 * i)) & 0xff);
            }
            std::uint32_t const len_crc = masked_crc32c(header, 8);
            for (std::size_t i = 0; i < 4; ++i)
            {
                header[8 + i] = static_cast<unsigned char>((len_crc >> (8 * i)) & 0xff);
            }
            std::memcpy(buf.data() + start, header, sizeof header);
            append_le(buf, masked_crc32c(buf.data() + payload_begin, static_cast<std::size_t>(len)));
        }

        XESTIMATOR_DECL double unix_seconds_now() noexcept
        {
            using namespace std::chrono;
            return duration<double>(system_clock::now().time_since_epoch()).count();
        }
    }

    XESTIMATOR_DECL event_writer::event_writer(path_type directory, double flush_secs)
        : m_directory(std::move(directory))
        , m_flush_interval(flush_secs)
    {
        std::error_code ec;
        std::filesystem::create_directories(m_directory, ec);
        if (ec)
        {
            raise<io_error>("cannot create event directory " + detail::quoted(m_directory) + ": " + ec.message());
        }
        m_buffer.reserve(buffer_capacity + 4096);
        open_new_file();
    }

    XESTIMATOR_DECL event_writer& event_writer::operator=(event_writer&& other) noexcept
    {
        if (this != &other)
        {
            close_quietly();
            m_directory = std::move(other.m_directory);
            m_path = std::move(other.m_path);
            m_buffer = std::move(other.m_buffer);
            m_fd = std::exchange(other.m_fd, -1);
            m_flush_interval = other.m_flush_interval;
            m_last_flush = other.m_last_flush;
        }
        return *this;
    }

    XESTIMATOR_DECL void event_writer::add_scalar(std::string_view tag, double value, std::int64_t step)
    {
        scalar_type const one{tag, value};
        add_scalars(step, std::span<scalar_type const>(&one, 1));
    }

    XESTIMATOR_DECL void event_writer::add_scalars(std::int64_t step, std::span<scalar_type const> values)
    {
        std::size_t summary_size = 0;
        for (auto const& [tag, v] : values)
        {
            std::size_t const vs = detail::value_size(tag);
            summary_size += 1 + detail::varint_size(vs) + vs;
        }
        std::size_t const start = open_event(step, summary_size);
        for (auto const& [tag, v] : values)
        {
            put_value_head(tag, detail::value_size(tag));
            m_buffer.push_back(static_cast<char>(detail::key_value_simple_value));
            detail::append_le(m_buffer, std::bit_cast<std::uint32_t>(static_cast<float>(v)));
        }
        close_event(start);
    }

    XESTIMATOR_DECL void event_writer::add_histogram(std::string_view tag, histogram const& h, std::int64_t step)
    {
        std::size_t const hs = detail::histogram_size(h);
        std::size_t const vs = 1 + detail::varint_size(tag.size()) + tag.size() + 1 + detail::varint_size(hs) + hs;
        std::size_t const start = open_event(step, 1 + detail::varint_size(vs) + vs);
        put_value_head(tag, vs);
        m_buffer.push_back(static_cast<char>(detail::key_value_histo));
        detail::put_varint(m_buffer, hs);
        detail::put_histogram(m_buffer, h);
        close_event(start);
    }

    XESTIMATOR_DECL std::size_t event_writer::open_event(std::int64_t step, std::size_t summary_size)
    {
        if (m_fd < 0)
        {
            open_new_file();
        }
        std::size_t const start = m_buffer.size();
        m_buffer.append(12, '\0');
        m_buffer.push_back(static_cast<char>(detail::key_event_wall_time));
        detail::append_le(m_buffer, std::bit_cast<std::uint64_t>(detail::unix_seconds_now()));
        m_buffer.push_back(static_cast<char>(detail::key_event_step));
        detail::put_varint(m_buffer, static_cast<std::uint64_t>(step)); // negative: 10 bytes, as protobuf does
        m_buffer.push_back(static_cast<char>(detail::key_event_summary));
        detail::put_varint(m_buffer, summary_size);
        return start;
    }

    XESTIMATOR_DECL void event_writer::put_value_head(std::string_view tag, std::size_t value_size)
    {
        m_buffer.push_back(static_cast<char>(detail::key_summary_value));
        detail::put_varint(m_buffer, value_size);
        m_buffer.push_back(static_cast<char>(detail::key_value_tag));
        detail::put_varint(m_buffer, tag.size());
        m_buffer.append(tag);
    }

    XESTIMATOR_DECL void event_writer::close_event(std::size_t start)
    {
        detail::finish_record(m_buffer, start);
        if (std::chrono::duration<double>(clock_type::now() - m_last_flush).count() >= m_flush_interval)
        {
            flush();
        }
        else if (m_buffer.size() >= buffer_capacity)
        {
            write_buffer(false);
        }
    }

    XESTIMATOR_DECL void event_writer::open_new_file()
    {
        char host[256] = {};
        if (::gethostname(host, sizeof host - 1) != 0 || host[0] == '\0')
        {
            std::strcpy(host, "localhost");
        }
        long long secs = static_cast<long long>(detail::unix_seconds_now());
        path_type candidate;
        int fd = -1;
        for (int attempt = 0; attempt < 1000; ++attempt)
        {
            std::string name = "events.out.tfevents." + std::to_string(secs) + "." + host + "."
                               + std::to_string(::getpid()) + "."
                               + std::to_string(detail::event_file_counter.fetch_add(1));
            if (!m_path.empty() && name <= m_path.filename().string())
            {
                ++secs; // the counter gained a digit within one second
                continue;
            }
            candidate = m_directory / name;
            fd = detail::open_new_file(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_APPEND, 0666);
            if (fd >= 0 || fd != -EEXIST)
            {
                break;
            }
        }
        if (fd < 0)
        {
            int const err = -fd;
            raise<io_error>("cannot create event file " + detail::quoted(candidate) + ": " + detail::errno_text(err));
        }
        m_fd = fd;
        m_path = std::move(candidate);
        m_buffer.clear();
        std::size_t const start = m_buffer.size();
        m_buffer.append(12, '\0');
        m_buffer.push_back(static_cast<char>(detail::key_event_wall_time));
        detail::append_le(m_buffer, std::bit_cast<std::uint64_t>(detail::unix_seconds_now()));
        constexpr std::string_view version = "brain.Event:2";
        m_buffer.push_back(static_cast<char>(detail::key_event_file_version));
        detail::put_varint(m_buffer, version.size());
        m_buffer.append(version);
        detail::finish_record(m_buffer, start);
        // TensorBoard reports a file without its file_version record as broken: write it now.
        write_buffer(false);
    }

    XESTIMATOR_DECL int event_writer::try_write_buffer(bool sync) noexcept
    {
        int err = 0;
        if (!m_buffer.empty())
        {
            err = detail::write_all(m_fd, m_buffer.data(), m_buffer.size());
            m_buffer.clear();
        }
        if (err == 0 && sync)
        {
            err = detail::fsync_fd(m_fd);
            m_last_flush = clock_type::now();
        }
        return err;
    }

    XESTIMATOR_DECL void event_writer::write_buffer(bool sync)
    {
        if (m_fd < 0)
        {
            m_buffer.clear();
            return;
        }
        if (!still_in_place())
        {
            // The directory was removed or the file replaced: writing on would put the
            // summaries in a file nobody can see.
            detail::close_fd(m_fd);
            m_fd = -1;
            m_buffer.clear();
            raise<io_error>("event file " + detail::quoted(m_path) + " was removed or replaced while training; "
                            "the summaries since the last flush are lost (the next summary starts a new file)");
        }
        if (int const err = try_write_buffer(sync); err != 0)
        {
            // The file may now end inside a record; readers stop there, so no later record may
            // go into it. The next add starts a new file.
            detail::close_fd(m_fd);
            m_fd = -1;
            raise<io_error>("cannot write event file " + detail::quoted(m_path) + ": " + detail::errno_text(err)
                            + " (the file is closed; the next summary starts a new file)");
        }
    }

    XESTIMATOR_DECL bool event_writer::still_in_place() const noexcept
    {
        struct stat by_path{};
        struct stat by_fd{};
        return ::stat(m_path.c_str(), &by_path) == 0 && ::fstat(m_fd, &by_fd) == 0 && by_path.st_ino == by_fd.st_ino
               && by_path.st_dev == by_fd.st_dev;
    }

    XESTIMATOR_DECL void event_writer::close_quietly() noexcept
    {
        if (m_fd >= 0)
        {
            try_write_buffer(true);
            detail::close_fd(m_fd);
            m_fd = -1;
        }
    }
}

#endif
