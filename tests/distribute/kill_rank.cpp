// One run of the failure test (kill_rank.sh drives it): a data-parallel job with checkpoints
// every 20 steps in which rank KILL_RANK kills itself with SIGKILL after step KILL_STEP (-1: no
// rank dies). Rank 0 prints the step it starts from and a checksum of the final params.
//
//   mpirun -np 2 test_distribute_kill_rank MODEL_DIR KILL_RANK KILL_STEP MAX_STEPS
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "distribute_test_support.hpp"

namespace
{
    struct kill_at
    {
        int victim;
        int rank;
        std::int64_t step;

        void after_step(xest::step_info const& s)
        {
            if (rank == victim && s.step == step)
            {
                std::fprintf(stderr, "rank %d: killing itself (SIGKILL) after step %lld\n", rank, static_cast<long long>(s.step));
                std::fflush(stderr);
                std::raise(SIGKILL);
            }
        }
    };

    std::uint64_t checksum(std::vector<float> const& v)
    {
        std::uint64_t h = 1469598103934665603ull;  // FNV-1a over the bytes
        for (float f : v)
        {
            unsigned char bytes[sizeof f];
            std::memcpy(bytes, &f, sizeof f);
            for (unsigned char b : bytes)
            {
                h = (h ^ b) * 1099511628211ull;
            }
        }
        return h;
    }
}

int main(int argc, char** argv)
{
    xest::distribute::environment env(argc, argv);
    if (argc != 5)
    {
        std::fprintf(stderr, "usage: mpirun -np 2 %s MODEL_DIR KILL_RANK KILL_STEP MAX_STEPS\n", argv[0]);
        return 2;
    }
    auto const d = xest_test::make_dataset(1000);
    auto all = xest::inputs::from_arrays<32, 64>(d.x, d.y, {.num_epochs = xest::repeat, .shuffle = true, .seed = 7});
    xest::distribute::shard mine(all, env.rank(), env.size());
    xest::distribute::mpi_estimator<xest_test::mlp, xest::optim::adam> est(
        {.model_dir = argv[1], .save_checkpoints_steps = 20, .log_step_count_steps = 50}, xest::optim::adam{.learning_rate = 1e-3f});
    if (env.rank() == 0)
    {
        std::printf("start global_step %lld\n", static_cast<long long>(est.global_step()));
        std::fflush(stdout);
    }
    est.train(mine, xest::max_steps{std::atoll(argv[4])}, kill_at{std::atoi(argv[2]), env.rank(), std::atoll(argv[3])});
    if (env.rank() == 0)
    {
        std::printf("final global_step %lld checksum %016llx\n", static_cast<long long>(est.global_step()),
                    static_cast<unsigned long long>(checksum(xest_test::params_of(est))));
    }
    return 0;
}
