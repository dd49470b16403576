// core/meta.hpp: the type-list toolkit, on meta::list and on std::tuple, including lists longer
// than clang's 256-operand limit on fold expressions.

#include <cstddef>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include <doctest/doctest.h>

#include <xestimator/core/meta.hpp>

namespace meta = xest::meta;

namespace
{
    template <std::size_t I>
    struct t
    {
    };

    template <class Seq, std::size_t Mod>
    struct cycle;
    template <std::size_t... I, std::size_t Mod>
    struct cycle<std::index_sequence<I...>, Mod>
    {
        using type = meta::list<t<I % Mod>...>;
    };

    // list<t<I % Mod>...> for I < N: N elements, Mod distinct ones.
    template <std::size_t N, std::size_t Mod>
    using cycle_t = typename cycle<std::make_index_sequence<N>, Mod>::type;

    template <std::size_t N>
    using iota_t = cycle_t<N, N>;

    template <class E>
    using first_t = typename E::first_type;

    // find_v over the pack of a list.
    template <class T, class... E>
    constexpr std::size_t find_in(meta::list<E...>)
    {
        return meta::find_v<T, E...>;
    }
}

static_assert(meta::list<int, char>::size == 2);

static_assert(std::is_same_v<meta::concat_t<>, meta::list<>>);
static_assert(std::is_same_v<meta::concat_t<meta::list<int>>, meta::list<int>>);
static_assert(std::is_same_v<meta::concat_t<std::tuple<>, std::tuple<int>, std::tuple<>, std::tuple<char, int>, std::tuple<long>>,
                             std::tuple<int, char, int, long>>);
static_assert(std::is_same_v<meta::rename_t<meta::list<int, char>, std::tuple>, std::tuple<int, char>>);

static_assert(meta::find_v<char> == 0);
static_assert(meta::find_v<char, int, char, char> == 1);
static_assert(meta::find_v<long, int, char> == 2);
static_assert(find_in<t<299>>(iota_t<300>{}) == 299);

static_assert(std::is_same_v<meta::unique_by_t<meta::list<int, int>>, meta::list<int>>);
static_assert(std::is_same_v<meta::unique_by_t<meta::list<int, char>>, meta::list<int, char>>);
static_assert(std::is_same_v<meta::unique_by_t<meta::list<int, char, int, long, char, short>>, meta::list<int, char, long, short>>);
// Keyed: the first element of each key is kept.
static_assert(std::is_same_v<meta::unique_by_t<std::tuple<std::pair<int, char>, std::pair<long, char>, std::pair<int, long>>, first_t>,
                             std::tuple<std::pair<int, char>, std::pair<long, char>>>);
// Longer than a fold may be, with duplicates.
static_assert(std::is_same_v<meta::unique_by_t<cycle_t<600, 300>>, iota_t<300>>);
static_assert(std::is_same_v<meta::concat_t<iota_t<300>, meta::list<>>, iota_t<300>>);

TEST_CASE("meta: for_each_type visits in order, past 256 elements")
{
    std::string order;
    meta::for_each_type<meta::list<int, char, int>>([&]<class T>(std::type_identity<T>) { order += std::is_same_v<T, int> ? 'i' : 'c'; });
    CHECK(order == "ici");

    std::size_t count = 0;
    std::size_t last = 0;
    meta::for_each_type<iota_t<300>>(
        [&]<std::size_t I>(std::type_identity<t<I>>)
        {
            CHECK(I == count);
            last = I;
            ++count;
        });
    CHECK(count == 300);
    CHECK(last == 299);
}
