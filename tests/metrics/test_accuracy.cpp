#include <doctest/doctest.h>

#include <cstdint>
#include <type_traits>
#include <vector>

#include <xestimator/metrics/accuracy.hpp>

#include "batches.hpp"

namespace xm = xest::metrics;

namespace
{
    constexpr std::size_t B = 6;
    constexpr std::size_t N = 40; // six full batches and one of 4
    constexpr std::size_t C = 4;  // classes

    struct classification_data
    {
        std::vector<std::int32_t> labels; // N
        std::vector<float> scores;        // N x C
        std::vector<float> predicted;     // N: argmax of scores, as a float class id
    };

    classification_data make_data()
    {
        test::lcg g{11};
        classification_data d;
        for (std::size_t i = 0; i < N; ++i)
        {
            // Class 3 never occurs in the labels (it matters for mean_per_class_accuracy).
            d.labels.push_back(g.below(3));
            std::size_t best = 0;
            for (std::size_t c = 0; c < C; ++c)
            {
                d.scores.push_back(static_cast<float>(g.uniform()));
                if (d.scores.back() > d.scores[i * C + best])
                {
                    best = c;
                }
            }
            d.predicted.push_back(static_cast<float>(best));
        }
        return d;
    }

    template <class Acc, class P, class V>
    void feed(Acc& acc, classification_data const& d, std::vector<V> const& predictions, P& p)
    {
        xest::tensor<std::int32_t, xest::shape<B>> y;
        std::size_t first = 0;
        for (std::size_t rows : test::batch_rows(N, B))
        {
            test::fill(y, d.labels, first, rows, std::int32_t{2});
            // Garbage rows predict the label-2 class with a huge score: counted, they would change the result.
            test::fill(p, predictions, first, rows, typename P::value_type(2));
            acc.update(rows, y, p);
            first += rows;
        }
    }
}

TEST_CASE("accuracy with class ids and with argmax over scores")
{
    auto const d = make_data();
    double correct = 0.0;
    for (std::size_t i = 0; i < N; ++i)
    {
        correct += static_cast<float>(d.labels[i]) == d.predicted[i] ? 1.0 : 0.0;
    }
    double const expected = correct / N;
    REQUIRE(expected > 0.0);
    REQUIRE(expected < 1.0);

    xm::accumulators::accuracy by_id;
    xest::tensor<float, xest::shape<B>> ids;
    feed(by_id, d, d.predicted, ids);
    CHECK(by_id.result() == doctest::Approx(expected).epsilon(1e-12));

    xm::accumulators::accuracy by_argmax;
    xest::tensor<float, xest::shape<B, C>> scores;
    feed(by_argmax, d, d.scores, scores);
    CHECK(by_argmax.result() == doctest::Approx(expected).epsilon(1e-12));

    // Labels <B, 1> against predictions <B, 1>: element-wise.
    xm::accumulators::accuracy column;
    xest::tensor<float, xest::shape<3, 1>> y = {{1.0f}, {0.0f}, {1.0f}};
    xest::tensor<float, xest::shape<3, 1>> p = {{1.0f}, {1.0f}, {7.0f}};
    column.update(2, y, p);
    CHECK(column.result() == doctest::Approx(0.5));

    // argmax takes the first of equal maxima, as tf.argmax does.
    xm::accumulators::accuracy ties;
    xest::tensor<std::int32_t, xest::shape<1>> one = {1};
    xest::tensor<float, xest::shape<1, 3>> tied = {{0.2f, 0.4f, 0.4f}};
    ties.update(1, one, tied);
    CHECK(ties.result() == 1.0);

    CHECK(xm::accumulators::accuracy{}.result() == 0.0);
}

TEST_CASE("mean per-class accuracy averages recall over the classes that occur")
{
    auto const d = make_data();
    double correct[C] = {};
    double total[C] = {};
    for (std::size_t i = 0; i < N; ++i)
    {
        total[d.labels[i]] += 1.0;
        correct[d.labels[i]] += static_cast<float>(d.labels[i]) == d.predicted[i] ? 1.0 : 0.0;
    }
    REQUIRE(total[3] == 0.0);
    double const expected = (correct[0] / total[0] + correct[1] / total[1] + correct[2] / total[2]) / 3.0;

    xm::accumulators::mean_per_class_accuracy<C> by_id;
    xest::tensor<float, xest::shape<B>> ids;
    feed(by_id, d, d.predicted, ids);
    CHECK(by_id.result() == doctest::Approx(expected).epsilon(1e-12));
    CHECK(by_id.class_accuracy(1) == doctest::Approx(correct[1] / total[1]));
    CHECK(by_id.class_accuracy(3) == 0.0);

    xm::accumulators::mean_per_class_accuracy<C> by_argmax;
    xest::tensor<float, xest::shape<B, C>> scores;
    feed(by_argmax, d, d.scores, scores);
    CHECK(by_argmax.result() == doctest::Approx(expected).epsilon(1e-12));

    by_argmax.reset();
    CHECK(by_argmax.result() == 0.0);

    xest::tensor<std::int32_t, xest::shape<2>> bad = {1, 5};
    xest::tensor<float, xest::shape<2>> p = {1.0f, 1.0f};
    CHECK_THROWS_WITH_AS(by_id.update(2, bad, p),
                         doctest::Contains("mean_per_class_accuracy: label 5 is not a class id in [0, 4)"),
                         xest::input_error);
    xest::tensor<std::int32_t, xest::shape<2>> good = {1, 2};
    xest::tensor<float, xest::shape<2>> half = {1.0f, 1.5f};
    CHECK_THROWS_WITH_AS(by_id.update(2, good, half), doctest::Contains("prediction 1.5 is not a class id"),
                         xest::input_error);
}

TEST_CASE("accuracy factories")
{
    struct e
    {
    };
    static_assert(std::is_same_v<decltype(xm::accuracy(e{}, e{}))::accumulator_type, xm::accumulators::accuracy>);
    static_assert(std::is_same_v<decltype(xm::mean_per_class_accuracy<3>(e{}, e{}))::accumulator_type,
                                 xm::accumulators::mean_per_class_accuracy<3>>);
}
