// Shapes as types: rank, size, dims, numpy broadcasting, reductions, the shape checks that pass,
// fixed_string scopes and flat views of tensors.

#include <doctest/doctest.h>

#include <xestimator/core.hpp>

using namespace xest;

namespace
{
    template <class A, class B>
    constexpr bool same = std::is_same_v<A, B>;
}

TEST_CASE("shape: rank, size and dims")
{
    static_assert(shape<>::rank == 0 && shape<>::size == 1);
    static_assert(shape<32, 10>::rank == 2 && shape<32, 10>::size == 320);
    static_assert(shape<2, 3, 4>::dims[2] == 4);
    static_assert(dim_v<shape<2, 3, 4>, 1> == 3);
    static_assert(shape<5, 0>::size == 0);
    static_assert(static_shape<shape<1>> && !static_shape<int>);
    constexpr std::array<std::size_t, 2> d{6, 7};
    static_assert(same<shape_from_array_t<d>, shape<6, 7>>);
    CHECK(shape<4, 2>::dims == std::array<std::size_t, 2>{4, 2});
}

TEST_CASE("broadcasting follows numpy")
{
    static_assert(broadcastable_v<shape<3, 4>, shape<4>>);
    static_assert(broadcastable_v<shape<3, 1>, shape<1, 4>>);
    static_assert(broadcastable_v<shape<>, shape<2, 3>>);
    static_assert(broadcastable_v<shape<5, 1, 3>, shape<4, 1>>);
    static_assert(!broadcastable_v<shape<3>, shape<4>>);
    static_assert(!broadcastable_v<shape<2, 3>, shape<3, 2>>);
    static_assert(same<broadcast_t<shape<3, 4>, shape<4>>, shape<3, 4>>);
    static_assert(same<broadcast_t<shape<4>, shape<3, 4>>, shape<3, 4>>);
    static_assert(same<broadcast_t<shape<3, 1>, shape<1, 4>>, shape<3, 4>>);
    static_assert(same<broadcast_t<shape<>, shape<2, 3>>, shape<2, 3>>);
    static_assert(same<broadcast_t<shape<5, 1, 3>, shape<4, 1>>, shape<5, 4, 3>>);
    static_assert(same<broadcast_t<shape<>, shape<>>, shape<>>);
    static_assert(check_broadcast<shape<3, 4>, shape<1, 4>>::value);
    CHECK(broadcast_t<shape<2, 1>, shape<7>>::size == 14);
}

TEST_CASE("reductions remove or keep an axis")
{
    static_assert(same<reduce_t<shape<3, 4>, 0>, shape<4>>);
    static_assert(same<reduce_t<shape<3, 4>, 1>, shape<3>>);
    static_assert(same<reduce_t<shape<3, 4>, 1, true>, shape<3, 1>>);
    static_assert(same<reduce_t<shape<2, 3, 4>, 1>, shape<2, 4>>);
    static_assert(same<reduce_t<shape<5>, 0>, shape<>>);
    static_assert(check_axis<shape<3, 4>, 1>::value);
    CHECK(reduce_t<shape<2, 3, 4>, 2, true>::dims == std::array<std::size_t, 3>{2, 3, 1});
}

TEST_CASE("the shape checks accept well-formed shapes")
{
    static_assert(check_matmul<shape<2, 3>, shape<3, 5>>::value);
    static_assert(check_reshape<shape<2, 6>, shape<3, 4>>::value);
    static_assert(check_loss_shapes<shape<4, 1>, shape<4, 1>>::value);
    static_assert(check_sparse_labels<shape<8>, shape<8, 3>>::value);
    static_assert(check_weights<shape<4, 1>, shape<4, 1>>::value);
    static_assert(check_weights<shape<>, shape<4, 2>>::value);
    CHECK(check_matmul<shape<1, 1>, shape<1, 9>>::value);
}

TEST_CASE("fixed_string names and scopes")
{
    constexpr fixed_string a("dense");
    static_assert(a.view() == "dense");
    constexpr auto k = scoped_name<"hidden", "kernel">();
    static_assert(k.view() == "hidden/kernel");
    static_assert(fixed_string("x") == fixed_string("x"));
    static_assert(!(fixed_string("x") == fixed_string("xy")));
    CHECK(k.view().size() == 13);
}

TEST_CASE("tensor and flat views share storage, row-major")
{
    tensor<float, shape<2, 3>> t{{1, 2, 3}, {4, 5, 6}};
    auto f = flat(t);
    static_assert(decltype(f)::extent == 6);
    CHECK(f[4] == 5.0f);
    f[5] = 9.0f;
    CHECK(t(1, 2) == 9.0f);
    auto const& ct = t;
    CHECK(flat(ct)[0] == 1.0f);
    static_assert(scalar_type<float> && scalar_type<double> && !scalar_type<int>);
}
