#ifndef XESTIMATOR_ESTIMATOR_IMPL_MODEL_STATE_IPP
#define XESTIMATOR_ESTIMATOR_IMPL_MODEL_STATE_IPP

/// @file
/// @brief The definitions of estimator/model_state.hpp: included by that header (header-only) or
/// by <xestimator/src.hpp> (XESTIMATOR_SEPARATE_COMPILATION).

#include <cstdio>

#include "../../core/error.hpp"
#include "../../io/checkpoint.hpp"
#include "../model_state.hpp"
#include "../warm_start.hpp"

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

    // The text of the restore functions below; used only here.

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

    XESTIMATOR_DECL std::vector<io::array_entry> checkpoint_entries(std::vector<state_array> const& arrays,
                                                                    state_scalars const& scalars)
    {
        std::vector<io::array_entry> entries;
        entries.reserve(arrays.size() + 4);
        for (auto const& a : arrays)
        {
            std::string name = a.slot.empty() ? std::string(a.param) : slot_entry_name(a.param, a.slot);
            entries.push_back(io::array_entry::from_bytes(std::move(name), dims_of(a.dims), a.dtype, a.data, a.size, a.item_size));
        }
        std::int64_t const ints[] = {scalars.global_step, scalars.epoch, scalars.position};
        float const scale = scalars.learning_rate_scale;
        entries.push_back(io::array_entry::from<std::int64_t>("global_step", {}, std::span<std::int64_t const>(ints, 1)));
        entries.push_back(io::array_entry::from<float>("learning_rate_scale", {}, std::span<float const>(&scale, 1)));
        entries.push_back(io::array_entry::from<std::int64_t>("input/epoch", {}, std::span<std::int64_t const>(ints + 1, 1)));
        entries.push_back(io::array_entry::from<std::int64_t>("input/position", {}, std::span<std::int64_t const>(ints + 2, 1)));
        return entries;
    }

    XESTIMATOR_DECL void restore_param_arrays(std::vector<state_array> const& arrays, std::vector<io::array_entry> const& entries,
                                              std::string const& source, std::vector<std::string> const* only)
    {
        auto const selected = [&](state_array const& a) { return a.slot.empty() && (!only || matches_any(*only, a.param)); };
        std::string problems;
        for (auto const& a : arrays)
        {
            if (selected(a))
            {
                problems += param_problem(entries, a.param, a.dims);
            }
        }
        if (only)
        {
            for (auto const& pattern : *only)
            {
                bool used = false;
                for (auto const& a : arrays)
                {
                    used = used || (a.slot.empty() && glob_match(pattern, a.param));
                }
                if (!used)
                {
                    problems += unmatched_pattern_problem(pattern);
                }
            }
        }
        if (!problems.empty())
        {
            raise_checkpoint_mismatch(source, problems);
        }
        for (auto const& a : arrays)
        {
            if (selected(a))
            {
                find_entry(entries, a.param)->copy_bytes_to(a.data, a.size, a.dtype, a.item_size);
            }
        }
    }

    XESTIMATOR_DECL state_scalars restore_slot_arrays(std::vector<state_array> const& arrays,
                                                      std::vector<io::array_entry> const& entries, std::string const& source)
    {
        std::string missing_slots;
        for (auto const& a : arrays)
        {
            if (a.slot.empty())
            {
                continue;
            }
            std::string const name = slot_entry_name(a.param, a.slot);
            if (auto const* e = find_entry(entries, name); e && e->size() == a.size)
            {
                e->copy_bytes_to(a.data, a.size, a.dtype, a.item_size);
            }
            else
            {
                missing_slots += " " + name;
            }
        }
        warn_missing_slots(source, missing_slots);
        state_scalars scalars{.global_step = scalar_entry(entries, "global_step", 0),
                              .epoch = scalar_entry(entries, "input/epoch", 0),
                              .position = scalar_entry(entries, "input/position", 0)};
        if (auto const* e = find_entry(entries, "learning_rate_scale"); e && e->size() == 1)
        {
            e->copy_to(std::span<float>(&scalars.learning_rate_scale, 1));
        }
        return scalars;
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
