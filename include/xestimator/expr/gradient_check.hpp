#ifndef XESTIMATOR_EXPR_GRADIENT_CHECK_HPP
#define XESTIMATOR_EXPR_GRADIENT_CHECK_HPP

/// @file
/// @brief `gradient_check(loss)`: compares the compile-time derived gradients of every param in a
/// scalar expression with central finite differences, the way dlib's test_layer does for layers.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <memory>
#include <string>
#include <type_traits>

#include "node.hpp"
#include "program.hpp"

namespace xest
{
    struct gradient_check_options
    {
        /// @brief Finite-difference step; 0 picks 1e-3 for float params and 1e-6 for double.
        double epsilon = 0.0;
        /// @brief Largest accepted |analytic - numeric| / max(1, |analytic|, |numeric|);
        /// 0 picks 2e-2 for float and 1e-6 for double.
        double tolerance = 0.0;
        /// @brief Real rows of the batch (see expr::context); default: all rows.
        std::size_t rows = static_cast<std::size_t>(-1);
    };

    struct gradient_check_result
    {
        bool passed = true;
        double max_error = 0.0;      ///< the largest relative error found
        std::string worst_param;     ///< where it was found
        std::size_t worst_index = 0; ///< flat index in that param
        double analytic = 0.0;
        double numeric = 0.0;
        std::size_t checked = 0;     ///< number of param elements compared
    };

    /// @brief Checks d loss / d param for every param the scalar expression `loss` reads.
    /// Params are perturbed in place and restored; differences are formed in double.
    template <expression Loss>
    gradient_check_result gradient_check(Loss const& loss, gradient_check_options options = {})
    {
        using program_type = expr::program<true, Loss>;
        // The workspace can be large; one allocation per check is fine outside training.
        auto prog = std::make_unique<program_type>(loss);
        prog->set_rows(options.rows);
        prog->template forward<0>();
        prog->template backward<0>();

        gradient_check_result result;
        prog->for_each_param(
            [&](auto const& p)
            {
                using P = std::remove_cvref_t<decltype(p)>;
                using T = typename P::value_type;
                if constexpr (program_type::template has_gradient<P>())
                {
                    double const eps = options.epsilon > 0 ? options.epsilon : (std::is_same_v<T, float> ? 1e-3 : 1e-6);
                    double const tol = options.tolerance > 0 ? options.tolerance : (std::is_same_v<T, float> ? 2e-2 : 1e-6);
                    T const* grad = prog->template gradient<P>();
                    // Copy the analytic gradient first: evaluating the loss again does not touch
                    // it, but being explicit keeps the check independent of that.
                    auto analytic = std::make_unique<double[]>(P::size);
                    std::copy(grad, grad + P::size, analytic.get());
                    T* value = const_cast<P&>(p).value.data();
                    for (std::size_t i = 0; i < P::size; ++i)
                    {
                        T const old = value[i];
                        value[i] = static_cast<T>(old + eps);
                        prog->template forward<0>();
                        double const up = static_cast<double>(*prog->template value<0>());
                        value[i] = static_cast<T>(old - eps);
                        prog->template forward<0>();
                        double const down = static_cast<double>(*prog->template value<0>());
                        value[i] = old;
                        double const numeric = (up - down) / (2.0 * eps);
                        double const a = analytic[i];
                        double const err = std::abs(a - numeric) / std::max({1.0, std::abs(a), std::abs(numeric)});
                        ++result.checked;
                        if (!(err <= result.max_error) || result.worst_param.empty())
                        {
                            result.max_error = err;
                            result.worst_param = std::string(P::name_view());
                            result.worst_index = i;
                            result.analytic = a;
                            result.numeric = numeric;
                        }
                        if (!(err <= tol))
                        {
                            result.passed = false;
                        }
                    }
                }
            });
        prog->template forward<0>();
        return result;
    }
}

#endif
