// r_squared, auc_precision_recall and accuracy_baseline: values against hand-computed oracles,
// and streaming over padded batches equal to one pass.
#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include <xestimator/metrics/accuracy_baseline.hpp>
#include <xestimator/metrics/auc_precision_recall.hpp>
#include <xestimator/metrics/r_squared.hpp>

#include "batches.hpp"

namespace xm = xest::metrics;

namespace
{
    // Feeds a stream in batches of 3 (the last one partial, its padding rows set to garbage).
    template <class A>
    double stream(A a, std::vector<float> const& labels, std::vector<float> const& predictions)
    {
        xest::tensor<float, xest::shape<3, 1>> y;
        xest::tensor<float, xest::shape<3, 1>> p;
        a.reset();
        for (std::size_t first = 0; first < labels.size(); first += 3)
        {
            std::size_t const rows = std::min<std::size_t>(3, labels.size() - first);
            test::fill(y, labels, first, rows, 7.0f);
            test::fill(p, predictions, first, rows, -3.0f);
            a.update(rows, y, p);
        }
        return a.result();
    }
}

TEST_CASE("r_squared: 1 - SS_res / SS_tot over the whole stream")
{
    std::vector<float> const y{3.0f, -0.5f, 2.0f, 7.0f, 4.0f};
    std::vector<float> const p{2.5f, 0.0f, 2.0f, 8.0f, 4.5f};
    // mean 3.1; SS_tot = 0.01 + 12.96 + 1.21 + 15.21 + 0.81 = 30.2; SS_res = 0.25 + 0.25 + 0 + 1 + 0.25 = 1.75.
    CHECK(stream(xm::accumulators::r_squared{}, y, p) == doctest::Approx(1.0 - 1.75 / 30.2).epsilon(1e-12));
    CHECK(stream(xm::accumulators::r_squared{}, y, y) == doctest::Approx(1.0));
    // Predicting the mean gives 0; predicting worse than the mean is negative.
    std::vector<float> const m(5, 3.1f);
    CHECK(stream(xm::accumulators::r_squared{}, y, m) == doctest::Approx(0.0).epsilon(1e-6));
    CHECK(stream(xm::accumulators::r_squared{}, y, std::vector<float>(5, 10.0f)) < 0.0);
    // No values, or constant labels: 0.
    CHECK(xm::accumulators::r_squared{}.result() == 0.0);
    CHECK(stream(xm::accumulators::r_squared{}, std::vector<float>(4, 2.0f), p) == 0.0);
}

TEST_CASE("auc_precision_recall: keras' interpolated PR AUC")
{
    xm::accumulators::auc_precision_recall<> a;
    // Values from a plain transcription of keras' interpolate_pr_auc (200 float thresholds).
    CHECK(stream(a, {0, 1, 1, 0, 1}, {0.1f, 0.4f, 0.35f, 0.8f, 0.9f}) == doctest::Approx(0.7689509398133516).epsilon(1e-9));
    CHECK(stream(a, {0, 1, 1, 0, 1, 1, 0}, {0.1f, 0.4f, 0.4f, 0.8f, 0.9f, 0.05f, 0.6f}) ==
          doctest::Approx(0.6289741782465609).epsilon(1e-9));
    // Perfect ranking: 1. One score for every example: the positive rate (the precision everywhere).
    CHECK(stream(a, {1, 0, 1, 0}, {0.9f, 0.1f, 0.8f, 0.2f}) == doctest::Approx(1.0));
    CHECK(stream(a, {1, 0, 0, 0, 1, 0, 0, 0}, std::vector<float>(8, 0.5f)) == doctest::Approx(0.25));
    CHECK(xm::accumulators::auc_precision_recall<>{}.result() == 0.0);
}

TEST_CASE("accuracy_baseline: the majority class's share")
{
    xm::accumulators::accuracy_baseline a;
    xest::tensor<std::int32_t, xest::shape<4>> y{1, 1, 0, 1};
    a.update(4, y);
    CHECK(a.result() == doctest::Approx(0.75));
    xest::tensor<std::int32_t, xest::shape<4>> z{0, 0, 0, 1};
    a.update(2, z);  // two more zeros: 3 of 6
    CHECK(a.result() == doctest::Approx(0.5));
    a.reset();
    CHECK(a.result() == 0.0);
}
