#ifndef XESTIMATOR_IO_ARRAY_ENTRY_HPP
#define XESTIMATOR_IO_ARRAY_ENTRY_HPP

/// @file
/// @brief A named, typed n-dimensional array in its serialized (numpy little-endian) form.

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "../core/config.hpp"
#include "../core/error.hpp"

namespace xest::io
{
    /// @brief True for the element types an array_entry can hold: float, double and the 8-, 16-,
    /// 32- and 64-bit integers (not bool, not the character types).
    template <class T>
    concept npy_scalar = std::same_as<T, float> || std::same_as<T, double>
                         || (std::integral<T> && !std::same_as<T, bool> && !std::same_as<T, char>
                             && !std::same_as<T, wchar_t> && !std::same_as<T, char8_t>
                             && !std::same_as<T, char16_t> && !std::same_as<T, char32_t>
                             && (sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8));

    namespace detail
    {

        template <class T>
        constexpr std::string_view npy_descr_of() noexcept
        {
            if constexpr (std::same_as<T, float>)
            {
                return "<f4";
            }
            else if constexpr (std::same_as<T, double>)
            {
                return "<f8";
            }
            else
            {
                constexpr bool s = std::is_signed_v<T>;
                switch (sizeof(T))
                {
                case 1: return s ? "|i1" : "|u1";
                case 2: return s ? "<i2" : "<u2";
                case 4: return s ? "<i4" : "<u4";
                default: return s ? "<i8" : "<u8";
                }
            }
        }

        /// @brief Bytes per element of a numpy descr such as "<f4" (0 when it is not one).
        XESTIMATOR_DECL std::size_t npy_item_size(std::string_view descr) noexcept;

        /// @brief Copies @p n elements of @p item bytes, reversing each one when @p swap is set.
        XESTIMATOR_DECL void copy_elements(void* dst, void const* src, std::size_t n, std::size_t item, bool swap) noexcept;

        /// @brief The shape as numpy prints it: "(2, 3)", "(4,)", "()".
        XESTIMATOR_DECL std::string shape_text(std::vector<std::size_t> const& shape);
    }

    /// @brief One array of a checkpoint: its name (may contain '/'), shape, numpy dtype descriptor
    /// ("<f4", "<f8", "<i8", "<i4", "<u8", ...) and its elements as little-endian bytes, C order.
    struct array_entry
    {
        std::string name;
        std::vector<std::size_t> shape;
        std::string dtype;
        std::vector<std::byte> data;

        /// @brief Number of elements: the product of the shape (1 for a 0-d array).
        XESTIMATOR_DECL std::size_t size() const noexcept;

        /// @brief Builds an entry from values in C (row-major) order; their count must match the shape.
        /// @tparam T float, double or a fixed-size integer type.
        template <class T>
        static array_entry from(std::string name, std::vector<std::size_t> shape, std::span<T const> values)
        {
            static_assert(npy_scalar<T>, "array_entry holds float, double or 8/16/32/64-bit integers: "
                                         "convert the values to one of these types first.");
            return from_bytes(std::move(name), std::move(shape), detail::npy_descr_of<T>(), values.data(), values.size(),
                              sizeof(T));
        }

        /// @brief from() for any element type: @p n elements of @p item bytes at @p values, whose
        /// numpy descr is @p dtype. The templates are thin wrappers around this and copy_bytes_to,
        /// so that the work is compiled once rather than once per element type.
        XESTIMATOR_DECL static array_entry from_bytes(std::string name, std::vector<std::size_t> shape, std::string_view dtype,
                                                      void const* values, std::size_t n, std::size_t item);

        /// @brief Same as the overload for `std::span<T const>`.
        template <class T>
            requires(!std::is_const_v<T>)
        static array_entry from(std::string name, std::vector<std::size_t> shape, std::span<T> values)
        {
            return from(std::move(name), std::move(shape), std::span<T const>(values));
        }

        /// @brief Copies the elements into @p out; checkpoint_error names the entry when the dtype is
        /// not T's or the element count differs.
        template <class T>
        void copy_to(std::span<T> out) const
        {
            static_assert(npy_scalar<T>, "array_entry holds float, double or 8/16/32/64-bit integers: "
                                         "copy into a span of one of these types.");
            copy_bytes_to(out.data(), out.size(), detail::npy_descr_of<T>(), sizeof(T));
        }

        /// @brief copy_to() for any element type: into @p n elements of @p item bytes at @p out,
        /// whose numpy descr is @p want.
        XESTIMATOR_DECL void copy_bytes_to(void* out, std::size_t n, std::string_view want, std::size_t item) const;

        /// @brief The elements as a vector of T (same checks as copy_to).
        template <class T>
        std::vector<T> to_vector() const
        {
            std::vector<T> v(size());
            copy_to(std::span<T>(v));
            return v;
        }
    };
}

#if !defined(XESTIMATOR_SEPARATE_COMPILATION)
#include "impl/array_entry.ipp"
#endif

#endif
