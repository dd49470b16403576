// W3 (784-256-256-10, batches of 64 per rank, Adam) trained data-parallel over MPI: examples per
// second of the job, the compute and allreduce time of a step, and the allreduce of the same
// message alone (mean, and minimum: the transfer without scheduling waits). Run by benchmarks/distribute/run.sh with 1 and 2 ranks.
// -DXEST_W3_BATCH=B trains with B examples per rank instead of W3's 64 (more compute per
// message).
//
//   mpirun -np R w3_scaling [STEPS]
//
// Prints one line per quantity, prefixed "RESULT", from rank 0. Wall times are the slowest
// rank's; CPU times (this rank's thread) are the mean over ranks, and tell what the step costs
// when the cores are not shared with other work.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <vector>

#include <xestimator/distribute/mpi.hpp>
#include <xestimator/xestimator.hpp>

#ifndef XEST_W3_BATCH
#define XEST_W3_BATCH 64
#endif

namespace
{
    struct w3
    {
        xest::nn::dense<784, 256, xest::nn::relu, "l1"> l1;
        xest::nn::dense<256, 256, xest::nn::relu, "l2"> l2;
        xest::nn::dense<256, 10, xest::nn::linear, "l3"> l3;

        template <class Mode>
        auto operator()(auto const& x, auto const& y, Mode m) const
        {
            auto logits = l3(l2(l1(x)));
            return xest::spec(m).loss(xest::losses::sparse_softmax_cross_entropy(y, logits)).predictions(logits);
        }
    };

    double cpu_seconds()
    {
        timespec t{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
    }

    double max_over_ranks(double x)
    {
        double m = 0;
        MPI_Allreduce(&x, &m, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
        return m;
    }

    double mean_over_ranks(double x, int size)
    {
        double s = 0;
        MPI_Allreduce(&x, &s, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
        return s / size;
    }
}

int main(int argc, char** argv)
{
    xest::distribute::environment env(argc, argv);
    std::int64_t const steps = argc > 1 ? std::atoll(argv[1]) : 300;
    constexpr std::size_t batch = XEST_W3_BATCH;
    constexpr std::size_t n = 4096;
    std::mt19937 gen(1);
    std::uniform_real_distribution<float> u(0.0f, 1.0f);
    auto x = xt::xtensor<float, 2>::from_shape({n, 784});
    auto y = xt::xtensor<std::int32_t, 1>::from_shape({n});
    for (std::size_t i = 0; i < n; ++i)
    {
        for (std::size_t j = 0; j < 784; ++j)
        {
            x(i, j) = u(gen);
        }
        y(i) = static_cast<std::int32_t>(i % 10);
    }
    auto all = xest::inputs::from_arrays<batch, 784>(x, y, {.num_epochs = xest::repeat, .shuffle = true, .seed = 1});
    xest::distribute::shard mine(all, env.rank(), env.size());
    using estimator = xest::distribute::mpi_estimator<w3, xest::optim::adam>;
    estimator est({.log_step_count_steps = 0, .check_nan = false}, xest::optim::adam{.learning_rate = 1e-4f});

    est.train(mine, xest::steps{20});  // warm-up: caches, pages, the first allreduces
    MPI_Barrier(MPI_COMM_WORLD);
    double const ar0 = est.optimizer().allreduce_seconds();
    double const cpu0 = cpu_seconds();
    double const wall0 = MPI_Wtime();
    est.train(mine, xest::steps{steps});
    double const wall = MPI_Wtime() - wall0;
    double const cpu = cpu_seconds() - cpu0;
    double const allreduce = est.optimizer().allreduce_seconds() - ar0;

    // The allreduce alone, on the same message, as the step sends it.
    std::size_t const floats = estimator::optimizer_type::message_floats;
    std::vector<float> message(floats, 1.0f);
    // The minimum is the transfer itself (both ranks running); the mean adds the waits for a
    // rank the operating system has not scheduled.
    int const alone_reps = 100;
    double alone = 0.0;
    double alone_min = 1e30;
    MPI_Barrier(MPI_COMM_WORLD);
    for (int i = 0; i < alone_reps && env.size() > 1; ++i)
    {
        double const t0 = MPI_Wtime();
        MPI_Allreduce(MPI_IN_PLACE, message.data(), static_cast<int>(floats), MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
        double const t = MPI_Wtime() - t0;
        alone += t / alone_reps;
        alone_min = std::min(alone_min, t);
    }

    double const wall_max = max_over_ranks(wall);
    double const cpu_mean = mean_over_ranks(cpu, env.size());
    double const allreduce_mean = mean_over_ranks(allreduce, env.size());
    double const alone_max = max_over_ranks(alone);
    double const alone_min_max = max_over_ranks(alone_min);
    double const compute = mean_over_ranks(wall - allreduce, env.size());
    if (env.rank() == 0)
    {
        double const examples = double(steps) * double(batch) * env.size();
        std::printf("RESULT ranks=%d steps=%lld batch_per_rank=%zu\n", env.size(), static_cast<long long>(steps), batch);
        std::printf("RESULT examples_per_sec %.1f\n", examples / wall_max);
        std::printf("RESULT step_ms %.3f\n", 1e3 * wall_max / double(steps));
        std::printf("RESULT cpu_ms_per_step %.3f\n", 1e3 * cpu_mean / double(steps));
        std::printf("RESULT compute_ms_per_step %.3f\n", 1e3 * compute / double(steps));
        std::printf("RESULT allreduce_ms_per_step %.3f\n", 1e3 * allreduce_mean / double(steps));
        std::printf("RESULT allreduce_share %.3f\n", allreduce_mean / wall_max);
        std::printf("RESULT allreduce_alone_ms %.3f\n", env.size() > 1 ? 1e3 * alone_max : 0.0);
        std::printf("RESULT allreduce_alone_min_ms %.3f\n", env.size() > 1 ? 1e3 * alone_min_max : 0.0);
        std::printf("RESULT message_bytes %zu\n", floats * sizeof(float));
    }
    return 0;
}
