#ifndef XESTIMATOR_EXPR_PARAM_HPP
#define XESTIMATOR_EXPR_PARAM_HPP

/// @file
/// @brief `param<"name", shape<...>, T>`: a named trainable variable owned by a model.

#include <cstdint>
#include <string_view>
#include <type_traits>

#include "../core/fixed_string.hpp"
#include "../core/tensor.hpp"
#include "../init/initializers.hpp"

namespace xest
{
    /// @brief A variable of the model. Its name and shape are part of its type, so checkpoints,
    /// summaries and `get_variable_value` find it by name and every use is shape-checked.
    /// @tparam Name the variable's name ("dense/kernel")
    /// @tparam ShapeArg a `xest::shape<...>`
    /// @tparam T float (default) or double
    /// @tparam Trainable false for state the model updates itself (batch_norm's moving
    /// statistics, see non_trainable_param): saved, restored and listed like any param, but no
    /// gradient flows to it and the optimizer keeps no slots for it.
    template <fixed_string Name, class ShapeArg, scalar_type T = float, bool Trainable = true>
    class param
    {
        static_assert(static_shape<ShapeArg>, "The second argument of xest::param must be a xest::shape<...>.");
        // After that message, a stand-in shape keeps the rest of the class well-formed (one error).
        using Shape = std::conditional_t<static_shape<ShapeArg>, ShapeArg, xest::shape<1>>;
        static_assert(Shape::size * sizeof(T) <= max_stack_tensor_bytes,
                      "This param is larger than xest::max_stack_tensor_bytes: split it or raise the limit.");

    public:
        using value_type = T;
        using shape_type = Shape;
        using tensor_type = tensor<T, Shape>;
        static constexpr auto name = Name;
        static constexpr std::size_t size = Shape::size;
        static constexpr bool trainable = Trainable;

        /// @brief Initialised at once with run seed 0; the estimator re-initialises it with
        /// run_config::random_seed before training from scratch.
        param(init::initializer how = init::zeros{})
            : m_init(how)
        {
            initialize(0);
        }

        /// @brief Refills the value from the initializer, deterministically for `run_seed`.
        void initialize(std::uint64_t run_seed)
        {
            init::fill<T, Shape::rank>(flat(value), Shape::dims, m_init, run_seed, Name.view());
        }

        static constexpr std::string_view name_view() noexcept
        {
            return Name.view();
        }

        tensor_type value;

    private:
        init::initializer m_init;
    };

    /// @brief A variable the optimizer never updates (tf.Variable(trainable=False)): the model
    /// writes it in train mode, checkpoints save and restore it by name.
    template <fixed_string Name, class Shape, scalar_type T = float>
    using non_trainable_param = param<Name, Shape, T, false>;

    template <class T>
    inline constexpr bool is_param_v = false;
    template <fixed_string N, class S, class T, bool Trainable>
    inline constexpr bool is_param_v<param<N, S, T, Trainable>> = true;
}

#endif
