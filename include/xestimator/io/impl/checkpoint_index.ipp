#ifndef XESTIMATOR_IO_IMPL_CHECKPOINT_INDEX_IPP
#define XESTIMATOR_IO_IMPL_CHECKPOINT_INDEX_IPP

/// @file
/// @brief The definitions of io/checkpoint_index.hpp: included by that header (header-only) or by
/// <xestimator/src.hpp> (XESTIMATOR_SEPARATE_COMPILATION).

#include <algorithm>
#include <cstddef>

#include "../checkpoint_index.hpp"

namespace xest::io::detail
{
    XESTIMATOR_DECL void append_quoted(std::string& out, std::string_view s)
    {
        out.push_back('"');
        for (char c : s)
        {
            if (c == '"' || c == '\\')
            {
                out.push_back('\\');
            }
            if (c == '\n')
            {
                out += "\\n";
                continue;
            }
            out.push_back(c);
        }
        out.push_back('"');
    }

    /// @brief Parses `key: "value"`; false when the line is not of that form.
    XESTIMATOR_DECL bool parse_index_line(std::string_view line, std::string_view& key, std::string& value)
    {
        std::size_t const colon = line.find(':');
        if (colon == std::string_view::npos)
        {
            key = {};
            return false;
        }
        key = line.substr(0, colon);
        while (!key.empty() && (key.back() == ' ' || key.back() == '\t'))
        {
            key.remove_suffix(1);
        }
        while (!key.empty() && (key.front() == ' ' || key.front() == '\t'))
        {
            key.remove_prefix(1);
        }
        std::size_t p = line.find('"', colon);
        if (p == std::string_view::npos)
        {
            return false;
        }
        value.clear();
        for (++p; p < line.size(); ++p)
        {
            char c = line[p];
            if (c == '"')
            {
                return true;
            }
            if (c == '\\' && p + 1 < line.size())
            {
                c = line[++p];
                c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
            }
            value.push_back(c);
        }
        return false;
    }

    XESTIMATOR_DECL std::optional<std::pair<std::string, std::vector<std::string>>> parse_index(std::string_view text)
    {
        std::pair<std::string, std::vector<std::string>> idx;
        bool has_latest = false;
        std::string_view rest = text;
        std::string value;
        while (!rest.empty())
        {
            std::size_t const nl = std::min(rest.find('\n'), rest.size());
            std::string_view const line = rest.substr(0, nl);
            rest.remove_prefix(std::min(nl + 1, rest.size()));
            if (line.find_first_not_of(" \t\r") == std::string_view::npos)
            {
                continue;
            }
            std::string_view key;
            bool const parsed = parse_index_line(line, key, value);
            bool const known = key == "model_checkpoint_path" || key == "all_model_checkpoint_paths";
            if (!parsed && (known || line.find(':') == std::string_view::npos))
            {
                return std::nullopt;
            }
            if (key == "model_checkpoint_path")
            {
                idx.first = value;
                has_latest = true;
            }
            else if (key == "all_model_checkpoint_paths")
            {
                idx.second.push_back(value);
            }
            // Other keys (TensorFlow's timestamps, unquoted numbers) are allowed and ignored.
        }
        if (!has_latest)
        {
            return std::nullopt;
        }
        return idx;
    }
}

#endif
