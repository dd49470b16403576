#ifndef XESTIMATOR_CORE_REAL_HPP
#define XESTIMATOR_CORE_REAL_HPP

/// @file
/// @brief `real`: a floating-point number usable as a template argument (`nn::dropout<0.5>`).
///
/// A `double` template parameter needs clang 18; a class holding the number's bits works on
/// every C++20 compiler the library supports. The conversions are consteval, so a rate is always
/// a constant of the model's type.

#include <bit>
#include <cstdint>

namespace xest
{
    /// @brief A double kept as its bits, so that it can be a template argument.
    struct real
    {
        std::uint64_t bits;

        consteval real(double v) noexcept
            : bits(std::bit_cast<std::uint64_t>(v))
        {
        }
        consteval real(float v) noexcept
            : real(static_cast<double>(v))
        {
        }
        consteval real(int v) noexcept
            : real(static_cast<double>(v))
        {
        }

        constexpr double value() const noexcept
        {
            return std::bit_cast<double>(bits);
        }
    };
}

#endif
