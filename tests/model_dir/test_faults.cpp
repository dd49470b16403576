// Faults in a model directory: an unwritable path, a full disk while saving, a truncated event
// file, a corrupted newest checkpoint. Each leaves the directory usable.
#include <doctest/doctest.h>

#include "model_dir_support.hpp"

namespace xe = xest;
using xest_test::linear_model;

namespace
{
    using linear_estimator = xe::estimator<linear_model, xe::optim::gradient_descent>;
    using model_type = xest_test::mixed_model<4>;
    using adam_estimator = xe::estimator<model_type, xe::optim::adam>;

    /// Resets the injected write failures even when a check fails.
    struct no_injected_failures
    {
        ~no_injected_failures() { xe::io::detail::fail_next_writes = 0; }
    };

    bool has_temporaries(std::filesystem::path const& dir)
    {
        for (auto const& n : xest_test::listing(dir))
        {
            if (n.find(".tmp-") != std::string::npos)
            {
                return true;
            }
        }
        return false;
    }
}

TEST_CASE("an unwritable model_dir (a path under a regular file) raises io_error naming it when the estimator is built")
{
    xest_test::scratch_dir tmp;
    xest_test::write_bytes(tmp / "file", "not a directory");
    auto const bad = tmp / "file" / "sub";
    try
    {
        linear_estimator est({.model_dir = bad.string(), .log_step_count_steps = 0}, {.learning_rate = 0.01f});
        FAIL("the estimator accepted " << bad);
    }
    catch (xe::io_error const& e)
    {
        std::string const what = e.what();
        INFO(what);
        CHECK(what.find("'" + bad.string() + "'") != std::string::npos);
    }
    CHECK(xest_test::read_bytes(tmp / "file") == "not a directory");

    // A model_dir that is itself a regular file.
    try
    {
        linear_estimator est({.model_dir = (tmp / "file").string(), .log_step_count_steps = 0}, {.learning_rate = 0.01f});
        FAIL("the estimator accepted a regular file as model_dir");
    }
    catch (xe::io_error const& e)
    {
        CHECK(std::string(e.what()).find((tmp / "file").string()) != std::string::npos);
    }
}

TEST_CASE("disk full while writing a checkpoint: io_error, the previous checkpoint stays intact and the index's latest")
{
    no_injected_failures guard;
    xest_test::scratch_dir tmp;
    auto const dir = tmp / "model";
    auto const data = xest_test::two_feature_data(16);
    auto const& x = data.first;
    auto const& y = data.second;
    auto in = xe::inputs::from_arrays<4, 2>(x, y, {.num_epochs = xe::inputs::repeat, .shuffle = true, .seed = 1});
    xe::run_config const cfg{.model_dir = dir.string(), .save_summary_steps = 0, .save_checkpoints_steps = 10,
                             .log_step_count_steps = 0};
    adam_estimator est(cfg, {.learning_rate = 0.01f});
    est.train(in, xe::steps{10});
    auto const ckpt10 = xest_test::read_bytes(dir / "model.ckpt-10.npz");
    auto const index = xest_test::read_bytes(dir / "checkpoint");
    REQUIRE_FALSE(ckpt10.empty());

    xe::io::detail::fail_next_writes = 1; // the next write (the step-20 checkpoint) hits a full disk
    try
    {
        est.train(in, xe::steps{10});
        FAIL("train() went on although its checkpoint could not be written");
    }
    catch (xe::io_error const& e)
    {
        std::string const what = e.what();
        INFO(what);
        CHECK(what.find((dir / "model.ckpt-20.npz").string()) != std::string::npos);
        CHECK(what.find("No space left on device") != std::string::npos);
    }
    CHECK(xe::io::detail::fail_next_writes == 0);
    CHECK(est.global_step() == 20);
    CHECK_FALSE(std::filesystem::exists(dir / "model.ckpt-20.npz"));
    CHECK_FALSE(has_temporaries(dir));
    CHECK(xest_test::read_bytes(dir / "model.ckpt-10.npz") == ckpt10);
    CHECK(xest_test::read_bytes(dir / "checkpoint") == index);
    CHECK(*est.latest_checkpoint() == dir / "model.ckpt-10.npz");

    {
        // A new estimator restores the intact step-10 checkpoint.
        adam_estimator again(cfg, {.learning_rate = 0.01f});
        CHECK(again.global_step() == 10);
        auto const entries = xe::io::checkpoint_manager::load(dir / "model.ckpt-10.npz");
        CHECK(xest_test::variable(again, "weights") == xest_test::entry_values(entries, "weights"));
    }
    // With space again, the estimator that failed saves its step-20 state.
    CHECK(est.save_checkpoint() == dir / "model.ckpt-20.npz");
    adam_estimator after(cfg, {.learning_rate = 0.01f});
    CHECK(after.global_step() == 20);
    CHECK(xest_test::param_bytes(after) == xest_test::param_bytes(est));
}

TEST_CASE("a truncated event file: a new estimator starts a new file and every complete record stays readable")
{
    xest_test::scratch_dir tmp;
    auto const dir = tmp / "model";
    auto const x = xest_test::seed_x();
    auto const y = xest_test::seed_y();
    xe::run_config const cfg{.model_dir = dir.string(), .save_summary_steps = 1, .log_step_count_steps = 0};
    {
        auto in = xe::inputs::from_arrays<1>(x, y, {.num_epochs = xe::inputs::repeat});
        linear_estimator est(cfg, {.learning_rate = 0.01f});
        est.train(in, xe::steps{20});
    }
    auto const first = xest_test::event_files(dir);
    REQUIRE(first.size() == 1u);
    auto const intact = xest_test::read_events(dir);
    REQUIRE(intact.exit_code == 0);
    // Per step: loss, global_step/sec (from step 2) and training_loss, one record each.
    REQUIRE(intact.points.size() == 20u + 19u + 20u);

    // Cut the last record (training_loss at step 20) short, as a crash mid-write would.
    auto const size = std::filesystem::file_size(first[0]);
    std::filesystem::resize_file(first[0], size - 5);
    auto const cut = xest_test::read_events(dir);
    CHECK(cut.exit_code == 3); // the reader flags the truncation ...
    CHECK(cut.truncated);
    CHECK(cut.points.size() == intact.points.size() - 1); // ... and reads every complete record

    {
        auto in = xe::inputs::from_arrays<1>(x, y, {.num_epochs = xe::inputs::repeat});
        linear_estimator est(cfg, {.learning_rate = 0.01f});
        REQUIRE(est.global_step() == 20);
        est.train(in, xe::steps{10});
    }
    auto const files = xest_test::event_files(dir);
    REQUIRE(files.size() == 2u);
    CHECK(std::filesystem::file_size(first[0]) == size - 5); // never appended to

    auto const r = xest_test::read_events(dir, true);
    CHECK(r.exit_code == 0);
    CHECK(r.errors == 0);
    CHECK(r.truncated);
    CHECK(r.files == 2);
    std::vector<std::int64_t> all_steps(30);
    std::iota(all_steps.begin(), all_steps.end(), 1);
    CHECK(r.steps(".", "loss") == all_steps);
    std::vector<std::int64_t> without_20 = all_steps;
    without_20.erase(without_20.begin() + 19);
    CHECK(r.steps(".", "training_loss") == without_20);
    CHECK(r.steps(".", "global_step/sec") == std::vector<std::int64_t>(all_steps.begin() + 1, all_steps.end()));
}

TEST_CASE("a flipped byte in the newest checkpoint: a new estimator warns naming the file and restores the previous one")
{
    xest_test::scratch_dir tmp;
    auto const dir = tmp / "model";
    auto const data = xest_test::two_feature_data(16);
    auto const& x = data.first;
    auto const& y = data.second;
    xe::run_config const cfg{.model_dir = dir.string(), .save_summary_steps = 0, .save_checkpoints_steps = 10,
                             .log_step_count_steps = 0};
    {
        auto in = xe::inputs::from_arrays<4, 2>(x, y, {.num_epochs = xe::inputs::repeat, .shuffle = true, .seed = 1});
        adam_estimator est(cfg, {.learning_rate = 0.01f});
        est.train(in, xe::steps{30});
    }
    auto const newest = dir / "model.ckpt-30.npz";
    REQUIRE(*xe::io::checkpoint_manager(dir, 0).latest() == newest);
    std::string bytes = xest_test::read_bytes(newest);
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x10);
    xest_test::write_bytes(newest, bytes);

    xest_test::stderr_capture err;
    std::optional<adam_estimator> est;
    est.emplace(cfg, xe::optim::adam{.learning_rate = 0.01f});
    std::string const text = err.text();
    INFO(text);
    CHECK(text.find("WARNING") != std::string::npos);
    CHECK(text.find("'" + newest.string() + "'") != std::string::npos);
    CHECK(est->global_step() == 20);
    auto const entries = xe::io::checkpoint_manager::load(dir / "model.ckpt-20.npz");
    for (std::string const name : {"weights", "bias", "dense/kernel", "dense/bias"})
    {
        CHECK(xest_test::variable(*est, name) == xest_test::entry_values(entries, name));
    }
    // Training goes on from step 20 and its next save replaces the corrupted file.
    auto in = xe::inputs::from_arrays<4, 2>(x, y, {.num_epochs = xe::inputs::repeat, .shuffle = true, .seed = 1});
    est->train(in, xe::steps{10});
    CHECK(est->global_step() == 30);
    CHECK_NOTHROW(xe::io::checkpoint_manager::load(newest));
}
