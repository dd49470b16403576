#ifndef XESTIMATOR_TESTS_SUPPORT_EVENT_READER_HPP
#define XESTIMATOR_TESTS_SUPPORT_EVENT_READER_HPP

// An independent decoder of TensorBoard event files for the tests, written from the formats'
// specifications and sharing no code with include/xestimator/io (so a bug in the writer cannot
// hide itself):
//   - TFRecord framing: uint64 length (little-endian), uint32 masked CRC-32C of those 8 bytes,
//     the payload, uint32 masked CRC-32C of the payload; mask(c) = ((c >> 15) | (c << 17)) +
//     0xa282ead8.
//   - protobuf wire format (varint, fixed64, length-delimited, fixed32), with the fields of
//     tensorboard/compat/proto/{event,summary,tensor,tensor_shape,histogram}.proto:
//       Event        1 wall_time double, 2 step int64, 3 file_version string, 5 summary,
//                    7 session_log (1 status enum)
//       Summary      1 value (repeated Summary.Value)
//       Value        1 tag, 2 simple_value float, 5 histo HistogramProto, 8 tensor TensorProto,
//                    9 metadata (1 plugin_data {1 plugin_name, 2 content}, 4 data_class)
//       Histogram    1 min, 2 max, 3 num, 4 sum, 5 sum_squares (double), 6 bucket_limit,
//                    7 bucket (repeated double, packed or not)
//       TensorProto  1 dtype, 2 tensor_shape (2 dim {1 size}), 4 tensor_content,
//                    5 float_val, 6 double_val (packed or not)
//
// API (namespace xest_test::events):
//   file_contents      read_file(path)        every record of one file, decoded
//   file_contents      decode(bytes)          the same from bytes in memory (used by the fuzzer)
//   directory_contents read_directory(dir)    every run below dir, as TensorBoard groups them
// directory_contents::scalars holds every scalar point (simple_value, or a one-element tensor of
// plugin "scalars"), ::histograms every histogram (the `histo` field, or the histograms plugin's
// [k, 3] tensor form of rows {left, right, count}); series(run, tag), steps(run, tag) and
// histogram_series(run, tag) select one time series. A file ending inside a record sets
// `truncated` (every complete record before it is kept); a bad CRC, a record that is not an
// Event, or a first record that is not file_version "brain.Event:2" is an entry in `errors`.
// Not emulated: TensorBoard's purge of points after a restart at an earlier step.

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace xest_test::events
{
    struct histogram
    {
        double min = 0, max = 0, num = 0, sum = 0, sum_squares = 0;
        std::vector<double> bucket_limit; ///< right edge of each bucket
        std::vector<double> bucket;       ///< count in each bucket
    };

    struct tensor
    {
        int dtype = 0; ///< DataType enum: 1 float, 2 double
        std::vector<std::int64_t> shape;
        std::vector<double> values; ///< float and double elements, widened
    };

    struct summary_value
    {
        enum kind_type
        {
            none,
            simple,
            histo,
            tensor_kind,
            other
        };
        std::string tag;
        kind_type kind = none;
        float simple_value = 0;
        histogram histo_value;
        tensor tensor_value;
        std::string plugin_name;
        std::string plugin_content;
        int data_class = 0;
    };

    struct event
    {
        double wall_time = 0;
        std::int64_t step = 0;
        std::string file_version; ///< empty when the event has none
        bool has_summary = false;
        std::vector<summary_value> values;
        int session_status = -1; ///< SessionLog status, -1 without one
    };

    struct file_contents
    {
        std::filesystem::path path;
        std::vector<event> events;
        std::uint64_t bytes = 0;    ///< size of the file
        std::uint64_t bytes_ok = 0; ///< bytes up to the end of the last good record
        bool truncated = false;     ///< ends inside a record
        std::vector<std::string> errors;
    };

    struct point
    {
        std::string run;
        std::string tag;
        std::int64_t step = 0;
        double value = 0;
        double wall_time = 0;
    };

    struct histogram_point
    {
        std::string run;
        std::string tag;
        std::int64_t step = 0;
        double wall_time = 0;
        histogram value;
        bool from_tensor = false; ///< the plugin's tensor form (sum and sum_squares are NaN then)
    };

    struct directory_contents
    {
        std::vector<file_contents> files; ///< by run, then by file name
        std::string file_version;         ///< of the first record of the first file
        bool truncated = false;
        std::vector<std::string> errors;
        std::vector<point> scalars;
        std::vector<histogram_point> histograms;

        bool ok() const { return errors.empty() && !truncated; }

        std::vector<point> series(std::string const& run, std::string const& tag) const
        {
            std::vector<point> out;
            std::copy_if(scalars.begin(), scalars.end(), std::back_inserter(out),
                         [&](point const& p) { return p.run == run && p.tag == tag; });
            return out;
        }

        std::vector<std::int64_t> steps(std::string const& run, std::string const& tag) const
        {
            std::vector<std::int64_t> out;
            for (auto const& p : series(run, tag))
            {
                out.push_back(p.step);
            }
            return out;
        }

        std::vector<histogram_point> histogram_series(std::string const& run, std::string const& tag) const
        {
            std::vector<histogram_point> out;
            std::copy_if(histograms.begin(), histograms.end(), std::back_inserter(out),
                         [&](histogram_point const& p) { return p.run == run && p.tag == tag; });
            return out;
        }
    };

    namespace detail
    {
        // CRC-32C (Castagnoli, reflected polynomial 0x82f63b78), one table built at compile time.
        inline constexpr std::array<std::uint32_t, 256> crc_table = []
        {
            std::array<std::uint32_t, 256> t{};
            for (std::uint32_t i = 0; i < 256; ++i)
            {
                std::uint32_t c = i;
                for (int k = 0; k < 8; ++k)
                {
                    c = (c & 1u) != 0 ? (c >> 1) ^ 0x82f63b78u : c >> 1;
                }
                t[i] = c;
            }
            return t;
        }();

        inline std::uint32_t masked_crc(std::string_view bytes)
        {
            std::uint32_t c = 0xffffffffu;
            for (char ch : bytes)
            {
                c = crc_table[(c ^ static_cast<unsigned char>(ch)) & 0xffu] ^ (c >> 8);
            }
            c ^= 0xffffffffu;
            return ((c >> 15) | (c << 17)) + 0xa282ead8u;
        }

        inline std::uint64_t little_endian(std::string_view bytes)
        {
            std::uint64_t v = 0;
            for (std::size_t i = bytes.size(); i-- > 0;)
            {
                v = (v << 8) | static_cast<unsigned char>(bytes[i]);
            }
            return v;
        }

        /// One protobuf field: its number, wire type and value (varint/fixed in `number_value`,
        /// length-delimited bytes in `bytes`).
        struct field
        {
            std::uint64_t number = 0;
            int wire = 0;
            std::uint64_t number_value = 0;
            std::string_view bytes;

            double as_double() const { return std::bit_cast<double>(number_value); }
            float as_float() const { return std::bit_cast<float>(static_cast<std::uint32_t>(number_value)); }
        };

        /// Reads the fields of one message in order; `failed` is set on malformed input.
        class wire_reader
        {
        public:
            explicit wire_reader(std::string_view data) : m_data(data) {}

            bool failed() const { return m_failed; }

            bool next(field& f)
            {
                if (m_failed || m_pos >= m_data.size())
                {
                    return false;
                }
                std::uint64_t key = 0;
                if (!varint(key) || (key >> 3) == 0)
                {
                    return fail();
                }
                f = field{};
                f.number = key >> 3;
                f.wire = static_cast<int>(key & 7u);
                switch (f.wire)
                {
                case 0: return varint(f.number_value) || fail();
                case 1: return fixed(8, f.number_value) || fail();
                case 5: return fixed(4, f.number_value) || fail();
                case 2:
                {
                    std::uint64_t len = 0;
                    if (!varint(len) || len > m_data.size() - m_pos)
                    {
                        return fail();
                    }
                    f.bytes = m_data.substr(m_pos, static_cast<std::size_t>(len));
                    m_pos += static_cast<std::size_t>(len);
                    return true;
                }
                default: return fail(); // groups (3, 4) are not used by these messages
                }
            }

            bool varint(std::uint64_t& v)
            {
                v = 0;
                for (int shift = 0; shift < 64; shift += 7)
                {
                    if (m_pos >= m_data.size())
                    {
                        return false;
                    }
                    auto const b = static_cast<unsigned char>(m_data[m_pos++]);
                    v |= static_cast<std::uint64_t>(b & 0x7fu) << shift;
                    if ((b & 0x80u) == 0)
                    {
                        return true;
                    }
                }
                return false; // more than 10 bytes
            }

        private:
            bool fixed(std::size_t n, std::uint64_t& v)
            {
                if (m_data.size() - m_pos < n)
                {
                    return false;
                }
                v = little_endian(m_data.substr(m_pos, n));
                m_pos += n;
                return true;
            }
            bool fail()
            {
                m_failed = true;
                return false;
            }

            std::string_view m_data;
            std::size_t m_pos = 0;
            bool m_failed = false;
        };

        /// Appends a repeated double (wire 1) or float (wire 5) field, packed (wire 2) or not.
        inline bool repeated_real(field const& f, std::size_t width, std::vector<double>& out)
        {
            int const scalar_wire = width == 8 ? 1 : 5;
            if (f.wire == scalar_wire)
            {
                out.push_back(width == 8 ? f.as_double() : double(f.as_float()));
                return true;
            }
            if (f.wire != 2 || f.bytes.size() % width != 0)
            {
                return false;
            }
            for (std::size_t i = 0; i < f.bytes.size(); i += width)
            {
                std::uint64_t const bits = little_endian(f.bytes.substr(i, width));
                out.push_back(width == 8 ? std::bit_cast<double>(bits)
                                         : double(std::bit_cast<float>(static_cast<std::uint32_t>(bits))));
            }
            return true;
        }

        inline bool decode_histogram(std::string_view data, histogram& h)
        {
            wire_reader r(data);
            field f;
            bool ok = true;
            while (ok && r.next(f))
            {
                double* const scalar[] = {nullptr, &h.min, &h.max, &h.num, &h.sum, &h.sum_squares};
                if (f.number >= 1 && f.number <= 5)
                {
                    ok = f.wire == 1;
                    *scalar[f.number] = f.as_double();
                }
                else if (f.number == 6 || f.number == 7)
                {
                    ok = repeated_real(f, 8, f.number == 6 ? h.bucket_limit : h.bucket);
                }
            }
            return ok && !r.failed();
        }

        inline bool decode_tensor(std::string_view data, tensor& t)
        {
            wire_reader r(data);
            field f;
            bool ok = true;
            std::string_view content;
            while (ok && r.next(f))
            {
                if (f.number == 1)
                {
                    ok = f.wire == 0;
                    t.dtype = static_cast<int>(f.number_value);
                }
                else if (f.number == 2 && (ok = f.wire == 2))
                {
                    wire_reader shape(f.bytes);
                    field dim;
                    while (ok && shape.next(dim))
                    {
                        if (dim.number == 2 && (ok = dim.wire == 2))
                        {
                            wire_reader size(dim.bytes);
                            field s;
                            std::int64_t n = 0;
                            while (size.next(s))
                            {
                                n = s.number == 1 ? static_cast<std::int64_t>(s.number_value) : n;
                            }
                            ok = !size.failed();
                            t.shape.push_back(n);
                        }
                    }
                    ok = ok && !shape.failed();
                }
                else if (f.number == 4)
                {
                    ok = f.wire == 2;
                    content = f.bytes;
                }
                else if (f.number == 5 || f.number == 6)
                {
                    ok = repeated_real(f, f.number == 5 ? 4 : 8, t.values);
                }
            }
            if (ok && !content.empty() && (t.dtype == 1 || t.dtype == 2))
            {
                ok = repeated_real(field{.number = 0, .wire = 2, .number_value = 0, .bytes = content},
                                   t.dtype == 1 ? 4 : 8, t.values);
            }
            return ok && !r.failed();
        }

        inline bool decode_metadata(std::string_view data, summary_value& v)
        {
            wire_reader r(data);
            field f;
            bool ok = true;
            while (ok && r.next(f))
            {
                if (f.number == 1 && (ok = f.wire == 2))
                {
                    wire_reader plugin(f.bytes);
                    field p;
                    while (plugin.next(p))
                    {
                        if (p.wire == 2 && (p.number == 1 || p.number == 2))
                        {
                            (p.number == 1 ? v.plugin_name : v.plugin_content) = std::string(p.bytes);
                        }
                    }
                    ok = !plugin.failed();
                }
                else if (f.number == 4)
                {
                    ok = f.wire == 0;
                    v.data_class = static_cast<int>(f.number_value);
                }
            }
            return ok && !r.failed();
        }

        inline bool decode_value(std::string_view data, summary_value& v)
        {
            wire_reader r(data);
            field f;
            bool ok = true;
            while (ok && r.next(f))
            {
                switch (f.number)
                {
                case 1: v.tag = std::string(f.bytes); ok = f.wire == 2; break;
                case 2: v.kind = summary_value::simple; v.simple_value = f.as_float(); ok = f.wire == 5; break;
                case 5: v.kind = summary_value::histo; ok = f.wire == 2 && decode_histogram(f.bytes, v.histo_value); break;
                case 8: v.kind = summary_value::tensor_kind; ok = f.wire == 2 && decode_tensor(f.bytes, v.tensor_value); break;
                case 9: ok = f.wire == 2 && decode_metadata(f.bytes, v); break;
                case 3: case 4: case 6: v.kind = summary_value::other; break;
                default: break;
                }
            }
            return ok && !r.failed();
        }

        inline bool decode_event(std::string_view data, event& e)
        {
            wire_reader r(data);
            field f;
            bool ok = true;
            while (ok && r.next(f))
            {
                switch (f.number)
                {
                case 1: e.wall_time = f.as_double(); ok = f.wire == 1; break;
                case 2: e.step = static_cast<std::int64_t>(f.number_value); ok = f.wire == 0; break;
                case 3: e.file_version = std::string(f.bytes); ok = f.wire == 2; break;
                case 5:
                {
                    e.has_summary = true;
                    wire_reader s(f.bytes);
                    field vf;
                    ok = f.wire == 2;
                    while (ok && s.next(vf))
                    {
                        if (vf.number == 1)
                        {
                            summary_value v;
                            ok = vf.wire == 2 && decode_value(vf.bytes, v);
                            e.values.push_back(std::move(v));
                        }
                    }
                    ok = ok && !s.failed();
                    break;
                }
                case 7:
                {
                    wire_reader s(f.bytes);
                    field sf;
                    ok = f.wire == 2;
                    e.session_status = 0;
                    while (ok && s.next(sf))
                    {
                        e.session_status = sf.number == 1 ? static_cast<int>(sf.number_value) : e.session_status;
                    }
                    ok = ok && !s.failed();
                    break;
                }
                default: break;
                }
            }
            return ok && !r.failed();
        }
    }

    /// Decodes the records of one event file held in memory.
    inline file_contents decode(std::string_view bytes)
    {
        file_contents out;
        out.bytes = bytes.size();
        std::size_t pos = 0;
        while (pos < bytes.size())
        {
            std::size_t const left = bytes.size() - pos;
            if (left < 12)
            {
                out.truncated = true;
                break;
            }
            std::string_view const header = bytes.substr(pos, 12);
            if (detail::masked_crc(header.substr(0, 8)) != detail::little_endian(header.substr(8, 4)))
            {
                out.errors.push_back("record at byte " + std::to_string(pos) + ": length CRC mismatch");
                break;
            }
            std::uint64_t const length = detail::little_endian(header.substr(0, 8));
            if (length > left - 12 || left - 12 - length < 4)
            {
                out.truncated = true;
                break;
            }
            std::string_view const payload = bytes.substr(pos + 12, static_cast<std::size_t>(length));
            std::string_view const crc = bytes.substr(pos + 12 + static_cast<std::size_t>(length), 4);
            if (detail::masked_crc(payload) != detail::little_endian(crc))
            {
                out.errors.push_back("record at byte " + std::to_string(pos) + ": payload CRC mismatch");
                break;
            }
            event e;
            if (!detail::decode_event(payload, e))
            {
                out.errors.push_back("record at byte " + std::to_string(pos) + ": not an Event message");
            }
            else
            {
                if (out.events.empty() && e.file_version != "brain.Event:2")
                {
                    out.errors.push_back("first record is not file_version \"brain.Event:2\"");
                }
                out.events.push_back(std::move(e));
            }
            pos += 12 + static_cast<std::size_t>(length) + 4;
            out.bytes_ok = pos;
        }
        if (out.events.empty() && out.errors.empty())
        {
            out.errors.push_back("no complete record");
        }
        return out;
    }

    /// Decodes one event file.
    inline file_contents read_file(std::filesystem::path const& path)
    {
        std::ifstream in(path, std::ios::binary);
        std::string const bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        file_contents out = decode(bytes);
        out.path = path;
        for (auto& e : out.errors)
        {
            e = path.string() + ": " + e;
        }
        return out;
    }

    /// Reads every run below @p dir: each folder (dir included) holding files whose names contain
    /// "tfevents" is a run named by its path relative to dir ("." for dir), its files read in
    /// name order, as TensorBoard does.
    inline directory_contents read_directory(std::filesystem::path const& dir)
    {
        namespace fs = std::filesystem;
        std::vector<fs::path> paths;
        std::error_code ec;
        if (fs::is_regular_file(dir, ec))
        {
            paths.push_back(dir);
        }
        else
        {
            for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
            {
                std::string const name = it->path().filename().string();
                if (it->is_regular_file() && name.find("tfevents") != std::string::npos
                    && !name.ends_with(".profile-empty"))
                {
                    paths.push_back(it->path());
                }
            }
        }
        auto const run_of = [&](fs::path const& p)
        { return fs::is_regular_file(dir, ec) ? std::string(".") : p.parent_path().lexically_relative(dir).string(); };
        std::sort(paths.begin(), paths.end(), [&](fs::path const& a, fs::path const& b)
                  { return std::pair(run_of(a), a.filename()) < std::pair(run_of(b), b.filename()); });

        directory_contents out;
        if (paths.empty())
        {
            out.errors.push_back("no event file in " + dir.string());
        }
        for (auto const& p : paths)
        {
            file_contents f = read_file(p);
            std::string const run = run_of(p);
            if (out.files.empty() && !f.events.empty())
            {
                out.file_version = f.events.front().file_version;
            }
            out.truncated = out.truncated || f.truncated;
            out.errors.insert(out.errors.end(), f.errors.begin(), f.errors.end());
            for (auto const& e : f.events)
            {
                for (auto const& v : e.values)
                {
                    bool const one_element = v.tensor_value.values.size() == 1;
                    if (v.kind == summary_value::simple)
                    {
                        out.scalars.push_back({run, v.tag, e.step, double(v.simple_value), e.wall_time});
                    }
                    else if (v.kind == summary_value::tensor_kind && v.plugin_name == "scalars" && one_element)
                    {
                        out.scalars.push_back({run, v.tag, e.step, v.tensor_value.values[0], e.wall_time});
                    }
                    else if (v.kind == summary_value::histo)
                    {
                        out.histograms.push_back({run, v.tag, e.step, e.wall_time, v.histo_value, false});
                    }
                    else if (v.kind == summary_value::tensor_kind && v.plugin_name == "histograms")
                    {
                        // Rows {left edge, right edge, count}.
                        histogram h;
                        auto const& t = v.tensor_value.values;
                        h.sum = h.sum_squares = std::numeric_limits<double>::quiet_NaN();
                        for (std::size_t i = 0; i + 2 < t.size(); i += 3)
                        {
                            h.min = i == 0 ? t[i] : h.min;
                            h.max = t[i + 1];
                            h.bucket_limit.push_back(t[i + 1]);
                            h.bucket.push_back(t[i + 2]);
                            h.num += t[i + 2];
                        }
                        out.histograms.push_back({run, v.tag, e.step, e.wall_time, std::move(h), true});
                    }
                }
            }
            out.files.push_back(std::move(f));
        }
        return out;
    }
}

#endif
