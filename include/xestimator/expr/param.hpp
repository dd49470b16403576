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
    /// @brief A trainable variable. Its name and shape are part of its type, so checkpoints,
    /// summaries and `get_variable_value` find it by name and every use is shape-checked.
    /// @tparam Name the variable's name ("dense/kernel")
    /// @tparam ShapeArg a `xest::shape<...>`
    /// @tparam T float (default) or double
    template <fixed_string Name, class ShapeArg, scalar_type T = float>
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

    template <class T>
    inline constexpr bool is_param_v = false;
    template <fixed_string N, class S, class T>
    inline constexpr bool is_param_v<param<N, S, T>> = true;
}

#endif
