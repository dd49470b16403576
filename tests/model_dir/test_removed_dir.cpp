// A model directory removed while training: the summaries must not go on into a file that no
// longer has a name. train() stops with io_error naming the file, and a later train() on a
// directory that exists again writes a new, readable event file.
#include <filesystem>

#include <doctest/doctest.h>

#include "model_dir_support.hpp"

namespace xe = xest;
using xest_test::linear_model;

TEST_CASE("model_dir removed while training: io_error names the event file, nothing is written to the lost file")
{
    xest_test::scratch_dir tmp;
    auto const dir = tmp / "model";
    auto const x = xest_test::seed_x();
    auto const y = xest_test::seed_y();
    auto in = xe::inputs::from_arrays<1>(x, y, {.num_epochs = xe::inputs::repeat});
    xe::estimator<linear_model, xe::optim::gradient_descent> est(
        {.model_dir = dir.string(), .save_summary_steps = 1, .save_checkpoints_secs = 0, .log_step_count_steps = 0,
         .summary_flush_secs = 0},
        {.learning_rate = 0.01f});
    auto remove_at_5 = [&](xe::step_info const& s)
    {
        if (s.step == 5)
        {
            std::filesystem::remove_all(dir);
        }
    };
    CHECK_THROWS_WITH_AS(est.train(in, xe::steps{20}, remove_at_5), doctest::Contains("was removed or replaced while training"),
                         xe::io_error);
    CHECK(est.global_step() < 20);
    // The run's end still saved the trained state: the directory holds that checkpoint (and no
    // event file, whose records went with the removed one).
    REQUIRE(est.latest_checkpoint().has_value());
    CHECK(*est.latest_checkpoint() == dir / ("model.ckpt-" + std::to_string(est.global_step()) + ".npz"));
    CHECK(xest_test::event_files(dir).empty());

    // Training goes on into a new event file that reads whole.
    est.train(in, xe::steps{3});
    auto const r = xest_test::read_events(dir);
    CHECK(r.exit_code == 0);
    CHECK(r.files == 1);
    CHECK(r.steps(".", "loss").size() == 3);
}
