#ifndef XESTIMATOR_INPUTS_OPTIONS_HPP
#define XESTIMATOR_INPUTS_OPTIONS_HPP

/// @file
/// @brief Settings shared by every input function, and the position an input saves in a checkpoint.

#include <cstdint>

namespace xest::inputs
{
    /// @brief `options::num_epochs = repeat` cycles through the data forever (TensorFlow's `num_epochs=None`).
    inline constexpr std::int64_t repeat = -1;

    /// @brief How an input walks through its examples.
    struct options
    {
        /// @brief Passes over the data before `next()` returns false; `repeat` never stops.
        std::int64_t num_epochs = 1;
        /// @brief Visit the examples in a new pseudo-random order every epoch.
        bool shuffle = false;
        /// @brief The order of epoch e depends on (seed, e) only, on every platform.
        std::uint64_t seed = 0;
        /// @brief Integer labels are class ids in [0, num_classes): an id outside is refused when
        /// the input is built, naming its example. 0: the class count is not known here, and
        /// only negative ids are refused (train() and evaluate() then check the largest id
        /// against the model's class count, when its loss has one).
        std::int64_t num_classes = 0;
    };

    /// @brief Where an input stands: the epoch and the position inside that epoch's order.
    /// Saved in checkpoints so that a resumed run sees exactly the examples it would have seen.
    struct input_state
    {
        std::int64_t epoch = 0;
        std::int64_t position = 0;

        friend constexpr bool operator==(input_state const&, input_state const&) = default;
    };
}

namespace xest
{
    /// @brief `num_epochs = xest::repeat`: cycle through the data forever (as in the seed sketch).
    using inputs::repeat;
}

#endif
