#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

#include <xestimator/metrics.hpp>

#include "batches.hpp"

namespace xm = xest::metrics;

namespace
{
    constexpr std::size_t B = 6;
    constexpr std::size_t N = 40; // six full batches and one of 4
    constexpr std::size_t C = 5;  // classes

    struct scored_examples
    {
        std::vector<std::int32_t> labels; // N
        std::vector<float> scores;        // N x C, distinct within a row
    };

    scored_examples make_examples()
    {
        test::lcg g{23};
        scored_examples d;
        for (std::size_t i = 0; i < N; ++i)
        {
            d.labels.push_back(g.below(static_cast<int>(C)));
            for (std::size_t c = 0; c < C; ++c)
            {
                d.scores.push_back(static_cast<float>(g.uniform()));
            }
        }
        return d;
    }

    // The rank of the label's score in its row (0 = highest), by sorting in the test's own way.
    std::size_t label_rank(scored_examples const& d, std::size_t i)
    {
        std::size_t rank = 0;
        for (std::size_t c = 0; c < C; ++c)
        {
            rank += d.scores[i * C + c] > d.scores[i * C + static_cast<std::size_t>(d.labels[i])] ? 1 : 0;
        }
        return rank;
    }

    template <class Acc>
    void feed(Acc& acc, scored_examples const& d)
    {
        xest::tensor<std::int32_t, xest::shape<B>> y;
        xest::tensor<float, xest::shape<B, C>> p;
        std::size_t first = 0;
        for (std::size_t rows : test::batch_rows(N, B))
        {
            // Padding rows hold label 0 with its score the highest: counted, they would all hit.
            test::fill(y, d.labels, first, rows, std::int32_t{0});
            test::fill(p, d.scores, first, rows, 0.0f);
            for (std::size_t r = rows; r < B; ++r)
            {
                p(r, 0) = 100.0f;
            }
            acc.update(rows, y, p);
            first += rows;
        }
    }
}

TEST_CASE("top_k_accuracy counts a label among the K highest scores")
{
    xest::tensor<std::int32_t, xest::shape<4>> y = {2, 0, 1, 3};
    xest::tensor<float, xest::shape<4, 4>> p = {
        {0.1f, 0.2f, 0.6f, 0.1f},  // label first
        {0.3f, 0.4f, 0.2f, 0.1f},  // label second
        {0.5f, 0.05f, 0.25f, 0.2f}, // label fourth
        {0.1f, 0.2f, 0.3f, 0.4f},  // label first
    };
    xm::accumulators::top_k_accuracy<1> top_1;
    xm::accumulators::top_k_accuracy<2> top_2;
    xm::accumulators::top_k_accuracy<3> top_3;
    xm::accumulators::top_k_accuracy<4> top_4;
    top_1.update(4, y, p);
    top_2.update(4, y, p);
    top_3.update(4, y, p);
    top_4.update(4, y, p);
    CHECK(top_1.result() == 0.5);
    CHECK(top_2.result() == 0.75);
    CHECK(top_3.result() == 0.75);
    CHECK(top_4.result() == 1.0);

    // Labels <B, 1> and logits (only the order matters) give the same.
    xest::tensor<float, xest::shape<4, 1>> column = {{2.0f}, {0.0f}, {1.0f}, {3.0f}};
    xest::tensor<float, xest::shape<4, 4>> logits = xt::log(p);
    xm::accumulators::top_k_accuracy<2> from_logits;
    from_logits.update(4, column, logits);
    CHECK(from_logits.result() == 0.75);

    // Updates accumulate; reset starts over.
    top_2.update(2, y, p);
    CHECK(top_2.result() == doctest::Approx(5.0 / 6.0));
    top_2.reset();
    CHECK(top_2.result() == 0.0);
}

TEST_CASE("top_k_accuracy<1> equals accuracy, and partial batches count their valid rows only")
{
    auto const d = make_examples();
    xm::accumulators::top_k_accuracy<1> top_1;
    xm::accumulators::accuracy accuracy;
    feed(top_1, d);
    feed(accuracy, d);
    CHECK(top_1.result() == accuracy.result());

    for (std::size_t k : {1u, 2u, 3u})
    {
        double hits = 0.0;
        for (std::size_t i = 0; i < N; ++i)
        {
            hits += label_rank(d, i) < k ? 1.0 : 0.0;
        }
        double const expected = hits / N;
        REQUIRE(expected > 0.0);
        REQUIRE(expected < 1.0);
        double got = -1.0;
        if (k == 1)
        {
            got = top_1.result();
        }
        else if (k == 2)
        {
            xm::accumulators::top_k_accuracy<2> top_2;
            feed(top_2, d);
            got = top_2.result();
        }
        else
        {
            xm::accumulators::top_k_accuracy<3> top_3;
            feed(top_3, d);
            got = top_3.result();
        }
        CHECK(got == doctest::Approx(expected).epsilon(1e-12));
    }
}

TEST_CASE("top_k_accuracy counts every class tied with the K-th largest score (tf.math.in_top_k)")
{
    xest::tensor<std::int32_t, xest::shape<3>> y = {2, 1, 0};
    xest::tensor<float, xest::shape<3, 4>> p = {
        {0.4f, 0.3f, 0.3f, 0.0f},    // labels 1 and 2 tie for second place: both in the top 2
        {0.25f, 0.25f, 0.25f, 0.25f}, // all tied: in the top 1
        {0.1f, 0.3f, 0.3f, 0.3f},    // three scores above the label's: not in the top 3
    };
    xm::accumulators::top_k_accuracy<1> top_1;
    xm::accumulators::top_k_accuracy<2> top_2;
    xm::accumulators::top_k_accuracy<3> top_3;
    top_1.update(3, y, p);
    top_2.update(3, y, p);
    top_3.update(3, y, p);
    CHECK(top_1.result() == doctest::Approx(1.0 / 3.0));
    CHECK(top_2.result() == doctest::Approx(2.0 / 3.0));
    CHECK(top_3.result() == doctest::Approx(2.0 / 3.0));
}

TEST_CASE("top_k_accuracy: non-finite scores miss, labels that are no class id raise, no rows give 0")
{
    float const nan = std::numeric_limits<float>::quiet_NaN();
    float const inf = std::numeric_limits<float>::infinity();
    xest::tensor<std::int32_t, xest::shape<3>> y = {0, 0, 1};
    xest::tensor<float, xest::shape<3, 3>> p = {{nan, 0.0f, 0.0f}, {0.9f, inf, 0.0f}, {0.0f, 1.0f, 0.0f}};
    xm::accumulators::top_k_accuracy<3> top_3;
    top_3.update(3, y, p);
    CHECK(top_3.result() == doctest::Approx(1.0 / 3.0));

    xest::tensor<std::int32_t, xest::shape<2>> out_of_range = {1, 3};
    xest::tensor<float, xest::shape<2, 3>> scores = {{0.0f, 1.0f, 0.0f}, {0.0f, 1.0f, 0.0f}};
    xm::accumulators::top_k_accuracy<1> top_1;
    CHECK_THROWS_AS(top_1.update(2, out_of_range, scores), xest::input_error);
    xest::tensor<float, xest::shape<2>> fractional = {1.0f, 0.5f};
    CHECK_THROWS_AS(top_1.update(2, fractional, scores), xest::input_error);
    CHECK(top_1.result() == 0.0); // a batch that raised added nothing
    top_1.update(1, out_of_range, scores); // only the valid row is read
    CHECK(top_1.result() == 1.0);

    xm::accumulators::top_k_accuracy<2> empty;
    empty.update(0, out_of_range, scores);
    CHECK(empty.result() == 0.0);
}

TEST_CASE("top_k_accuracy<K>(labels, scores) is a metric of its accumulator")
{
    xest::tensor<std::int32_t, xest::shape<2>> y = {0, 1};
    xest::tensor<float, xest::shape<2, 3>> p = {{0.0f, 1.0f, 0.0f}, {0.0f, 1.0f, 0.0f}};
    auto m = xm::top_k_accuracy<2>(y, p);
    static_assert(std::is_same_v<decltype(m)::accumulator_type, xm::accumulators::top_k_accuracy<2>>);
    static_assert(decltype(m)::arity == 2);
    auto acc = m.make_accumulator();
    acc.update(2, std::get<0>(m.inputs), std::get<1>(m.inputs));
    CHECK(acc.result() == 1.0);
}
