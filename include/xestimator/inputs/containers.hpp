#ifndef XESTIMATOR_INPUTS_CONTAINERS_HPP
#define XESTIMATOR_INPUTS_CONTAINERS_HPP

/// @file
/// @brief The containers `from_arrays` reads examples from, and what it needs of each: the row
/// and column counts and one value. Rows are examples.
///
/// | container | rank |
/// |---|---|
/// | `std::vector<T>` | 1 |
/// | `std::array<T, N>`, `T[N]` | 1, N rows known at compile time |
/// | `std::array<std::array<T, C>, N>`, `T[N][C]` | 2, N rows known at compile time |
/// | `xt::xtensor<T, 1 or 2>` and any xtensor expression with a static rank | 1 or 2 |
/// | `take(c, n)`, `skip(c, n)`: rows of any of these, read in place | as c |
///
/// A row count known at compile time (`static_rows`) lets the input keep its shuffle order in
/// place: arrays in flash train with no allocation at all (the firmware profile).

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace xest::inputs::detail
{
    // Unsupported containers get inert members so that the one static_assert in array_input is
    // the only diagnostic (no cascade of "no member rows").
    template <class C>
    struct container_traits
    {
        static constexpr bool supported = false;
        static constexpr std::size_t rank = 0;
        static constexpr std::size_t static_rows = 0;
        using value_type = void;

        static std::size_t rows(C const&) noexcept { return 0; }
        static std::size_t cols(C const&) noexcept { return 0; }
        static int at(C const&, std::size_t, std::size_t) noexcept { return 0; }
    };

    // A rank-1 container of N values indexed by [] (N = 0: known only at run time).
    template <class C, class T, std::size_t N>
    struct vector_traits
    {
        static constexpr bool supported = std::is_arithmetic_v<T>;
        static constexpr std::size_t rank = 1;
        static constexpr std::size_t static_rows = N;
        using value_type = T;

        static std::size_t rows(C const& c) noexcept { return std::size(c); }
        static std::size_t cols(C const&) noexcept { return 1; }
        static T at(C const& c, std::size_t i, std::size_t) noexcept { return c[i]; }
    };

    // A rank-2 container of N rows of Cols values indexed by [][].
    template <class C, class T, std::size_t N, std::size_t Cols>
    struct matrix_traits
    {
        static constexpr bool supported = std::is_arithmetic_v<T>;
        static constexpr std::size_t rank = 2;
        static constexpr std::size_t static_rows = N;
        using value_type = T;

        static std::size_t rows(C const&) noexcept { return N; }
        static std::size_t cols(C const&) noexcept { return Cols; }
        static T at(C const& c, std::size_t i, std::size_t j) noexcept { return c[i][j]; }
    };

    template <class T, class A>
    struct container_traits<std::vector<T, A>> : vector_traits<std::vector<T, A>, T, 0>
    {
    };
    template <class T, std::size_t N>
    struct container_traits<std::array<T, N>> : vector_traits<std::array<T, N>, T, N>
    {
    };
    template <class T, std::size_t N>
    struct container_traits<T[N]> : vector_traits<T[N], T, N>
    {
    };
    template <class T, std::size_t Cols, std::size_t N>
    struct container_traits<std::array<std::array<T, Cols>, N>> : matrix_traits<std::array<std::array<T, Cols>, N>, T, N, Cols>
    {
    };
    template <class T, std::size_t Cols, std::size_t N>
    struct container_traits<T[N][Cols]> : matrix_traits<T[N][Cols], T, N, Cols>
    {
    };

    template <class C>
    concept static_rank_expression = requires(C const& c) {
        typename C::value_type;
        { c.shape()[0] } -> std::convertible_to<std::size_t>;
        std::tuple_size<std::remove_cvref_t<decltype(c.shape())>>::value;
    };

    // xt::xtensor<T, 1 or 2> and any xtensor expression with a static rank (adaptors, views).
    template <static_rank_expression C>
    struct container_traits<C>
    {
        static constexpr std::size_t rank = std::tuple_size_v<std::remove_cvref_t<decltype(std::declval<C const&>().shape())>>;
        static constexpr std::size_t static_rows = 0;
        using value_type = std::remove_cv_t<typename C::value_type>;
        static constexpr bool supported = (rank == 1 || rank == 2) && std::is_arithmetic_v<value_type>;

        static std::size_t rows(C const& c) noexcept { return static_cast<std::size_t>(c.shape()[0]); }
        static std::size_t cols(C const& c) noexcept
        {
            if constexpr (rank == 2)
            {
                return static_cast<std::size_t>(c.shape()[1]);
            }
            else
            {
                return 1;
            }
        }
        static value_type at(C const& c, std::size_t i, std::size_t j) noexcept
        {
            if constexpr (rank == 2)
            {
                return c(i, j);
            }
            else
            {
                (void)j;
                return c(i);
            }
        }
    };

    /// Rows [first, first + count) of a container, read in place (made by take() and skip()).
    template <class C>
    struct row_view
    {
        C const* container;
        std::size_t first;
        std::size_t count;
    };

    template <class C>
    struct container_traits<row_view<C>>
    {
        using base = container_traits<C>;
        static constexpr bool supported = base::supported;
        static constexpr std::size_t rank = base::rank;
        static constexpr std::size_t static_rows = 0;
        using value_type = typename base::value_type;

        static std::size_t rows(row_view<C> const& v) noexcept { return v.count; }
        static std::size_t cols(row_view<C> const& v) noexcept { return base::cols(*v.container); }
        static value_type at(row_view<C> const& v, std::size_t i, std::size_t j) noexcept
        {
            return base::at(*v.container, v.first + i, j);
        }
    };

    template <class C>
    inline constexpr bool is_input_container_v = container_traits<std::remove_cvref_t<C>>::supported;

    /// The shuffle order of an input: in place when the row count is known at compile time,
    /// else one buffer allocated when the input is built and reused by every epoch.
    template <std::size_t StaticRows>
    struct order_buffer
    {
        using type = std::array<std::size_t, StaticRows>;
    };
    template <>
    struct order_buffer<0>
    {
        using type = std::vector<std::size_t>;
    };
}

namespace xest::inputs
{
    /// @brief The first `n` rows (examples) of a container, read in place: a deterministic split
    /// without a copy, like tf.data's take(). Fewer rows when the container has fewer.
    template <class C>
    detail::row_view<C> take(C const& container, std::size_t n) noexcept
    {
        std::size_t const rows = detail::container_traits<C>::rows(container);
        return {&container, 0, n < rows ? n : rows};
    }

    /// @brief Every row after the first `n` (none when the container has fewer), read in place:
    /// tf.data's skip(). `take(x, n)` and `skip(x, n)` split x into two parts that cover it.
    template <class C>
    detail::row_view<C> skip(C const& container, std::size_t n) noexcept
    {
        std::size_t const rows = detail::container_traits<C>::rows(container);
        std::size_t const first = n < rows ? n : rows;
        return {&container, first, rows - first};
    }

    // A view must not outlive its container: a temporary is refused.
    template <class C>
    void take(C const&&, std::size_t) = delete;
    template <class C>
    void skip(C const&&, std::size_t) = delete;
}

#endif
