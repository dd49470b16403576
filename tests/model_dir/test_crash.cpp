// A training process killed at a random instant leaves a model directory that a new estimator
// restores without error, and training continues exactly as if it had never stopped.
#include <doctest/doctest.h>

#include <random>

#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model_dir_support.hpp"

namespace xe = xest;

namespace
{
    using model_type = xest_test::mixed_model<4>;
    using adam_estimator = xe::estimator<model_type, xe::optim::adam>;

    xe::run_config config_for(std::filesystem::path const& dir)
    {
        return {.model_dir = dir.string(), .random_seed = 2, .save_summary_steps = 7, .save_checkpoints_steps = 5,
                .keep_checkpoint_max = 3, .log_step_count_steps = 0};
    }
}

TEST_CASE("a process killed during training: a new estimator restores the latest checkpoint and continues exactly")
{
    xest_test::scratch_dir tmp;
    auto const dir = tmp / "model";
    auto const data = xest_test::two_feature_data(20);
    auto const& x = data.first;
    auto const& y = data.second;
    auto make_input = [&] {
        return xe::inputs::from_arrays<3, 2>(x, y, {.num_epochs = xe::inputs::repeat, .shuffle = true, .seed = 3});
    };
    xe::optim::adam const opt{.learning_rate = 0.02f};

    std::mt19937 rng(20240611);
    std::uniform_int_distribution<int> delay_us(2000, 80000);
    int rounds_with_progress = 0;
    int rounds_with_leftovers = 0;
    std::int64_t previous = 0;
    for (int round = 0; round < 10; ++round)
    {
        std::fflush(nullptr); // the child must not repeat buffered output
        pid_t const pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0)
        {
            try
            {
                auto in = make_input();
                adam_estimator child(config_for(dir), opt);
                child.train(in, xe::steps{std::int64_t{1} << 40});
            }
            catch (...)
            {
                ::_exit(1);
            }
            ::_exit(0);
        }
        ::usleep(static_cast<useconds_t>(delay_us(rng)));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        REQUIRE_MESSAGE(WIFSIGNALED(status), "the training process stopped by itself in round " << round);

        for (auto const& n : xest_test::listing(dir))
        {
            rounds_with_leftovers += n.find(".tmp-") != std::string::npos ? 1 : 0;
        }
        auto const latest = xe::io::checkpoint_manager(dir, 0).latest();
        std::int64_t const expected = latest ? *xe::io::checkpoint_manager::step_of(*latest) : 0;
        INFO("round " << round << ", latest checkpoint step " << expected);

        xest_test::stderr_capture err;
        auto in = make_input();
        std::optional<adam_estimator> est;
        REQUIRE_NOTHROW(est.emplace(config_for(dir), opt));
        std::string const warnings = err.text();
        CHECK(warnings.find("WARNING") == std::string::npos); // the newest checkpoint is intact
        CHECK(est->global_step() == expected);
        if (latest)
        {
            auto const entries = xe::io::checkpoint_manager::load(*latest);
            CHECK(xest_test::entry_values(entries, "global_step") == std::vector<double>{double(expected)});
            CHECK(xest_test::variable(*est, "weights") == xest_test::entry_values(entries, "weights"));
        }
        rounds_with_progress += expected > previous ? 1 : 0;
        est->train(in, xe::steps{3});
        CHECK(est->global_step() == expected + 3);
        previous = est->global_step();
    }
    MESSAGE("rounds in which training progressed: " << rounds_with_progress << " of 10; temporaries left by a kill: "
                                                    << rounds_with_leftovers << "; final global_step " << previous);
    CHECK(rounds_with_progress >= 5);

    // Every restore was exact (params, adam's slots, input position): the run, killed ten times,
    // ends where an uninterrupted run to the same step ends.
    adam_estimator resumed(config_for(dir), opt);
    REQUIRE(resumed.global_step() == previous);
    auto in = make_input();
    adam_estimator straight(config_for(tmp / "straight"), opt);
    straight.train(in, xe::max_steps{previous});
    CHECK(xest_test::param_bytes(resumed) == xest_test::param_bytes(straight));

    // The event files the killed processes left are readable up to their last complete record.
    auto const r = xest_test::read_events(dir, true);
    CHECK(r.exit_code == 0);
    CHECK(r.errors == 0);
    CHECK_FALSE(r.steps(".", "loss").empty());
}
