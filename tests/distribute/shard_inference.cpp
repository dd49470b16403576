// evaluate() and predict() over a distribute::shard (docs/distributed.md), run with `mpirun -np 2`:
//  - evaluate(shard) gives every rank the loss, example count and metrics of evaluate(whole input)
//    with the same params, to 1e-12 relative, with 1000 examples in batches of 32 (the last group's
//    second batch is partial) and of 48 (the last group has rank 0's partial batch only), and with
//    20 examples (rank 1 has no example at all); `steps` counts groups of the whole input;
//  - predict(shard) gives each rank the rows of its batches r, r + 2, ...; gathered on rank 0 and
//    put in global order they are predict(whole input), bitwise;
//  - a metric that raises on one rank only makes evaluate() raise on every rank, nobody hangs.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <type_traits>
#include <vector>

#include "distribute_test_support.hpp"

namespace
{
    /// W2 with every kind of metric state: counts, per-class arrays, bucket arrays, a mean.
    struct scored_mlp
    {
        xest::nn::dense<64, 32, xest::nn::relu, "hidden"> hidden;
        xest::nn::dense<32, 10, xest::nn::linear, "logits"> out;

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            namespace xm = xest::metrics;
            auto logits = out(hidden(features));
            // A label counts as positive for the AUCs when it is not class 0.
            auto not_class_0 = 1.0f - xest::slice<0, 1>(xest::softmax(logits));
            return xest::spec(mode)
                .loss(xest::losses::sparse_softmax_cross_entropy(labels, logits))
                .predictions(logits)
                .eval_metric("accuracy", xm::accuracy(labels, logits))
                .eval_metric("top_3_accuracy", xm::top_k_accuracy<3>(labels, logits))
                .eval_metric("mean_per_class_accuracy", xm::mean_per_class_accuracy<10>(labels, logits))
                .eval_metric("auc", xm::auc(labels, not_class_0))
                .eval_metric("auc_precision_recall", xm::auc_precision_recall(labels, not_class_0))
                .eval_metric("mean_not_class_0", xm::mean(not_class_0));
        }
    };

    /// Refuses a partial batch: only the rank that holds the input's last batch raises.
    struct refuses_partial_batches
    {
        static constexpr std::size_t batch = 48;
        double rows = 0.0;

        void reset() noexcept { rows = 0.0; }
        template <class L>
        void update(std::size_t r, L const&)
        {
            if (r < batch)
            {
                xest::raise<xest::input_error>("refuses_partial_batches: a partial batch");
            }
            rows += static_cast<double>(r);
        }
        double result() const noexcept { return rows; }
        template <class F>
        void visit_sums(F&& f)
        {
            f(rows);
        }
    };

    struct failing_model
    {
        xest::nn::dense<64, 10, xest::nn::linear, "logits"> out;

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            auto logits = out(features);
            return xest::spec(mode)
                .loss(xest::losses::sparse_softmax_cross_entropy(labels, logits))
                .predictions(logits)
                .eval_metric("rows", xest::metrics::metric<refuses_partial_batches, std::remove_cvref_t<decltype(labels)>>{
                                         {labels}, {}});
        }
    };

    using estimator = xest::distribute::mpi_estimator<scored_mlp, xest::optim::adam>;
    char const* const metric_names[] = {"accuracy", "top_3_accuracy", "mean_per_class_accuracy",
                                        "auc",      "auc_precision_recall", "mean_not_class_0"};

    bool close(double a, double b) { return std::abs(a - b) <= 1e-12 * std::max(std::abs(a), std::abs(b)); }

    /// The values of a result in a fixed order: loss, examples, then the metrics.
    std::vector<double> values_of(xest::eval_result const& r)
    {
        std::vector<double> v{r.loss, static_cast<double>(r.num_examples)};
        for (char const* name : metric_names)
        {
            v.push_back(r[name]);
        }
        return v;
    }

    bool all_close(std::vector<double> const& a, std::vector<double> const& b)
    {
        bool ok = a.size() == b.size();
        for (std::size_t i = 0; ok && i < a.size(); ++i)
        {
            ok = close(a[i], b[i]);
        }
        return ok;
    }

    std::vector<double> rank0_values(std::vector<double> v)
    {
        MPI_Bcast(v.data(), static_cast<int>(v.size()), MPI_DOUBLE, 0, MPI_COMM_WORLD);
        return v;
    }

    /// evaluate(shard) on every rank against evaluate(whole) with the same params.
    template <std::size_t B>
    void check_evaluate(estimator& est, xest_test::dataset const& d, int rank, int size, xest_test::checks& check,
                        std::string const& what)
    {
        auto whole = xest::inputs::from_arrays<B, 64>(d.x, d.y);
        auto const expected = values_of(est.evaluate(whole));
        auto all = xest::inputs::from_arrays<B, 64>(d.x, d.y);
        xest::distribute::shard mine(all, rank, size);
        auto const got = values_of(est.evaluate(mine));
        std::fprintf(stderr, "rank %d: %s: whole loss %.17g accuracy %.6g auc %.6g; shard loss %.17g, %g examples\n", rank,
                     what.c_str(), expected[0], expected[2], expected[5], got[0], got[1]);
        check(got[1] == static_cast<double>(d.y.size()), (what + ": evaluate(shard) counts every example").c_str());
        check(all_close(got, expected), (what + ": evaluate(shard) == evaluate(whole) to 1e-12").c_str());
        check(xest_test::all_ranks(all_close(rank0_values(got), got)), (what + ": the same result on every rank").c_str());
    }

    /// predict(shard) on every rank, gathered on rank 0 in global order, against predict(whole).
    template <std::size_t B>
    void check_predict(estimator& est, xest_test::dataset const& d, int rank, int size, xest_test::checks& check,
                       std::string const& what)
    {
        auto whole = xest::inputs::from_arrays<B, 64>(d.x, d.y);
        auto const expected = est.predict(whole);
        auto all = xest::inputs::from_arrays<B, 64>(d.x, d.y);
        xest::distribute::shard mine(all, rank, size);
        auto const rows = est.predict(mine);

        std::vector<float> flat;
        for (auto const& r : rows)
        {
            flat.insert(flat.end(), r.data(), r.data() + 10);
        }
        int const count = static_cast<int>(flat.size());
        std::vector<int> counts(static_cast<std::size_t>(size));
        MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
        std::vector<int> offsets(static_cast<std::size_t>(size), 0);
        for (std::size_t r = 1; r < offsets.size(); ++r)
        {
            offsets[r] = offsets[r - 1] + counts[r - 1];
        }
        std::vector<float> gathered(rank == 0 ? static_cast<std::size_t>(offsets.back() + counts.back()) : 0);
        MPI_Gatherv(flat.data(), count, MPI_FLOAT, gathered.data(), counts.data(), offsets.data(), MPI_FLOAT, 0, MPI_COMM_WORLD);

        bool ok = true;
        if (rank == 0)
        {
            // Row i of rank r is in its batch i / B, which is batch (i / B) * size + r of the input.
            std::vector<int> seen(expected.size(), 0);
            for (int r = 0; r < size; ++r)
            {
                std::size_t const n = static_cast<std::size_t>(counts[static_cast<std::size_t>(r)]) / 10;
                for (std::size_t i = 0; i < n; ++i)
                {
                    std::size_t const example = ((i / B) * static_cast<std::size_t>(size) + static_cast<std::size_t>(r)) * B + i % B;
                    if (example >= expected.size())
                    {
                        ok = false;
                        continue;
                    }
                    ++seen[example];
                    float const* got = gathered.data() + offsets[static_cast<std::size_t>(r)] + i * 10;
                    for (std::size_t k = 0; k < 10; ++k)
                    {
                        ok = ok && got[k] == expected[example].data()[k];
                    }
                }
            }
            for (int s : seen)
            {
                ok = ok && s == 1;
            }
            std::fprintf(stderr, "rank 0: %s: predict rows per rank %d, %d of %zu\n", what.c_str(), counts[0] / 10,
                         counts[1] / 10, expected.size());
        }
        check(xest_test::all_ranks(ok),
              (what + ": predict(shard) rows of every rank, in global order, == predict(whole), bitwise").c_str());
    }
}

int main(int argc, char** argv)
{
    xest::distribute::environment env(argc, argv);
    xest_test::checks check{.rank = env.rank()};
    if (env.size() != 2)
    {
        std::fprintf(stderr, "usage: mpirun -np 2 %s (got %d ranks)\n", argv[0], env.size());
        return 1;
    }
    int const rank = env.rank();
    int const size = env.size();
    auto const d = xest_test::make_dataset(1000);  // not a multiple of 2 x 32 nor of 2 x 48

    // Params worth evaluating: 60 data-parallel steps (the same params on both ranks).
    estimator est({.random_seed = 3, .log_step_count_steps = 0}, xest::optim::adam{.learning_rate = 1e-2f});
    {
        auto all = xest::inputs::from_arrays<32, 64>(d.x, d.y, {.num_epochs = xest::repeat, .shuffle = true, .seed = 7});
        xest::distribute::shard mine(all, rank, size);
        est.train(mine, xest::steps{60});
    }

    check_evaluate<32>(est, d, rank, size, check, "1000 examples, B = 32 (batch 31, rank 1's, has 8 rows)");
    check_evaluate<48>(est, d, rank, size, check, "1000 examples, B = 48 (batch 20, rank 0's, has 40 rows; rank 1 none)");
    auto const tiny = xest_test::make_dataset(20);
    check_evaluate<32>(est, tiny, rank, size, check, "20 examples, B = 32 (rank 1 has no example)");

    // steps = 3 groups of 2 x 32 examples: the first 6 batches of the whole input.
    {
        auto whole = xest::inputs::from_arrays<32, 64>(d.x, d.y);
        auto const expected = values_of(est.evaluate(whole, xest::steps{6}));
        auto all = xest::inputs::from_arrays<32, 64>(d.x, d.y);
        xest::distribute::shard mine(all, rank, size);
        auto const got = values_of(est.evaluate(mine, xest::steps{3}));
        check(got[1] == 192.0 && all_close(got, expected), "evaluate(shard, steps{3}) == evaluate(whole, steps{6})");
    }

    check_predict<32>(est, d, rank, size, check, "1000 examples, B = 32");
    check_predict<48>(est, d, rank, size, check, "1000 examples, B = 48");
    check_predict<32>(est, tiny, rank, size, check, "20 examples, B = 32");

    // A metric raising on one rank (rank 0 holds the partial batch 20 of 48-row batches): that
    // rank rethrows its own error after the allreduce, the other raises naming the failure.
    {
        xest::distribute::mpi_estimator<failing_model, xest::optim::adam> failing({.log_step_count_steps = 0}, xest::optim::adam{});
        auto all = xest::inputs::from_arrays<refuses_partial_batches::batch, 64>(d.x, d.y);
        xest::distribute::shard mine(all, rank, size);
        std::string message;
        try
        {
            failing.evaluate(mine);
        }
        catch (xest::input_error const& e)
        {
            message = e.what();
        }
        std::fprintf(stderr, "rank %d: evaluate() with a failing rank raised: %s\n", rank, message.c_str());
        bool const expected = rank == 0 ? message.find("refuses_partial_batches") != std::string::npos
                                        : message.find("1 other process(es) failed") != std::string::npos;
        check(expected, "a metric raising on rank 0 only: every rank raises, none waits");
    }

    bool const passed = xest_test::all_ranks(check.failed == 0);
    if (rank == 0)
    {
        std::fprintf(stderr, passed ? "all checks passed\n" : "some checks FAILED\n");
    }
    return passed ? 0 : 1;
}
