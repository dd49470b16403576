#ifndef XESTIMATOR_ESTIMATOR_IMPL_MODEL_STATE_IPP
#define XESTIMATOR_ESTIMATOR_IMPL_MODEL_STATE_IPP

/// @file
/// @brief The definitions of estimator/model_state.hpp: included by that header (header-only) or
/// by <xestimator/src.hpp> (XESTIMATOR_SEPARATE_COMPILATION).

#include <cstdio>

#include "../../core/error.hpp"
#include "../../io/checkpoint.hpp"
#include "../model_state.hpp"

namespace xest::detail
{
    XESTIMATOR_DECL std::vector<std::size_t> dims_of(std::span<std::size_t const> dims)
    {
        return std::vector<std::size_t>(dims.begin(), dims.end());
    }

    XESTIMATOR_DECL io::array_entry const* find_entry(std::vector<io::array_entry> const& entries, std::string_view name) noexcept
    {
        for (auto const& e : entries)
        {
            if (e.name == name)
            {
                return &e;
            }
        }
        return nullptr;
    }

    XESTIMATOR_DECL std::int64_t scalar_entry(std::vector<io::array_entry> const& entries, std::string_view name, std::int64_t fallback)
    {
        auto const* e = find_entry(entries, name);
        std::int64_t v = fallback;
        if (e)
        {
            e->copy_to(std::span<std::int64_t>(&v, 1));
        }
        return v;
    }

    XESTIMATOR_DECL std::string shape_text(std::vector<std::size_t> const& s)
    {
        std::string out = "[";
        for (std::size_t i = 0; i < s.size(); ++i)
        {
            out += (i ? ", " : "") + std::to_string(s[i]);
        }
        return out + "]";
    }

    XESTIMATOR_DECL std::string param_problem(std::vector<io::array_entry> const& entries, std::string_view name,
                                              std::span<std::size_t const> dims)
    {
        auto const* e = find_entry(entries, name);
        auto const want = dims_of(dims);
        if (!e)
        {
            return "\n  missing: " + std::string(name) + " " + shape_text(want);
        }
        if (e->shape != want)
        {
            return "\n  shape of " + std::string(name) + ": " + shape_text(e->shape) + " in the checkpoint, " +
                   shape_text(want) + " in the model";
        }
        return {};
    }

    XESTIMATOR_DECL std::string unmatched_pattern_problem(std::string const& pattern)
    {
        return "\n  warm_start_vars pattern \"" + pattern + "\" matches no param of the model";
    }

    XESTIMATOR_DECL void raise_checkpoint_mismatch(std::string const& source, std::string const& problems)
    {
        raise<checkpoint_error>("checkpoint " + source + " does not match the model:" + problems);
    }

    XESTIMATOR_DECL std::string slot_entry_name(std::string_view param, std::string_view slot)
    {
        return std::string(param) + "/optimizer/" + std::string(slot);
    }

    XESTIMATOR_DECL void warn_missing_slots(std::string const& source, std::string const& missing_slots)
    {
        if (!missing_slots.empty())
        {
            std::fprintf(stderr, "WARNING:xestimator:%s has no optimizer state for:%s; it starts from its initial value.\n",
                         source.c_str(), missing_slots.c_str());
        }
    }

    XESTIMATOR_DECL std::pair<std::vector<io::array_entry>, std::string> read_checkpoint_source(std::filesystem::path const& from)
    {
        if (std::filesystem::is_directory(from))
        {
            io::checkpoint_manager other(from, 0);
            auto restored = other.load_latest_intact();
            if (!restored)
            {
                raise<checkpoint_error>("no checkpoint in " + from.string());
            }
            return {std::move(restored->entries), restored->path.string()};
        }
        return {io::checkpoint_manager::load(from), from.string()};
    }
}

#endif
