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

    /// @brief One array of a training state seen without its type: a param's values or one of
    /// its optimizer slots. Saving and restoring work on these (impl/model_state.ipp), so that
    /// their code is compiled once instead of once per model; only listing them is per model.
    struct state_array
    {
        std::string_view param;            ///< the param's name
        std::string_view slot;             ///< empty for the param's values, else the slot's name
        std::span<std::size_t const> dims; ///< the param's shape
        void* data;
        std::size_t size;       ///< number of elements
        std::string_view dtype; ///< numpy descr of the element type ("<f4", "<f8")
        std::size_t item_size;  ///< bytes per element
    };

    /// @brief The scalars of a training state: global step, input position, learning-rate scale.
    struct state_scalars
    {
        std::int64_t global_step = 0;
        std::int64_t epoch = 0;
        std::int64_t position = 0;
        float learning_rate_scale = 1.0f;
    };

    template <class T>
    state_array make_state_array(std::string_view param, std::string_view slot, std::span<std::size_t const> dims, T* data,
                                 std::size_t size) noexcept
    {
        return {param, slot, dims, data, size, io::detail::npy_descr_of<T>(), sizeof(T)};
    }

    /// @brief The model's params in visiting order; with @p slots (the optimizer's tuple of slots),
    /// each param followed by its slots.
    template <class Model, class Slots = void>
    std::vector<state_array> state_arrays(Model& model, Slots* slots = nullptr)
    {
        std::vector<state_array> arrays;
        for_each_model_param(model,
                             [&](auto& p)
                             {
                                 using P = std::remove_cvref_t<decltype(p)>;
                                 arrays.push_back(make_state_array(P::name_view(), {}, P::shape_type::dims, p.value.data(), P::size));
                                 if constexpr (!std::is_void_v<Slots>)
                                 {
                                     auto& s = std::get<param_index<P, model_params_t<Model>>::value>(*slots);
                                     s.visit(
                                         [&](std::string_view slot, auto values)
                                         {
                                             arrays.push_back(make_state_array(P::name_view(), slot, P::shape_type::dims,
                                                                               values.data(), values.size()));
                                         });
                                 }
                             });
        return arrays;
    }

    /// @brief The arrays as checkpoint entries (a slot as `<param>/optimizer/<slot>`), then
    /// `global_step`, `learning_rate_scale`, `input/epoch` and `input/position`.
    XESTIMATOR_DECL std::vector<io::array_entry> checkpoint_entries(std::vector<state_array> const& arrays,
                                                                    state_scalars const& scalars);

    /// @brief Copies the params among @p arrays from @p entries, refusing the whole checkpoint
    /// when a selected param is missing or has another shape (the message lists every mismatch).
    /// With @p only, just the params matching one of its patterns; a pattern that matches no param
    /// is an error too (it would silently warm-start nothing).
    XESTIMATOR_DECL void restore_param_arrays(std::vector<state_array> const& arrays, std::vector<io::array_entry> const& entries,
                                              std::string const& source, std::vector<std::string> const* only);

    /// @brief Copies the optimizer slots among @p arrays from @p entries (a slot missing from them
    /// keeps its value, with one warning naming every such slot) and returns the state's scalars.
    XESTIMATOR_DECL state_scalars restore_slot_arrays(std::vector<state_array> const& arrays,
                                                      std::vector<io::array_entry> const& entries, std::string const& source);

    /// @brief The state's params, slots, step, learning-rate scale and input position as entries.
    /// (Non-const only because the optimizers' one slot visitor hands out mutable spans.)
    template <class State>
    std::vector<io::array_entry> checkpoint_entries(State& state)
    {
        return checkpoint_entries(state_arrays(*state.model, &*state.slots), {.global_step = state.global_step,
                                                        .epoch = state.input.epoch,
                                                        .position = state.input.position,
                                                        .learning_rate_scale = state.learning_rate_scale});
    }

    /// @brief Copies the params named in `entries` into `model` (see restore_param_arrays).
    template <class Model>
    void restore_params(Model& model, std::vector<io::array_entry> const& entries, std::string const& source,
                        std::vector<std::string> const* only = nullptr)
    {
        restore_param_arrays(state_arrays(model), entries, source, only);
    }

    /// @brief Restores a whole training state; optimizer slots missing from the checkpoint keep
    /// their initial value, with a warning naming them.
    template <class State>
    void restore_state(State& state, std::vector<io::array_entry> const& entries, std::string const& source)
    {
        auto const arrays = state_arrays(*state.model, &*state.slots);
        restore_param_arrays(arrays, entries, source, nullptr);
        state_scalars const scalars = restore_slot_arrays(arrays, entries, source);
        state.global_step = scalars.global_step;
        state.input = inputs::input_state{scalars.epoch, scalars.position};
        state.learning_rate_scale = scalars.learning_rate_scale;
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
