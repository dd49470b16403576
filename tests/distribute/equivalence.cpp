// Data-parallel training over MPI (docs/distributed.md), run with `mpirun -np 2`:
//  - 2 ranks x batch 32 give the params of 1 process x batch 64 after 200 steps (same data order);
//  - every rank holds the same params, bitwise, whatever its own random_seed;
//  - a run stopped after 120 steps and resumed from its checkpoint ends bitwise where an
//    uninterrupted run ends;
//  - a finite input ends on every rank at the same step; evaluate() agrees on every rank;
//  - a data-parallel step calls no operator new (except under AddressSanitizer, which owns it);
//  - a model of a few numbers (gradients in the loop's local copies, so packed into the
//    wrapper's buffer instead of summed in the gradient block) is equivalent too.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <utility>

#include "distribute_test_support.hpp"

#include "allocation_counter.hpp"

namespace
{
    /// The operator new calls from the end of the first step to end() (see tests/estimator/
    /// test_zero_allocation.cpp). What MPI allocates with malloc is not counted.
    struct allocation_window
    {
        long* result;
        long at_first_step = -1;

        void after_step(xest::step_info const&)
        {
            if (at_first_step < 0)
            {
                at_first_step = xest_test::allocations.load();
            }
        }
        void end(xest::step_info const&) { *result = xest_test::allocations.load() - at_first_step; }
    };

    constexpr std::size_t batch = 32;
    constexpr std::int64_t steps = 200;
    constexpr xest::inputs::options order{.num_epochs = xest::repeat, .shuffle = true, .seed = 7};

    template <class Optimizer>
    struct equivalence_result
    {
        double distributed_vs_single = 0.0;  ///< 2 ranks x 32 against 1 process x 64
        double shard_only_vs_single = 0.0;   ///< 1 rank x its own 32 (no averaging) against the same
    };

    template <class Optimizer>
    equivalence_result<Optimizer> compare(xest_test::dataset const& d, Optimizer optimizer, int rank, int size)
    {
        // The reference: one process, batches of 2 x 32, computed on every rank.
        auto whole = xest::inputs::from_arrays<2 * batch, 64>(d.x, d.y, order);
        xest::in_memory_estimator<xest_test::mlp, Optimizer> single({.random_seed = 3, .log_step_count_steps = 0}, optimizer);
        single.train(whole, xest::steps{steps});

        // Data parallel: each rank its shard of batches of 32; rank 1 starts from other params,
        // which the broadcast from rank 0 replaces.
        auto all = xest::inputs::from_arrays<batch, 64>(d.x, d.y, order);
        xest::distribute::shard mine(all, rank, size);
        xest::distribute::mpi_estimator<xest_test::mlp, Optimizer> parallel(
            {.random_seed = static_cast<std::uint64_t>(3 + rank), .log_step_count_steps = 0}, optimizer);
        parallel.train(mine, xest::steps{steps});

        // The control: the same shard without averaging.
        auto all2 = xest::inputs::from_arrays<batch, 64>(d.x, d.y, order);
        xest::distribute::shard mine2(all2, rank, size);
        xest::in_memory_estimator<xest_test::mlp, Optimizer> alone({.random_seed = 3, .log_step_count_steps = 0}, optimizer);
        alone.train(mine2, xest::steps{steps});

        auto const p = xest_test::params_of(parallel);
        return {xest_test::max_abs_difference(p, xest_test::params_of(single)),
                xest_test::max_abs_difference(xest_test::params_of(alone), xest_test::params_of(single))};
    }
}

namespace
{
    /// y = x·W + b: 3 numbers, which the training loop keeps in local copies.
    struct tiny
    {
        xest::param<"W", xest::shape<2, 1>> W{xest::init::zeros{}};
        xest::param<"b", xest::shape<1>> b{xest::init::zeros{}};

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            auto y = xest::matmul(features, W) + b;
            return xest::spec(mode).loss(xest::losses::mean_squared_error(labels, y)).predictions(y);
        }
    };

    /// {2 ranks x 4, 1 rank x 4 without averaging} against 1 process x 8, 200 steps.
    std::pair<double, double> compare_tiny(int rank, int size)
    {
        constexpr std::size_t n = 64;
        auto x = xt::xtensor<float, 2>::from_shape({n, 2});
        auto y = xt::xtensor<float, 1>::from_shape({n});
        for (std::size_t i = 0; i < n; ++i)
        {
            x(i, 0) = -1.0f + 2.0f * float(i % 8) / 7.0f;
            x(i, 1) = -1.0f + 2.0f * float(i / 8) / 7.0f;
            y(i) = 3.0f * x(i, 0) - 2.0f * x(i, 1) + 0.5f + 0.1f * float(i % 3);
        }
        xest::optim::gradient_descent const sgd{.learning_rate = 0.05f};
        auto whole = xest::inputs::from_arrays<8, 2>(x, y, order);
        xest::in_memory_estimator<tiny, xest::optim::gradient_descent> single({.log_step_count_steps = 0}, sgd);
        single.train(whole, xest::steps{steps});
        auto all = xest::inputs::from_arrays<4, 2>(x, y, order);
        xest::distribute::shard mine(all, rank, size);
        xest::distribute::mpi_estimator<tiny, xest::optim::gradient_descent> parallel({.log_step_count_steps = 0}, sgd);
        parallel.train(mine, xest::steps{steps});
        auto all2 = xest::inputs::from_arrays<4, 2>(x, y, order);
        xest::distribute::shard mine2(all2, rank, size);
        xest::in_memory_estimator<tiny, xest::optim::gradient_descent> alone({.log_step_count_steps = 0}, sgd);
        alone.train(mine2, xest::steps{steps});
        return {xest_test::max_abs_difference(xest_test::params_of(parallel), xest_test::params_of(single)),
                xest_test::max_abs_difference(xest_test::params_of(alone), xest_test::params_of(single))};
    }
}

int main(int argc, char** argv)
{
    xest::distribute::environment env(argc, argv);
    xest_test::checks check{.rank = env.rank()};
    if (env.size() != 2 || argc != 2)
    {
        std::fprintf(stderr, "usage: mpirun -np 2 %s SCRATCH_DIRECTORY (got %d ranks)\n", argv[0], env.size());
        return 1;
    }
    auto const d = xest_test::make_dataset(1000);

    // 1. Equivalence, with plain gradient descent and with Adam.
    {
        auto const sgd = compare(d, xest::optim::gradient_descent{.learning_rate = 0.1f}, env.rank(), env.size());
        auto const adam = compare(d, xest::optim::adam{.learning_rate = 1e-3f}, env.rank(), env.size());
        std::fprintf(stderr,
                     "rank %d: max |params(2 ranks x %zu) - params(1 x %zu)| after %lld steps: gradient descent %.3g, adam %.3g; "
                     "without the allreduce: %.3g, %.3g\n",
                     env.rank(), batch, 2 * batch, static_cast<long long>(steps), sgd.distributed_vs_single, adam.distributed_vs_single,
                     sgd.shard_only_vs_single, adam.shard_only_vs_single);
        check(sgd.distributed_vs_single <= 1e-5, "gradient descent: 2 ranks x 32 == 1 x 64 to 1e-5");
        check(adam.distributed_vs_single <= 1e-4, "adam: 2 ranks x 32 == 1 x 64 to 1e-4");
        // The comparison can fail: one rank's shard alone lands far away.
        check(sgd.shard_only_vs_single > 100 * sgd.distributed_vs_single && adam.shard_only_vs_single > 100 * adam.distributed_vs_single,
              "training on one shard without the allreduce differs by far more");
    }

    // 2. Same params on every rank, bitwise; resume from a checkpoint is bitwise.
    std::filesystem::path const dir = argv[1];
    if (env.rank() == 0)
    {
        std::filesystem::remove_all(dir);  // this test's own scratch directory
    }
    MPI_Barrier(MPI_COMM_WORLD);
    xest::run_config const config{.model_dir = dir.string(), .random_seed = 5, .log_step_count_steps = 0};
    using estimator = xest::distribute::mpi_estimator<xest_test::mlp, xest::optim::adam>;
    std::vector<float> straight;
    {
        xest::run_config in_memory = config;
        in_memory.model_dir.clear();
        auto all = xest::inputs::from_arrays<batch, 64>(d.x, d.y, order);
        xest::distribute::shard mine(all, env.rank(), env.size());
        estimator est(in_memory, xest::optim::adam{.learning_rate = 1e-3f});
        long allocations = -1;
        est.train(mine, xest::steps{steps}, allocation_window{&allocations});
        straight = xest_test::params_of(est);
        if constexpr (xest_test::allocation_counting)
        {
            std::fprintf(stderr, "rank %d: operator new calls in steps 2 to %lld: %ld\n", env.rank(), static_cast<long long>(steps),
                         allocations);
            check(allocations == 0, "no heap allocation (operator new) in a data-parallel step");
        }
        auto const p0 = xest_test::rank0_copy(straight);
        check(xest_test::all_ranks(std::memcmp(p0.data(), straight.data(), straight.size() * sizeof(float)) == 0),
              "every rank holds rank 0's params, bitwise");
        check(est.optimizer().allreduce_calls() == steps, "one allreduce per step");
    }
    {
        auto all = xest::inputs::from_arrays<batch, 64>(d.x, d.y, order);
        xest::distribute::shard mine(all, env.rank(), env.size());
        estimator est(config, xest::optim::adam{.learning_rate = 1e-3f});
        est.train(mine, xest::steps{120});
        check(est.latest_checkpoint().has_value() == (env.rank() == 0), "only rank 0 has a checkpoint");
    }
    check(xest_test::all_ranks(env.rank() != 0 || std::filesystem::exists(dir / "checkpoint")),
          "rank 0 wrote the model directory");
    {
        // A new process would see only the directory: a fresh input, a fresh estimator.
        auto all = xest::inputs::from_arrays<batch, 64>(d.x, d.y, order);
        xest::distribute::shard mine(all, env.rank(), env.size());
        estimator est(config, xest::optim::adam{.learning_rate = 1e-3f});
        check(est.global_step() == 120, "every rank resumes at the checkpoint's step");
        est.train(mine, xest::steps{steps - 120});
        check(xest_test::max_abs_difference(xest_test::params_of(est), straight) == 0.0,
              "120 steps, a checkpoint, a restart and 80 steps == 200 steps, bitwise");

        // evaluate(): every rank evaluates the whole input and gets the same result.
        auto eval_in = xest::inputs::from_arrays<64, 64>(d.x, d.y);
        auto const r = est.evaluate(eval_in);
        std::vector<float> mine_r{static_cast<float>(r.loss), static_cast<float>(r["accuracy"])};
        auto const r0 = xest_test::rank0_copy(mine_r);
        check(xest_test::all_ranks(r0 == mine_r), "evaluate() gives the same loss and accuracy on every rank");
    }

    // 3. A finite input ends on every rank together: 100 examples make one group of 2 x 32.
    {
        auto const small = xest_test::make_dataset(100);
        auto few = xest::inputs::from_arrays<batch, 64>(small.x, small.y);
        xest::distribute::shard mine(few, env.rank(), env.size());
        estimator est({.log_step_count_steps = 0}, xest::optim::adam{});
        auto const t = est.train(mine);
        check(t.steps == 1 && t.reason == xest::stop_reason::input_exhausted,
              "a finite input gives every rank the same number of steps (the incomplete last group is left out)");
    }

    // 4. The packed path: a model whose gradients are not in the program's gradient block.
    {
        auto const [distributed, shard_only] = compare_tiny(env.rank(), env.size());
        std::fprintf(stderr, "rank %d: 3-number model, max |params(2 ranks x 4) - params(1 x 8)|: %.3g; without the allreduce: %.3g\n",
                     env.rank(), distributed, shard_only);
        check(distributed <= 1e-5 && shard_only > 100 * distributed, "a model in local copies: 2 ranks x 4 == 1 x 8 to 1e-5");
    }

    bool const passed = xest_test::all_ranks(check.failed == 0);
    if (env.rank() == 0)
    {
        std::fprintf(stderr, passed ? "all checks passed\n" : "some checks FAILED\n");
    }
    return passed ? 0 : 1;
}
