#ifndef XESTIMATOR_ESTIMATOR_MODEL_PARAMS_HPP
#define XESTIMATOR_ESTIMATOR_MODEL_PARAMS_HPP

/// @file
/// @brief Finds a model's params without boilerplate: a model is an aggregate whose members are
/// params, layers (types with `visit_params`) or other aggregates; they are visited in
/// declaration order. The member count comes from aggregate initialisation and the members from
/// structured bindings (up to 16 members per aggregate).

#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "../core/meta.hpp"
#include "../expr/param.hpp"

namespace xest
{
    namespace detail
    {
        struct any_member
        {
            template <class T>
            operator T() const;  // declared only: used in unevaluated aggregate-initialisation tests
        };

        template <class T, std::size_t... I>
        constexpr bool brace_constructible(std::index_sequence<I...>)
        {
            return requires { T{(void(I), any_member{})...}; };
        }

        // Counts up to 17: a 17th member is reported by with_members, not miscounted as 16.
        template <class T, std::size_t N = 17>
        constexpr std::size_t member_count()
        {
            if constexpr (N == 0)
            {
                return 0;
            }
            else if constexpr (brace_constructible<T>(std::make_index_sequence<N>{}))
            {
                return N;
            }
            else
            {
                return member_count<T, N - 1>();
            }
        }

        // One message per aggregate type (with_members is instantiated for T and T const).
        template <class T>
        constexpr std::size_t checked_member_count()
        {
            constexpr std::size_t n = member_count<T>();
            static_assert(n <= 16, "xestimator: a model aggregate has more members than it can visit; group them in sub-structs.");
            return n;
        }

        /// @brief Calls g with references to the members of an aggregate, in order, and returns
        /// its result (none past 16 members: checked_member_count has said why). No std::tuple
        /// in between: a tuple of references per model and visit cost more to compile than the
        /// visit itself.
        template <class M, class G>
        constexpr decltype(auto) with_members(M& m, G&& g)
        {
            constexpr std::size_t n = checked_member_count<std::remove_cv_t<M>>();
            if constexpr (n == 0 || n > 16)
            {
                return g();
            }
            else if constexpr (n == 1)
            {
                auto& [f0] = m;
                return g(f0);
            }
            else if constexpr (n == 2)
            {
                auto& [f0, f1] = m;
                return g(f0, f1);
            }
            else if constexpr (n == 3)
            {
                auto& [f0, f1, f2] = m;
                return g(f0, f1, f2);
            }
            else if constexpr (n == 4)
            {
                auto& [f0, f1, f2, f3] = m;
                return g(f0, f1, f2, f3);
            }
            else if constexpr (n == 5)
            {
                auto& [f0, f1, f2, f3, f4] = m;
                return g(f0, f1, f2, f3, f4);
            }
            else if constexpr (n == 6)
            {
                auto& [f0, f1, f2, f3, f4, f5] = m;
                return g(f0, f1, f2, f3, f4, f5);
            }
            else if constexpr (n == 7)
            {
                auto& [f0, f1, f2, f3, f4, f5, f6] = m;
                return g(f0, f1, f2, f3, f4, f5, f6);
            }
            else if constexpr (n == 8)
            {
                auto& [f0, f1, f2, f3, f4, f5, f6, f7] = m;
                return g(f0, f1, f2, f3, f4, f5, f6, f7);
            }
            else if constexpr (n == 9)
            {
                auto& [f0, f1, f2, f3, f4, f5, f6, f7, f8] = m;
                return g(f0, f1, f2, f3, f4, f5, f6, f7, f8);
            }
            else if constexpr (n == 10)
            {
                auto& [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9] = m;
                return g(f0, f1, f2, f3, f4, f5, f6, f7, f8, f9);
            }
            else if constexpr (n == 11)
            {
                auto& [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10] = m;
                return g(f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10);
            }
            else if constexpr (n == 12)
            {
                auto& [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11] = m;
                return g(f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11);
            }
            else if constexpr (n == 13)
            {
                auto& [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12] = m;
                return g(f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12);
            }
            else if constexpr (n == 14)
            {
                auto& [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13] = m;
                return g(f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13);
            }
            else if constexpr (n == 15)
            {
                auto& [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14] = m;
                return g(f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14);
            }
            else if constexpr (n == 16)
            {
                auto& [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15] = m;
                return g(f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15);
            }
        }

        // The member types of an aggregate, as meta::list<F&...> (with_members's result type).
        struct member_list_fn
        {
            template <class... F>
            constexpr meta::list<F&...> operator()(F&...) const noexcept
            {
                return {};
            }
        };
        template <class T>
        using member_list_t = decltype(with_members(std::declval<T&>(), member_list_fn{}));

        template <class T>
        concept has_visit_params = requires(T& t) { t.visit_params([](auto&) {}); };

        template <class T>
        concept visitable_aggregate = std::is_aggregate_v<T> && std::is_class_v<T> && !has_visit_params<T>;

        /// @brief False when an aggregate in T has more members than with_members visits; its
        /// params are then not found, and checks that need them stay silent (one message).
        template <class T>
        constexpr bool members_fit()
        {
            if constexpr (visitable_aggregate<T> && !is_param_v<T>)
            {
                if constexpr (member_count<T>() > 16)
                {
                    return false;
                }
                else
                {
                    return []<class... F>(meta::list<F&...>) { return (members_fit<std::remove_cv_t<F>>() && ...); }(
                        member_list_t<T>{});
                }
            }
            else
            {
                return true;
            }
        }
    }

    /// @brief Calls f(param&) for every param of the model, in declaration order.
    template <class M, class F>
    constexpr void for_each_model_param(M& m, F&& f)
    {
        using D = std::remove_cv_t<M>;
        if constexpr (is_param_v<D>)
        {
            f(m);
        }
        else if constexpr (detail::has_visit_params<D>)
        {
            m.visit_params([&](auto& p) { for_each_model_param(p, f); });
        }
        else if constexpr (detail::visitable_aggregate<D>)
        {
            detail::with_members(m, [&](auto&... member) { (for_each_model_param(member, f), ...); });
        }
    }

    namespace detail
    {
        template <class T>
        struct param_types_of
        {
            using type = std::tuple<>;
        };

        template <class Members>
        struct member_param_types;
        template <class... F>
        struct member_param_types<meta::list<F&...>>
        {
            using type = meta::concat_t<std::tuple<>, typename param_types_of<std::remove_cv_t<F>>::type...>;
        };

        template <class T>
            requires is_param_v<T>
        struct param_types_of<T>
        {
            using type = std::tuple<T>;
        };
        template <class T>
            requires(!is_param_v<T> && has_visit_params<T>)
        struct param_types_of<T>
        {
            // A layer lists its params as `using param_types = std::tuple<...>` in visiting order.
            using type = typename T::param_types;
        };
        template <class T>
            requires(!is_param_v<T> && visitable_aggregate<T>)
        struct param_types_of<T>
        {
            using type = typename member_param_types<member_list_t<T>>::type;
        };

        template <class Tuple>
        struct distinct_names;
        template <class... P>
        struct distinct_names<std::tuple<P...>>
        {
            static constexpr bool value = []
            {
                std::string_view const names[] = {P::name_view()..., {}};
                for (std::size_t i = 0; i < sizeof...(P); ++i)
                {
                    for (std::size_t j = i + 1; j < sizeof...(P); ++j)
                    {
                        if (names[i] == names[j])
                        {
                            return false;
                        }
                    }
                }
                return true;
            }();
        };
    }

    /// @brief std::tuple of the model's param types, in visiting order.
    template <class M>
    using model_params_t = typename detail::param_types_of<std::remove_cv_t<M>>::type;

    /// @brief Index of param P in model_params_t<M> (its size when P is not a member).
    template <class P, class Tuple>
    struct param_index;
    template <class P, class... Q>
    struct param_index<P, std::tuple<Q...>>
    {
        static constexpr std::size_t value = meta::find_v<P, Q...>;
    };
}

#endif
