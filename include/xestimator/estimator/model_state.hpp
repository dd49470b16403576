#ifndef XESTIMATOR_ESTIMATOR_MODEL_STATE_HPP
#define XESTIMATOR_ESTIMATOR_MODEL_STATE_HPP

/// @file
/// @brief A training state as checkpoint entries and back: free templates over the model and
/// the optimizer slots, so save, restore and warm start are compiled once per model and slot
/// layout, whatever the optimizer wrapper or the hooks of the estimator.
///
/// Entries: every param by name, `<param>/optimizer/<slot>`, `global_step`,
/// `learning_rate_scale` (set by NaN rollbacks), `input/epoch`, `input/position`.

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "../core/config.hpp"
#include "../inputs/options.hpp"
#include "../io/array_entry.hpp"
#include "model_params.hpp"
#include "warm_start.hpp"

namespace xest::detail
{
    /// @brief @p dims as a vector (the form of array_entry::shape).
    XESTIMATOR_DECL std::vector<std::size_t> dims_of(std::span<std::size_t const> dims);

    /// @brief The entry named @p name, or null.
    XESTIMATOR_DECL io::array_entry const* find_entry(std::vector<io::array_entry> const& entries, std::string_view name) noexcept;

    /// @brief The value of the int64 scalar entry @p name, or @p fallback when there is none.
    XESTIMATOR_DECL std::int64_t scalar_entry(std::vector<io::array_entry> const& entries, std::string_view name, std::int64_t fallback);

    /// @brief The name of the first param holding a NaN or an infinity, or an empty view.
    template <class Model>
    std::string_view first_non_finite_param(Model const& model) noexcept
    {
        std::string_view bad{};
        for_each_model_param(model,
                             [&](auto const& p)
                             {
                                 using P = std::remove_cvref_t<decltype(p)>;
                                 for (std::size_t i = 0; bad.empty() && i < P::size; ++i)
                                 {
                                     if (!std::isfinite(static_cast<double>(p.value.data()[i])))
                                     {
                                         bad = P::name_view();
                                     }
                                 }
                             });
        return bad;
    }

    /// @brief The state's params, slots, step, learning-rate scale and input position as entries.
    /// (Non-const only because the optimizers' one slot visitor hands out mutable spans.)
    template <class State>
    std::vector<io::array_entry> checkpoint_entries(State& state)
    {
        using params_type = model_params_t<typename State::model_type>;
        std::vector<io::array_entry> entries;
        for_each_model_param(*state.model,
                             [&](auto const& p)
                             {
                                 using P = std::remove_cvref_t<decltype(p)>;
                                 using T = typename P::value_type;
                                 std::string const name(P::name_view());
                                 entries.push_back(io::array_entry::from<T>(name, dims_of(P::shape_type::dims),
                                                                           std::span<T const>(p.value.data(), P::size)));
                                 auto& slots = std::get<param_index<P, params_type>::value>(*state.slots);
                                 slots.visit(
                                     [&](std::string_view slot, auto values)
                                     {
                                         entries.push_back(io::array_entry::from<T>(
                                             name + "/optimizer/" + std::string(slot), dims_of(P::shape_type::dims),
                                             std::span<T const>(values.data(), values.size())));
                                     });
                             });
        std::int64_t const ints[] = {state.global_step, state.input.epoch, state.input.position};
        float const scale = state.learning_rate_scale;
        entries.push_back(io::array_entry::from<std::int64_t>("global_step", {}, std::span<std::int64_t const>(ints, 1)));
        entries.push_back(io::array_entry::from<float>("learning_rate_scale", {}, std::span<float const>(&scale, 1)));
        entries.push_back(io::array_entry::from<std::int64_t>("input/epoch", {}, std::span<std::int64_t const>(ints + 1, 1)));
        entries.push_back(io::array_entry::from<std::int64_t>("input/position", {}, std::span<std::int64_t const>(ints + 2, 1)));
        return entries;
    }

    /// @brief A shape for messages, e.g. "[2, 3]".
    XESTIMATOR_DECL std::string shape_text(std::vector<std::size_t> const& s);

    // The text of restore_params and restore_state, compiled once instead of once per model.

    /// @brief The problem line of param @p name (shape @p dims) against @p entries: "missing"
    /// or "shape of"; empty when the checkpoint has it with that shape.
    XESTIMATOR_DECL std::string param_problem(std::vector<io::array_entry> const& entries, std::string_view name,
                                              std::span<std::size_t const> dims);

    /// @brief The problem line of a warm_start_vars pattern that matches no param.
    XESTIMATOR_DECL std::string unmatched_pattern_problem(std::string const& pattern);

    /// @brief checkpoint_error: checkpoint @p source does not match the model, with the
    /// @p problems lines.
    [[noreturn]] XESTIMATOR_DECL void raise_checkpoint_mismatch(std::string const& source, std::string const& problems);

    /// @brief The entry name of optimizer slot @p slot of param @p param: "<param>/optimizer/<slot>".
    XESTIMATOR_DECL std::string slot_entry_name(std::string_view param, std::string_view slot);

    /// @brief Warns that the slots in @p missing_slots (each " <entry name>") are not in checkpoint
    /// @p source and start from their initial value; nothing when it is empty.
    XESTIMATOR_DECL void warn_missing_slots(std::string const& source, std::string const& missing_slots);

    /// @brief Copies the params named in `entries` into `model`, refusing the whole checkpoint
    /// when a selected param is missing or has another shape (the message lists every mismatch).
    /// With `only`, just the params matching one of its patterns; a pattern that matches no param
    /// is an error too (it would silently warm-start nothing).
    template <class Model>
    void restore_params(Model& model, std::vector<io::array_entry> const& entries, std::string const& source,
                        std::vector<std::string> const* only = nullptr)
    {
        std::string problems;
        for_each_model_param(model,
                             [&](auto const& p)
                             {
                                 using P = std::remove_cvref_t<decltype(p)>;
                                 if (only && !matches_any(*only, P::name_view()))
                                 {
                                     return;
                                 }
                                 problems += param_problem(entries, P::name_view(), P::shape_type::dims);
                             });
        if (only)
        {
            for (auto const& pattern : *only)
            {
                bool used = false;
                for_each_model_param(model, [&](auto const& p) { used = used || glob_match(pattern, p.name_view()); });
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
        for_each_model_param(model,
                             [&](auto& p)
                             {
                                 using P = std::remove_cvref_t<decltype(p)>;
                                 if (only && !matches_any(*only, P::name_view()))
                                 {
                                     return;
                                 }
                                 find_entry(entries, P::name_view())->copy_to(std::span<typename P::value_type>(p.value.data(), P::size));
                             });
    }

    /// @brief Restores a whole training state; optimizer slots missing from the checkpoint keep
    /// their initial value, with a warning naming them.
    template <class State>
    void restore_state(State& state, std::vector<io::array_entry> const& entries, std::string const& source)
    {
        using params_type = model_params_t<typename State::model_type>;
        restore_params(*state.model, entries, source);
        std::string missing_slots;
        for_each_model_param(*state.model,
                             [&](auto const& p)
                             {
                                 using P = std::remove_cvref_t<decltype(p)>;
                                 auto& slots = std::get<param_index<P, params_type>::value>(*state.slots);
                                 slots.visit(
                                     [&](std::string_view slot, auto values)
                                     {
                                         std::string const name = slot_entry_name(P::name_view(), slot);
                                         if (auto const* e = find_entry(entries, name); e && e->size() == values.size())
                                         {
                                             e->copy_to(std::span<typename P::value_type>(values.data(), values.size()));
                                         }
                                         else
                                         {
                                             missing_slots += " " + name;
                                         }
                                     });
                             });
        warn_missing_slots(source, missing_slots);
        state.global_step = scalar_entry(entries, "global_step", 0);
        state.input = inputs::input_state{scalar_entry(entries, "input/epoch", 0), scalar_entry(entries, "input/position", 0)};
        state.learning_rate_scale = 1.0f;
        if (auto const* e = find_entry(entries, "learning_rate_scale"); e && e->size() == 1)
        {
            e->copy_to(std::span<float>(&state.learning_rate_scale, 1));
        }
    }

    /// @brief A checkpoint file, or a model directory whose latest intact checkpoint is used:
    /// its entries and the name of the file they came from.
    XESTIMATOR_DECL std::pair<std::vector<io::array_entry>, std::string> read_checkpoint_source(std::filesystem::path const& from);

    /// @brief The params of a checkpoint (file or directory) into `model`; returns its global step.
    template <class Model>
    std::int64_t load_params_into(Model& model, std::filesystem::path const& from)
    {
        auto [entries, source] = read_checkpoint_source(from);
        restore_params(model, entries, source);
        return scalar_entry(entries, "global_step", 0);
    }
}

#if !defined(XESTIMATOR_SEPARATE_COMPILATION)
#include "impl/model_state.ipp"
#endif

#endif
