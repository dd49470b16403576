#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include <xestimator/metrics/precision_recall.hpp>

#include "batches.hpp"

namespace xm = xest::metrics;

namespace
{
    constexpr std::size_t B = 5;
    constexpr std::size_t N = 33;

    struct binary_data
    {
        std::vector<float> labels; // N, 0 or 1
        std::vector<float> scores; // N, in [0, 1)
    };

    binary_data make_data()
    {
        test::lcg g{3};
        binary_data d;
        for (std::size_t i = 0; i < N; ++i)
        {
            float const y = static_cast<float>(g.below(2));
            d.labels.push_back(y);
            // Scores lean towards the label so that precision and recall are neither 0 nor 1.
            d.scores.push_back(static_cast<float>(0.6 * g.uniform() + 0.4 * y));
        }
        return d;
    }

    // Padding rows predict positive (0.99) with label `garbage_label`: false positives for
    // precision (label 0) or true positives for recall (label 1) if they were counted.
    template <class Acc>
    void feed(Acc& acc, binary_data const& d, float garbage_label)
    {
        xest::tensor<float, xest::shape<B, 1>> y;
        xest::tensor<float, xest::shape<B, 1>> p;
        std::size_t first = 0;
        for (std::size_t rows : test::batch_rows(N, B))
        {
            test::fill(y, d.labels, first, rows, garbage_label);
            test::fill(p, d.scores, first, rows, 0.99f);
            acc.update(rows, y, p);
            first += rows;
        }
    }

    struct counts
    {
        double tp = 0, fp = 0, fn = 0;
    };
    counts count(binary_data const& d, double threshold)
    {
        counts c;
        for (std::size_t i = 0; i < N; ++i)
        {
            bool const y = d.labels[i] != 0.0f;
            bool const p = d.scores[i] > threshold;
            c.tp += y && p;
            c.fp += !y && p;
            c.fn += y && !p;
        }
        return c;
    }
}

TEST_CASE("precision and recall at the default and at a chosen threshold")
{
    auto const d = make_data();
    for (double threshold : {0.5, 0.7})
    {
        CAPTURE(threshold);
        counts const c = count(d, threshold);
        REQUIRE(c.tp > 0);
        REQUIRE(c.fp + c.fn > 0);
        xm::accumulators::precision p(threshold);
        feed(p, d, 0.0f);
        CHECK(p.result() == doctest::Approx(c.tp / (c.tp + c.fp)).epsilon(1e-12));
        xm::accumulators::recall r(threshold);
        feed(r, d, 1.0f);
        CHECK(r.result() == doctest::Approx(c.tp / (c.tp + c.fn)).epsilon(1e-12));
    }
}

TEST_CASE("precision and recall without positives are 0, labels are positive when non-zero")
{
    CHECK(xm::accumulators::precision{}.result() == 0.0);
    CHECK(xm::accumulators::recall{}.result() == 0.0);

    xest::tensor<std::int32_t, xest::shape<4>> y = {2, 0, -1, 0};
    xest::tensor<float, xest::shape<4>> p = {0.9f, 0.2f, 0.1f, 0.6f};
    xm::accumulators::precision pr;
    pr.update(4, y, p);
    CHECK(pr.result() == doctest::Approx(0.5)); // tp = 1 (row 0), fp = 1 (row 3)
    xm::accumulators::recall re;
    re.update(4, y, p);
    CHECK(re.result() == doctest::Approx(0.5)); // fn = 1 (row 2)
}

TEST_CASE("precision and recall factories keep the threshold")
{
    struct e
    {
    };
    auto m = xm::precision(e{}, e{}, 0.25);
    CHECK(m.make_accumulator().threshold() == 0.25);
    CHECK(xm::recall(e{}, e{}).accumulator.threshold() == 0.5);
}
