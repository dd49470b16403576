// A program built with XESTIMATOR_SEPARATE_COMPILATION: the model-directory layer comes from
// xestimator::compiled (<xestimator/src.hpp>, compiled once), not from the headers. The
// model_dir and io tests listed in CMakeLists.txt run again in this program; this file adds the
// round trip through every part of the layer in one short run.
#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>
#include <string>

#include "../model_dir/model_dir_support.hpp"

#if !defined(XESTIMATOR_SEPARATE_COMPILATION)
#error "tests/separate_compilation is built with XESTIMATOR_SEPARATE_COMPILATION (it links xestimator::compiled)"
#endif

namespace xe = xest;

TEST_CASE("the compiled layer: check values of both CRCs")
{
    char const digits[] = "123456789";
    CHECK(xe::io::crc32c(digits, std::strlen(digits)) == 0xE3069283u);
    CHECK(xe::io::crc32(digits, std::strlen(digits)) == 0xCBF43926u);
}

TEST_CASE("the compiled layer: train with a model directory, resume from its checkpoint, read its events")
{
    using estimator_type = xe::estimator<xest_test::linear_model, xe::optim::gradient_descent>;
    xest_test::scratch_dir tmp;
    auto const dir = tmp / "model";
    xe::run_config const config{.model_dir = dir.string(), .save_summary_steps = 10, .log_step_count_steps = 0};
    auto const x = xest_test::seed_x();
    auto const y = xest_test::seed_y();
    auto in = xe::inputs::from_arrays<1>(x, y, {.num_epochs = xe::inputs::repeat});
    {
        estimator_type est(config, {.learning_rate = 0.01f});
        est.train(in, xe::steps{30});
    }
    estimator_type resumed(config, {.learning_rate = 0.01f});
    CHECK(resumed.global_step() == 30);
    REQUIRE(resumed.latest_checkpoint());
    CHECK(resumed.latest_checkpoint()->filename().string() == "model.ckpt-30.npz");

    auto const r = xest_test::read_events(dir);
    CHECK(r.errors == 0);
    CHECK(r.steps(".", "loss") == std::vector<std::int64_t>{1, 10, 20, 30});
}
