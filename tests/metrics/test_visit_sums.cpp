// visit_sums: every accumulator's state is a set of sums, so the states of accumulators that saw
// disjoint rows add up to the state of one that saw them all (what evaluate() over a
// distribute::shard relies on). Values are multiples of 1/4, so every sum is exact and the
// comparison is exact too.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include <xestimator/metrics.hpp>

#include "batches.hpp"

namespace xm = xest::metrics;

namespace
{
    constexpr std::size_t B = 7;
    constexpr std::size_t N = 52; // 7 full batches and a partial one of 3 rows
    constexpr std::size_t C = 4;

    struct data
    {
        std::vector<std::int32_t> classes;  // class ids in [0, C)
        std::vector<float> scores;          // C per example
        std::vector<std::int32_t> binary;   // 0 or 1
        std::vector<float> probability;     // in [0, 1)
        std::vector<float> target;          // regression labels, multiples of 1/4
        std::vector<float> estimate;        // regression predictions, multiples of 1/4
    };

    data make_data()
    {
        test::lcg g{2024};
        data d;
        for (std::size_t i = 0; i < N; ++i)
        {
            d.classes.push_back(g.below(int(C)));
            for (std::size_t c = 0; c < C; ++c)
            {
                d.scores.push_back(static_cast<float>(g.uniform()));
            }
            d.binary.push_back(g.below(2));
            d.probability.push_back(static_cast<float>(g.uniform()));
            d.target.push_back(static_cast<float>(g.below(17)) * 0.25f - 2.0f);
            d.estimate.push_back(static_cast<float>(g.below(17)) * 0.25f - 2.0f);
        }
        return d;
    }

    data const& the_data()
    {
        static data const d = make_data();
        return d;
    }

    template <class Acc>
    std::vector<double> sums_of(Acc& a)
    {
        std::vector<double> v;
        a.visit_sums([&](double& x) { v.push_back(x); });
        return v;
    }

    // Feeds the batches to `whole`, and alternately to two halves as two ranks would take
    // them; the halves' summed state must be the whole's, and so must the result.
    template <class Acc, class Update>
    void check_reducible(Acc const& fresh, Update update)
    {
        static_assert(xm::reducible_accumulator<Acc>);
        Acc whole = fresh;
        Acc even = fresh;
        Acc odd = fresh;
        std::size_t k = 0;
        for (std::size_t first = 0; first < N; first += B, ++k)
        {
            std::size_t const rows = std::min(B, N - first);
            update(whole, first, rows);
            update(k % 2 == 0 ? even : odd, first, rows);
        }
        auto const a = sums_of(even);
        auto const b = sums_of(odd);
        REQUIRE(a.size() == b.size());
        REQUIRE(!a.empty());
        Acc combined = fresh;
        std::size_t i = 0;
        combined.visit_sums(
            [&](double& x)
            {
                x = a[i] + b[i];
                ++i;
            });
        CHECK(i == a.size());
        CHECK(sums_of(combined) == sums_of(whole));
        CHECK(combined.result() == whole.result());
        // The halves alone are not the whole (the check could fail).
        CHECK(sums_of(even) != sums_of(whole));
    }

    using class_batch = xt::xtensor_fixed<std::int32_t, xt::xshape<B>>;
    using score_batch = xt::xtensor_fixed<float, xt::xshape<B, C>>;
    using value_batch = xt::xtensor_fixed<float, xt::xshape<B, 1>>;
    using label_batch = xt::xtensor_fixed<float, xt::xshape<B, 1>>;

    // update(rows, class ids, scores)
    auto classification = [](auto& acc, std::size_t first, std::size_t rows)
    {
        class_batch y;
        score_batch p;
        test::fill(y, the_data().classes, first, rows, std::int32_t{0});
        test::fill(p, the_data().scores, first, rows, 0.0f);
        acc.update(rows, y, p);
    };

    // update(rows, binary labels, probabilities)
    auto binary = [](auto& acc, std::size_t first, std::size_t rows)
    {
        label_batch y;
        value_batch p;
        test::fill(y, the_data().binary, first, rows, 7.0f);
        test::fill(p, the_data().probability, first, rows, 0.9f);
        acc.update(rows, y, p);
    };

    // update(rows, regression labels, predictions)
    auto regression = [](auto& acc, std::size_t first, std::size_t rows)
    {
        label_batch y;
        value_batch p;
        test::fill(y, the_data().target, first, rows, 100.0f);
        test::fill(p, the_data().estimate, first, rows, -100.0f);
        acc.update(rows, y, p);
    };
}

TEST_CASE("visit_sums: classification accumulators add up over split rows")
{
    check_reducible(xm::accumulators::accuracy{}, classification);
    check_reducible(xm::accumulators::mean_per_class_accuracy<C>{}, classification);
    check_reducible(xm::accumulators::top_k_accuracy<2>{}, classification);
    check_reducible(xm::accumulators::accuracy_baseline{},
                    [](auto& acc, std::size_t first, std::size_t rows)
                    {
                        label_batch y;
                        test::fill(y, the_data().binary, first, rows, 1.0f);
                        acc.update(rows, y);
                    });
}

TEST_CASE("visit_sums: binary accumulators add up over split rows (settings are kept, not summed)")
{
    check_reducible(xm::accumulators::auc<>{}, binary);
    check_reducible(xm::accumulators::auc<13>{}, binary);
    check_reducible(xm::accumulators::auc_precision_recall<>{}, binary);
    check_reducible(xm::accumulators::precision{0.3}, binary);
    check_reducible(xm::accumulators::recall{0.3}, binary);
    xm::accumulators::precision p{0.3};
    p.visit_sums([](double& x) { x = 1.0; });
    CHECK(p.threshold() == 0.3);
}

TEST_CASE("visit_sums: averaging accumulators add up over split rows")
{
    check_reducible(xm::accumulators::mean{},
                    [](auto& acc, std::size_t first, std::size_t rows)
                    {
                        value_batch v;
                        test::fill(v, the_data().target, first, rows, 1e6f);
                        acc.update(rows, v);
                    });
    check_reducible(xm::accumulators::mean_squared_error{}, regression);
    check_reducible(xm::accumulators::root_mean_squared_error{}, regression);
    check_reducible(xm::accumulators::mean_absolute_error{}, regression);
    check_reducible(xm::accumulators::r_squared{}, regression);
}
