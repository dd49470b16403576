#ifndef XESTIMATOR_INPUTS_CSV_PARSER_HPP
#define XESTIMATOR_INPUTS_CSV_PARSER_HPP

/// @file
/// @brief A small CSV reader that reports every fault with file, line, column and text.
///
/// xt::load_csv would parse the numbers, but it reports a bad field with neither its line nor
/// its column, and reads an empty field without complaint; an input function must say where the
/// data is wrong. Supported: one optional header row, a one-character delimiter, blank lines
/// (skipped), CRLF line ends, a UTF-8 byte-order mark, surrounding spaces, and header names in
/// double quotes. Not supported: quoted fields that contain the delimiter or a line break.

#include <charconv>
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "../core/error.hpp"

namespace xest::inputs::detail
{
    inline std::string_view trim(std::string_view s) noexcept
    {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
        {
            s.remove_prefix(1);
        }
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        {
            s.remove_suffix(1);
        }
        return s;
    }

    /// Splits one line at `delimiter` into trimmed fields (reusing `fields`' storage).
    inline void split_fields(std::string_view line, char delimiter, std::vector<std::string_view>& fields)
    {
        fields.clear();
        std::size_t start = 0;
        for (;;)
        {
            std::size_t const end = line.find(delimiter, start);
            if (end == std::string_view::npos)
            {
                fields.push_back(trim(line.substr(start)));
                return;
            }
            fields.push_back(trim(line.substr(start, end - start)));
            start = end + 1;
        }
    }

    /// The file as named in messages: the path as given.
    inline std::string display(std::filesystem::path const& path) { return path.string(); }

    /// Reads the whole file; an io_error names the path when it cannot be opened.
    inline std::string read_text_file(std::filesystem::path const& path)
    {
        std::error_code dir_ec;
        if (std::filesystem::is_directory(path, dir_ec))
        {
            raise<io_error>("cannot read CSV file '" + display(path) + "': it is a directory, not a file");
        }
        std::ifstream in(path, std::ios::binary);
        if (!in)
        {
            std::error_code ec;
            bool const exists = std::filesystem::exists(path, ec);
            raise<io_error>("cannot open CSV file '" + display(path) + "': " +
                            (exists ? "the file exists but cannot be read" : "no such file"));
        }
        std::ostringstream text;
        text << in.rdbuf();
        std::string out = std::move(text).str();
        // A UTF-8 byte-order mark (spreadsheets write one) is not part of the first column's name.
        if (out.starts_with("\xEF\xBB\xBF"))
        {
            out.erase(0, 3);
        }
        return out;
    }

    /// One physical line of the file, with its 1-based number.
    struct csv_line
    {
        std::size_t number;
        std::string_view text;
    };

    /// The non-blank lines of `text`, without line ends.
    inline std::vector<csv_line> csv_lines(std::string_view text)
    {
        std::vector<csv_line> lines;
        std::size_t number = 0;
        std::size_t start = 0;
        while (start < text.size())
        {
            std::size_t end = text.find('\n', start);
            if (end == std::string_view::npos)
            {
                end = text.size();
            }
            ++number;
            std::string_view line = text.substr(start, end - start);
            if (!line.empty() && line.back() == '\r')
            {
                line.remove_suffix(1);
            }
            if (!trim(line).empty())
            {
                lines.push_back({number, line});
            }
            start = end + 1;
        }
        return lines;
    }

    /// Where a field sits, for messages.
    struct csv_location
    {
        std::filesystem::path const* file;
        std::size_t line;
        std::size_t column; // 0-based
        std::string_view column_name;
    };

    inline std::string where(csv_location const& at)
    {
        return display(*at.file) + ":" + std::to_string(at.line) + ": column " + std::to_string(at.column + 1) +
               " ('" + std::string(at.column_name) + "')";
    }

    /// Parses a finite number; an input_error names file, line, column and the text.
    inline double parse_number(std::string_view field, csv_location const& at)
    {
        if (field.empty())
        {
            raise<input_error>(where(at) + ": empty field where a number is expected");
        }
        std::string_view digits = field;
        if (digits.size() > 1 && digits.front() == '+')
        {
            digits.remove_prefix(1);
        }
        double value = 0.0;
        auto const [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
        if (ec == std::errc::result_out_of_range)
        {
            raise<input_error>(where(at) + ": '" + std::string(field) + "' is out of the range of a double");
        }
        if (ec != std::errc{} || end != digits.data() + digits.size())
        {
            raise<input_error>(where(at) + ": '" + std::string(field) + "' is not a number");
        }
        if (!std::isfinite(value))
        {
            raise<input_error>(where(at) + ": '" + std::string(field) + "' is not a finite number");
        }
        return value;
    }

    /// Parses a number that must fit a float (features, float labels): beyond float's range it
    /// would silently become inf.
    inline float parse_float(std::string_view field, csv_location const& at)
    {
        double const value = parse_number(field, at);
        if (std::fabs(value) > static_cast<double>(std::numeric_limits<float>::max()))
        {
            raise<input_error>(where(at) + ": '" + std::string(field) +
                               "' is beyond the range of float (largest magnitude 3.40282347e+38)");
        }
        return static_cast<float>(value);
    }

    /// Comma-separated list of column names, for messages.
    inline std::string join_names(std::vector<std::string> const& names)
    {
        std::string out;
        for (std::size_t i = 0; i < names.size(); ++i)
        {
            out += (i == 0 ? "" : ", ") + names[i];
        }
        return out;
    }

    inline std::string unquote(std::string_view s)
    {
        if (s.size() >= 2 && s.front() == '"' && s.back() == '"')
        {
            s = s.substr(1, s.size() - 2);
        }
        return std::string(s);
    }
}

#endif
