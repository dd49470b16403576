// Named predictions: rows reached by key hold the same values as the unnamed expressions;
// predict<Keys...>() computes only the outputs asked for (a smaller predict program) and keeps
// the order of the keys; a number per example is read as a number.

#include <doctest/doctest.h>

#include <cmath>
#include <type_traits>

#include "estimator_test_support.hpp"

namespace
{
    // Three classes from two features; the predictions as one tensor or as named outputs.
    template <bool Named>
    struct classifier
    {
        xest::nn::dense<2, 3, xest::nn::linear, "logits"> logits;
        template <class Mode>
        auto operator()(auto const& x, auto const& y, Mode mode) const
        {
            auto z = logits(x);
            auto s = xest::spec(mode).loss(xest::losses::sparse_softmax_cross_entropy(y, z));
            if constexpr (Named)
            {
                return s.predictions(xest::named<"probabilities">(xest::softmax(z)), xest::named<"logits">(z),
                                     xest::named<"score">(xest::sum<1>(z)));
            }
            else
            {
                return s.predictions(xest::softmax(z));
            }
        }
    };

    struct data
    {
        xt::xtensor<float, 2> x = {{1, 2}, {3, -4}, {-5, 6}, {0.5, 0.25}, {2, 2}};
        xt::xtensor<int, 1> y = {0, 1, 2, 1, 0};
    };
}

TEST_CASE("named predictions: get<key> holds the values of the outputs, and predict<keys...> computes those only")
{
    data d;
    xest::in_memory_estimator<classifier<true>, xest::optim::adam> named(xest::in_memory_config{.random_seed = 3}, {});
    xest::in_memory_estimator<classifier<false>, xest::optim::adam> plain(xest::in_memory_config{.random_seed = 3}, {});
    auto train_a = xest::inputs::from_arrays<2, 2>(d.x, d.y, {.num_epochs = 4});
    auto train_b = xest::inputs::from_arrays<2, 2>(d.x, d.y, {.num_epochs = 4});
    named.train(train_a);
    plain.train(train_b);

    auto in = xest::inputs::from_arrays<2, 2>(d.x);
    auto const rows = named.predict(in);
    auto const reference = plain.predict(in);
    REQUIRE(rows.size() == 5u);
    REQUIRE(reference.size() == 5u);
    auto const w = named.get_variable_value("logits/kernel");
    auto const b = named.get_variable_value("logits/bias");
    for (std::size_t i = 0; i < 5; ++i)
    {
        auto const& p = rows[i].get<"probabilities">();
        auto const& z = rows[i].get<"logits">();
        double sum = 0.0;
        for (std::size_t c = 0; c < 3; ++c)
        {
            CHECK(p(c) == reference[i](c));  // the same graph: the same bits
            double const expected = d.x(i, 0) * w(0, c) + d.x(i, 1) * w(1, c) + b(c);
            CHECK(z(c) == doctest::Approx(expected).epsilon(1e-5));
            sum += z(c);
        }
        // One value per example: a number.
        static_assert(std::is_same_v<std::remove_cvref_t<decltype(rows[i].get<"score">())>, float>);
        CHECK(rows[i].get<"score">() == doctest::Approx(sum).epsilon(1e-5));
    }

    // predict_keys: only "score" and "logits", in that order.
    auto const some = named.predict<"score", "logits">(in);
    REQUIRE(some.size() == 5u);
    using some_row = std::remove_cvref_t<decltype(some[0])>;
    static_assert(std::tuple_size_v<decltype(some_row::fields)> == 2);
    for (std::size_t i = 0; i < 5; ++i)
    {
        CHECK(some[i].get<"score">() == rows[i].get<"score">());
        for (std::size_t c = 0; c < 3; ++c)
        {
            CHECK(some[i].get<"logits">()(c) == rows[i].get<"logits">()(c));
        }
    }

    // The softmax is not in the program of predict<"score", "logits">: fewer nodes.
    using input_type = decltype(in);
    using all_graph = xest::detail::predict_graph<classifier<true>, input_type>;
    using some_graph = xest::detail::predict_graph<classifier<true>, input_type, "score", "logits">;
    using logits_graph = xest::detail::predict_graph<classifier<true>, input_type, "logits">;
    static_assert(some_graph::program_type::size < all_graph::program_type::size);
    static_assert(logits_graph::program_type::size < some_graph::program_type::size);
}
