#ifndef XESTIMATOR_CORE_META_HPP
#define XESTIMATOR_CORE_META_HPP

/// @file
/// @brief The library's one type-list toolkit: `list`, `find_v`, `concat_t`, `rename_t`,
/// `unique_by_t` and `for_each_type`.
///
/// Every algorithm takes any list template (`meta::list`, `std::tuple`, ...). Three limits shape
/// the code, because a compiled graph holds a few hundred entries:
/// - no fold expression over a list: clang nests folds and stops at 256 operands, so searches
///   scan a constexpr array and visits use `in_order`;
/// - no recursion one element at a time where a step can take several (`concat_t` and
///   `unique_by_t` take four), which keeps the instantiation depth a quarter of the length;
/// - no new list type per search step: searches run over the pack itself.

#include <cstddef>
#include <type_traits>
#include <utility>

#include "in_order.hpp"

namespace xest::meta
{
    /// @brief A list of types: cheaper than a std::tuple when only the pack matters (it is never
    /// instantiated as storage).
    template <class... T>
    struct list
    {
        static constexpr std::size_t size = sizeof...(T);
    };

    /// @brief Position of the first `T` in the pack `E...`, or `sizeof...(E)` when absent.
    template <class T, class... E>
    inline constexpr std::size_t find_v = []
    {
        // One array element per type, plus a sentinel for the empty pack.
        constexpr bool match[] = {std::is_same_v<T, E>..., false};
        std::size_t i = 0;
        while (i < sizeof...(E) && !match[i])
        {
            ++i;
        }
        return i;
    }();

    namespace detail
    {
        template <class... L>
        struct concat_impl;
        template <>
        struct concat_impl<>
        {
            using type = list<>;
        };
        template <template <class...> class L, class... A>
        struct concat_impl<L<A...>>
        {
            using type = L<A...>;
        };
        template <template <class...> class L, class... A, class... B>
        struct concat_impl<L<A...>, L<B...>>
        {
            using type = L<A..., B...>;
        };
        template <template <class...> class L, class... A, class... B, class... C>
        struct concat_impl<L<A...>, L<B...>, L<C...>>
        {
            using type = L<A..., B..., C...>;
        };
        template <template <class...> class L, class... A, class... B, class... C, class... D, class... Rest>
        struct concat_impl<L<A...>, L<B...>, L<C...>, L<D...>, Rest...> : concat_impl<L<A..., B..., C..., D...>, Rest...>
        {
        };

        template <class L, template <class...> class To>
        struct rename_impl;
        template <template <class...> class L, class... T, template <class...> class To>
        struct rename_impl<L<T...>, To>
        {
            using type = To<T...>;
        };

        // `L` with `E` appended, unless `L` holds an element of the same key: one step of
        // unique_by_t.
        template <class L, class E, template <class> class Key>
        struct push_back_unique_impl;
        template <template <class...> class L, class... A, class E, template <class> class Key>
        struct push_back_unique_impl<L<A...>, E, Key>
        {
            using type = std::conditional_t<find_v<Key<E>, Key<A>...> < sizeof...(A), L<A...>, L<A..., E>>;
        };

        template <class Acc, template <class> class Key, class... E>
        struct unique_impl
        {
            using type = Acc;
        };
        template <class Acc, template <class> class Key, class E0>
        struct unique_impl<Acc, Key, E0>
        {
            using type = typename push_back_unique_impl<Acc, E0, Key>::type;
        };
        template <class Acc, template <class> class Key, class E0, class E1>
        struct unique_impl<Acc, Key, E0, E1> : unique_impl<typename push_back_unique_impl<Acc, E0, Key>::type, Key, E1>
        {
        };
        template <class Acc, template <class> class Key, class E0, class E1, class E2>
        struct unique_impl<Acc, Key, E0, E1, E2> : unique_impl<typename push_back_unique_impl<Acc, E0, Key>::type, Key, E1, E2>
        {
        };
        template <class Acc, template <class> class Key, class E0, class E1, class E2, class E3, class... Rest>
        struct unique_impl<Acc, Key, E0, E1, E2, E3, Rest...>
            : unique_impl<typename push_back_unique_impl<
                              typename push_back_unique_impl<
                                  typename push_back_unique_impl<typename push_back_unique_impl<Acc, E0, Key>::type, E1, Key>::type,
                                  E2, Key>::type,
                              E3, Key>::type,
                          Key, Rest...>
        {
        };

        template <class L, template <class> class Key>
        struct unique_by_impl;
        template <template <class...> class L, class... E, template <class> class Key>
        struct unique_by_impl<L<E...>, Key> : unique_impl<L<>, Key, E...>
        {
        };

        template <class T>
        using identity_t = T;

        template <class L>
        struct for_each_impl;
        template <template <class...> class L, class... T>
        struct for_each_impl<L<T...>>
        {
            template <class F>
            static constexpr void apply(F& f)
            {
                xest::detail::in_order{(void(f(std::type_identity<T>{})), 0)...};
            }
        };
    }

    /// @brief The lists `L...` (all of one list template) joined in order; `list<>` when none.
    template <class... L>
    using concat_t = typename detail::concat_impl<L...>::type;

    /// @brief The elements of `L` in another list template: `rename_t<list<A, B>, std::tuple>`
    /// is `std::tuple<A, B>`.
    template <class L, template <class...> class To>
    using rename_t = typename detail::rename_impl<L, To>::type;

    /// @brief `L` keeping the first element of each key (`Key<X>`; by default the element
    /// itself), in order.
    template <class L, template <class> class Key = detail::identity_t>
    using unique_by_t = typename detail::unique_by_impl<L, Key>::type;

    /// @brief Calls `f(std::type_identity<T>{})` for each `T` of `L`, in order.
    template <class L, class F>
    constexpr void for_each_type(F&& f)
    {
        detail::for_each_impl<L>::apply(f);
    }
    namespace detail
    {
        template <std::size_t I, class T>
        struct indexed
        {
            T value{};
        };
        template <std::size_t I, class T>
        struct index_tag
        {
        };
        template <class Seq, class... T>
        struct indexed_storage;
        template <std::size_t... I, class... T>
        struct indexed_storage<std::index_sequence<I...>, T...> : indexed<I, T>...
        {
        };
        template <class Seq, class... T>
        struct index_tags;
        template <std::size_t... I, class... T>
        struct index_tags<std::index_sequence<I...>, T...> : index_tag<I, T>...
        {
        };
        template <std::size_t I, class T>
        T type_at(index_tag<I, T> const*);
    }

    /// @brief One value of each of `T...`, read with `meta::get<I>`: std::tuple's storage
    /// without its recursive layout and constrained constructors, which cost most of the
    /// instantiation of a program's few hundred slots. Each value is value-initialised.
    template <class... T>
    struct tuple : detail::indexed_storage<std::index_sequence_for<T...>, T...>
    {
    };

    template <std::size_t I, class T>
    constexpr T& get(detail::indexed<I, T>& e) noexcept
    {
        return e.value;
    }
    template <std::size_t I, class T>
    constexpr T const& get(detail::indexed<I, T> const& e) noexcept
    {
        return e.value;
    }

    /// @brief The `I`-th type of `T...`, in constant depth.
    template <std::size_t I, class... T>
    using at_t = decltype(detail::type_at<I>(static_cast<detail::index_tags<std::index_sequence_for<T...>, T...>*>(nullptr)));
}

#endif
