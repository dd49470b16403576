#ifndef XESTIMATOR_INPUTS_VALIDATION_HPP
#define XESTIMATOR_INPUTS_VALIDATION_HPP

/// @file
/// @brief Checks of the values an input is built from: every fault is refused when the input is
/// built, naming the example (row) and column, never discovered as a NaN loss mid-training.

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>

#include "../core/error.hpp"

namespace xest::inputs::detail
{
    /// "nan", "-inf", "1e+39": a value as a message shows it (the shortest text that reads back
    /// as the same value).
    template <class T>
    std::string value_text(T v)
    {
        char buf[64];
        auto const r = std::to_chars(buf, buf + sizeof buf, v);
        return std::string(buf, r.ptr);
    }

    /// Why a real value cannot be an input value of type float, or nullptr when it can: NaN,
    /// infinities, and finite values beyond float's range (they would silently become inf).
    template <class T>
    char const* real_value_fault(T v) noexcept
    {
        if constexpr (std::is_floating_point_v<T>)
        {
            if (std::isnan(v))
            {
                return "is NaN";
            }
            if (std::isinf(v))
            {
                return "is infinite";
            }
            if constexpr (sizeof(T) > sizeof(float))
            {
                if (std::fabs(v) > static_cast<T>(std::numeric_limits<float>::max()))
                {
                    return "is beyond the range of float (largest magnitude 3.40282347e+38)";
                }
            }
        }
        return nullptr;
    }

    /// Refuses NaN, infinite and out-of-float-range values of a container of examples; @p what
    /// is "features" or "labels".
    template <class Traits, class C>
    void check_real_values(C const& c, std::size_t rows, char const* what)
    {
        using element = typename Traits::value_type;
        if constexpr (std::is_floating_point_v<element>)
        {
            std::size_t const cols = Traits::cols(c);
            for (std::size_t i = 0; i < rows; ++i)
            {
                for (std::size_t j = 0; j < cols; ++j)
                {
                    element const v = Traits::at(c, i, j);
                    if (char const* fault = real_value_fault(v))
                    {
                        raise<input_error>(fault,
                                           [&]
                                           {
                                               return std::string(what) + " of example " + std::to_string(i) + " (row " +
                                                      std::to_string(i) + ", column " + std::to_string(j) + "): value " +
                                                      value_text(v) + " " + fault;
                                           });
                    }
                }
            }
        }
    }

    /// The largest class id of an input and the first example holding it (-1: no class ids).
    struct class_id_extent
    {
        std::int64_t max_id = -1;
        std::size_t example = 0;
    };

    // An array, not a pointer to a literal: one object with one address, so that
    // class_id_fault_text can tell this fault by comparing pointers (two evaluations of one
    // literal need not give the same address).
    inline constexpr char class_id_out_of_range[] = "is out of range for num_classes";

    /// Why a class id is refused, or nullptr: negative, at or past @p num_classes (when known,
    /// i.e. positive), or wider than the std::int32_t ids are delivered as. No formatting code:
    /// the firmware's path links none.
    template <class T>
    char const* class_id_fault(T id, std::int64_t num_classes) noexcept
    {
        auto const less = [](auto a, auto b)
        {
            if constexpr (std::is_integral_v<decltype(a)> && std::is_integral_v<decltype(b)>)
            {
                return std::cmp_less(a, b);
            }
            else
            {
                return a < static_cast<decltype(a)>(b);
            }
        };
        if (less(id, 0))
        {
            return "is negative: class ids run from 0 to the number of classes - 1";
        }
        if (num_classes > 0 && !less(id, num_classes))
        {
            return class_id_out_of_range;
        }
        if (!less(id, std::int64_t{std::numeric_limits<std::int32_t>::max()} + 1))
        {
            return "does not fit the std::int32_t class id";
        }
        return nullptr;
    }

    /// The fault as a message shows it: the range of ids when it is out of range.
    inline std::string class_id_fault_text(char const* fault, std::int64_t num_classes)
    {
        if (fault == class_id_out_of_range)
        {
            return std::string(fault) + " = " + std::to_string(num_classes) + " (ids 0 to " +
                   std::to_string(num_classes - 1) + ")";
        }
        return fault;
    }

    /// Refuses class ids (integer labels) that no model can have a class for (see
    /// class_id_fault); returns the largest id and its example, for a check against the model.
    template <class Traits, class C>
    class_id_extent check_class_ids(C const& c, std::size_t rows, std::int64_t num_classes)
    {
        using element = typename Traits::value_type;
        class_id_extent extent;
        if constexpr (std::is_integral_v<element> && !std::is_same_v<element, bool>)
        {
            std::size_t const cols = Traits::cols(c);
            for (std::size_t i = 0; i < rows; ++i)
            {
                for (std::size_t j = 0; j < cols; ++j)
                {
                    element const v = Traits::at(c, i, j);
                    if (std::cmp_greater(v, extent.max_id))
                    {
                        extent = {static_cast<std::int64_t>(v), i};
                    }
                    if (char const* fault = class_id_fault(v, num_classes))
                    {
                        raise<input_error>(fault,
                                           [&]
                                           {
                                               return "label " + std::to_string(v) + " of example " + std::to_string(i) +
                                                      " (row " + std::to_string(i) + ", column " + std::to_string(j) + ") " +
                                                      class_id_fault_text(fault, num_classes);
                                           });
                    }
                }
            }
        }
        return extent;
    }
}

#endif
