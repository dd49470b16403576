#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include <xestimator/metrics/auc.hpp>

#include "batches.hpp"

namespace xm = xest::metrics;

namespace
{
    constexpr std::size_t B = 7;
    constexpr std::size_t N = 96;

    struct binary_data
    {
        std::vector<std::int32_t> labels;
        std::vector<float> scores;
    };

    binary_data make_data(std::uint64_t seed)
    {
        test::lcg g{seed};
        binary_data d;
        for (std::size_t i = 0; i < N; ++i)
        {
            int const y = g.below(2);
            d.labels.push_back(y);
            d.scores.push_back(static_cast<float>(0.7 * g.uniform() + 0.3 * y));
        }
        // Values on and next to thresholds, and at the ends of [0, 1].
        d.scores[0] = 0.0f;
        d.scores[1] = 1.0f;
        d.scores[2] = 0.5f;
        d.scores[3] = static_cast<float>(100.0 / 199.0);
        return d;
    }

    // TensorFlow's definition written out directly: every threshold, every example.
    double direct_auc(binary_data const& d, std::size_t num_thresholds)
    {
        std::vector<float> t(num_thresholds);
        t[0] = static_cast<float>(-1e-7);
        for (std::size_t i = 0; i + 2 < num_thresholds; ++i)
        {
            t[i + 1] = static_cast<float>((static_cast<double>(i) + 1.0) / static_cast<double>(num_thresholds - 1));
        }
        t[num_thresholds - 1] = static_cast<float>(1.0 + 1e-7);
        std::vector<double> tpr(num_thresholds), fpr(num_thresholds);
        for (std::size_t i = 0; i < num_thresholds; ++i)
        {
            double tp = 0, fn = 0, fp = 0, tn = 0;
            for (std::size_t k = 0; k < N; ++k)
            {
                bool const pos = d.scores[k] > t[i];
                if (d.labels[k] != 0)
                {
                    (pos ? tp : fn) += 1;
                }
                else
                {
                    (pos ? fp : tn) += 1;
                }
            }
            tpr[i] = tp + fn == 0 ? 0.0 : tp / (tp + fn);
            fpr[i] = fp + tn == 0 ? 0.0 : fp / (fp + tn);
        }
        double area = 0;
        for (std::size_t i = 0; i + 1 < num_thresholds; ++i)
        {
            area += (fpr[i] - fpr[i + 1]) * (tpr[i] + tpr[i + 1]) / 2;
        }
        return area;
    }

    // The exact (rank-based) AUC: probability that a positive outscores a negative.
    double exact_auc(binary_data const& d)
    {
        double wins = 0, pairs = 0;
        for (std::size_t a = 0; a < N; ++a)
        {
            for (std::size_t b = 0; b < N; ++b)
            {
                if (d.labels[a] != 0 && d.labels[b] == 0)
                {
                    pairs += 1;
                    wins += d.scores[a] > d.scores[b] ? 1.0 : d.scores[a] == d.scores[b] ? 0.5 : 0.0;
                }
            }
        }
        return wins / pairs;
    }

    template <class Acc>
    void feed(Acc& acc, binary_data const& d)
    {
        xest::tensor<std::int32_t, xest::shape<B>> y;
        xest::tensor<float, xest::shape<B>> p;
        std::size_t first = 0;
        for (std::size_t rows : test::batch_rows(N, B))
        {
            test::fill(y, d.labels, first, rows, std::int32_t{0});
            test::fill(p, d.scores, first, rows, 0.95f); // garbage false positives
            acc.update(rows, y, p);
            first += rows;
        }
    }
}

TEST_CASE("auc matches TensorFlow's thresholded trapezoidal sum")
{
    for (std::uint64_t seed : {1u, 2u, 3u})
    {
        CAPTURE(seed);
        auto const d = make_data(seed);
        xm::accumulators::auc<> a200;
        feed(a200, d);
        double const expected = direct_auc(d, 200);
        CHECK(a200.result() == doctest::Approx(expected).epsilon(1e-12));
        // The discretised value is close to the exact one but not equal to it.
        CHECK(a200.result() == doctest::Approx(exact_auc(d)).epsilon(0.02));

        xm::accumulators::auc<7> a7;
        feed(a7, d);
        CHECK(a7.result() == doctest::Approx(direct_auc(d, 7)).epsilon(1e-12));
        CHECK(a7.result() != doctest::Approx(a200.result()).epsilon(1e-6));
    }
}

TEST_CASE("auc of perfect, inverted and empty predictions")
{
    xest::tensor<float, xest::shape<4, 1>> y = {{0.0f}, {1.0f}, {0.0f}, {1.0f}};
    xest::tensor<float, xest::shape<4, 1>> good = {{0.1f}, {0.9f}, {0.2f}, {0.8f}};
    xest::tensor<float, xest::shape<4, 1>> bad = {{0.9f}, {0.1f}, {0.8f}, {0.2f}};
    xm::accumulators::auc<> a;
    a.update(4, y, good);
    CHECK(a.result() == doctest::Approx(1.0));
    a.reset();
    a.update(4, y, bad);
    CHECK(a.result() == doctest::Approx(0.0));
    a.reset();
    CHECK(a.result() == 0.0);
    // Thresholds as TensorFlow lays them out.
    constexpr auto t = xm::accumulators::auc<5>::thresholds();
    CHECK(t[0] == static_cast<float>(-1e-7));
    CHECK(t[1] == 0.25f);
    CHECK(t[3] == 0.75f);
    CHECK(t[4] == static_cast<float>(1.0 + 1e-7));
}

TEST_CASE("auc factory")
{
    struct e
    {
    };
    static_assert(decltype(xm::auc(e{}, e{}))::accumulator_type::num_thresholds == 200);
    static_assert(decltype(xm::auc<50>(e{}, e{}))::accumulator_type::num_thresholds == 50);
}
