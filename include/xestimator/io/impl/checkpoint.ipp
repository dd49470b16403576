#ifndef XESTIMATOR_IO_IMPL_CHECKPOINT_IPP
#define XESTIMATOR_IO_IMPL_CHECKPOINT_IPP

/// @file
/// @brief The definitions of io/checkpoint.hpp: included by that header (header-only) or by
/// <xestimator/src.hpp> (XESTIMATOR_SEPARATE_COMPILATION).

#include <cerrno>
#include <cstddef>
#include <limits>
#include <signal.h>
#include <system_error>
#include <unistd.h>

#include "../atomic_file.hpp"
#include "../checkpoint.hpp"

namespace xest::io
{
    XESTIMATOR_DECL checkpoint_manager::checkpoint_manager(path_type model_dir, int keep_max)
        : m_model_dir(std::move(model_dir).lexically_normal())
        , m_keep_max(keep_max)
    {
        // "dir/" and "dir" must name the same files, or index entries would not match scans.
        if (!m_model_dir.has_filename() && m_model_dir.has_relative_path())
        {
            m_model_dir = m_model_dir.parent_path();
        }
        if (keep_max < 0)
        {
            raise<config_error>("checkpoint_manager: keep_max is " + std::to_string(keep_max)
                                + "; use 0 to keep every checkpoint or a positive count");
        }
    }

    XESTIMATOR_DECL std::optional<std::int64_t> checkpoint_manager::step_of(path_type const& path)
    {
        std::string const name = path.filename().string();
        if (name.size() <= detail::ckpt_prefix.size() + detail::ckpt_suffix.size()
            || !name.starts_with(detail::ckpt_prefix) || !name.ends_with(detail::ckpt_suffix))
        {
            return std::nullopt;
        }
        std::string_view const digits = std::string_view(name).substr(
            detail::ckpt_prefix.size(), name.size() - detail::ckpt_prefix.size() - detail::ckpt_suffix.size());
        if (digits.size() > 18)
        {
            return std::nullopt;
        }
        std::int64_t step = 0;
        for (char c : digits)
        {
            if (c < '0' || c > '9')
            {
                return std::nullopt;
            }
            step = step * 10 + (c - '0');
        }
        return step;
    }

    XESTIMATOR_DECL std::filesystem::path checkpoint_manager::save(std::int64_t step, std::span<array_entry const> entries)
    {
        if (step < 0)
        {
            raise<config_error>("checkpoint step " + std::to_string(step) + " is negative");
        }
        std::string const bytes = npz_bytes(entries);
        std::error_code ec;
        std::filesystem::create_directories(m_model_dir, ec);
        if (ec)
        {
            raise<io_error>("cannot create model directory " + detail::quoted(m_model_dir) + ": " + ec.message());
        }
        path_type const path = m_model_dir / file_name(step);
        write_file_atomically(path, bytes);

        std::vector<path_type> kept = all();
        if (std::find(kept.begin(), kept.end(), path) == kept.end())
        {
            kept.push_back(path); // e.g. the directory listing raced with another process
        }
        std::vector<path_type> dropped;
        if (m_keep_max > 0)
        {
            // Only our own checkpoints count and rotate: an index may name any file (a user's
            // "best.npz", "../precious.dat"), and a file the library did not write is never removed.
            auto owned = static_cast<std::size_t>(std::count_if(kept.begin(), kept.end(), [&](path_type const& p) { return owns(p); }));
            for (auto it = kept.begin(); owned > static_cast<std::size_t>(m_keep_max) && it != kept.end();)
            {
                if (*it == path || !owns(*it))
                {
                    ++it;
                    continue;
                }
                dropped.push_back(*it);
                it = kept.erase(it);
                --owned;
            }
        }
        write_file_atomically(m_model_dir / detail::index_name, index_text(path, kept));

        // Only now, with no index naming them, may the old files go.
        for (path_type const& old : dropped)
        {
            if (!owns(old)) // checked again at the point of removal
            {
                continue;
            }
            if (int const err = detail::unlink_file(old); err != 0 && err != ENOENT)
            {
                raise<io_error>("saved " + detail::quoted(path) + " but cannot delete the old checkpoint "
                                + detail::quoted(old) + ": " + detail::errno_text(err));
            }
        }
        remove_stale_temporaries();
        return path;
    }

    XESTIMATOR_DECL std::optional<std::filesystem::path> checkpoint_manager::latest() const
    {
        if (auto idx = read_index(); idx && !idx->first.empty())
        {
            path_type const p = resolve(idx->first);
            std::error_code ec;
            if (std::filesystem::is_regular_file(p, ec))
            {
                return p;
            }
        }
        std::vector<path_type> const files = scan();
        if (files.empty())
        {
            return std::nullopt;
        }
        return files.back();
    }

    XESTIMATOR_DECL std::vector<std::filesystem::path> checkpoint_manager::all() const
    {
        std::vector<path_type> files = scan();
        if (auto idx = read_index())
        {
            for (std::string const& name : idx->second)
            {
                path_type const p = resolve(name);
                std::error_code ec;
                if (std::find(files.begin(), files.end(), p) == files.end()
                    && std::filesystem::is_regular_file(p, ec))
                {
                    files.push_back(p);
                }
            }
        }
        std::stable_sort(files.begin(), files.end(), [](path_type const& a, path_type const& b) {
            return step_of(a).value_or(-1) < step_of(b).value_or(-1);
        });
        return files;
    }

    XESTIMATOR_DECL std::optional<checkpoint_manager::restored> checkpoint_manager::load_latest_intact() const
    {
        std::vector<path_type> candidates = all();
        std::reverse(candidates.begin(), candidates.end());
        if (auto newest = latest())
        {
            candidates.erase(std::remove(candidates.begin(), candidates.end(), *newest), candidates.end());
            candidates.insert(candidates.begin(), *newest);
        }
        if (candidates.empty())
        {
            return std::nullopt;
        }
        restored r;
        std::string bytes;
        for (path_type const& p : candidates)
        {
            std::string reason;
            if (int const err = detail::read_whole_file(p, bytes); err != 0)
            {
                reason = "cannot read it: " + detail::errno_text(err);
            }
            else
            {
                reason = detail::parse_npz(bytes, r.entries);
            }
            if (reason.empty())
            {
                r.path = p;
                return r;
            }
            r.warnings.push_back("checkpoint " + detail::quoted(p) + " is unusable (" + reason + ")");
        }
        std::string msg = "no intact checkpoint in " + detail::quoted(m_model_dir) + ":";
        for (std::string const& w : r.warnings)
        {
            msg += "\n  " + w;
        }
        raise<checkpoint_error>(msg);
    }

    XESTIMATOR_DECL bool checkpoint_manager::owns(path_type const& path) const
    {
        path_type const p = path.lexically_normal();
        return step_of(p).has_value() && p.parent_path() == m_model_dir;
    }

    XESTIMATOR_DECL void checkpoint_manager::remove_stale_temporaries() const noexcept
    {
        std::error_code ec;
        for (std::filesystem::directory_iterator it(m_model_dir, ec), end; !ec && it != end; it.increment(ec))
        {
            std::string const name = it->path().filename().string();
            std::size_t const mark = name.rfind(detail::temp_marker);
            if (name.empty() || name[0] != '.' || mark == std::string::npos)
            {
                continue;
            }
            std::string_view const target = std::string_view(name).substr(1, mark - 1);
            if (target != detail::index_name && !step_of(path_type(target)))
            {
                continue;
            }
            std::int64_t pid = 0; // 64 bits: long is 32 bits on ILP32 targets
            std::size_t p = mark + detail::temp_marker.size();
            for (; p < name.size() && name[p] >= '0' && name[p] <= '9' && pid < (std::int64_t{1} << 40); ++p)
            {
                pid = pid * 10 + (name[p] - '0');
            }
            if (pid <= 0 || pid > std::numeric_limits<pid_t>::max() || p >= name.size() || name[p] != '-')
            {
                continue;
            }
            if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
            {
                ::unlink(it->path().c_str());
            }
        }
    }

    XESTIMATOR_DECL std::optional<std::pair<std::string, std::vector<std::string>>> checkpoint_manager::read_index() const
    {
        std::string text;
        if (detail::read_whole_file(m_model_dir / detail::index_name, text) != 0)
        {
            return std::nullopt;
        }
        return detail::parse_index(text);
    }

    XESTIMATOR_DECL std::filesystem::path checkpoint_manager::resolve(std::string const& name) const
    {
        path_type const p(name);
        return p.is_absolute() ? p : m_model_dir / p;
    }

    XESTIMATOR_DECL std::vector<std::filesystem::path> checkpoint_manager::scan() const
    {
        std::vector<std::pair<std::int64_t, path_type>> found;
        std::error_code ec;
        for (std::filesystem::directory_iterator it(m_model_dir, ec), end; !ec && it != end; it.increment(ec))
        {
            if (auto step = step_of(it->path()); step && it->is_regular_file(ec))
            {
                found.emplace_back(*step, it->path());
            }
        }
        std::sort(found.begin(), found.end());
        std::vector<path_type> files;
        files.reserve(found.size());
        for (auto& f : found)
        {
            files.push_back(std::move(f.second));
        }
        return files;
    }

    XESTIMATOR_DECL std::string checkpoint_manager::index_text(path_type const& latest, std::vector<path_type> const& kept) const
    {
        auto relative = [&](path_type const& p) {
            return p.parent_path() == m_model_dir ? p.filename().string() : p.string();
        };
        std::string text = "model_checkpoint_path: ";
        detail::append_quoted(text, relative(latest));
        text += '\n';
        for (path_type const& p : kept)
        {
            text += "all_model_checkpoint_paths: ";
            detail::append_quoted(text, relative(p));
            text += '\n';
        }
        return text;
    }
}

#endif
