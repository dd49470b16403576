// Checkpoint cadence and retention in a model directory, and what numpy sees in a checkpoint.
#include <doctest/doctest.h>

#include "model_dir_support.hpp"

namespace xe = xest;

namespace
{
    using model_type = xest_test::mixed_model<3>;
    using adam_estimator = xe::estimator<model_type, xe::optim::adam>;

    std::vector<std::string> checkpoint_files(std::filesystem::path const& dir)
    {
        std::vector<std::string> out;
        for (auto const& name : xest_test::listing(dir))
        {
            if (name.starts_with("model.ckpt-"))
            {
                out.push_back(name);
            }
        }
        return out;
    }
}

TEST_CASE("save_checkpoints_steps = 10, keep_checkpoint_max = 3: the newest three are kept and the index names the newest")
{
    xest_test::scratch_dir tmp;
    auto const dir = tmp / "model";
    auto const data = xest_test::two_feature_data(16);
    auto const& x = data.first;
    auto const& y = data.second;
    auto in = xe::inputs::from_arrays<4, 2>(x, y, {.num_epochs = xe::inputs::repeat});
    adam_estimator est({.model_dir = dir.string(), .save_checkpoints_steps = 10, .keep_checkpoint_max = 3,
                        .log_step_count_steps = 0},
                       {.learning_rate = 0.01f});
    CHECK_FALSE(est.latest_checkpoint().has_value());

    std::vector<std::vector<std::string>> after_step;
    est.train(in, xe::steps{45},
              [&](xe::step_info const& s)
              {
                  if (s.step % 10 == 1) // one step after each checkpoint step
                  {
                      after_step.push_back(checkpoint_files(dir));
                  }
              });
    REQUIRE(after_step.size() == 5u); // steps 1, 11, 21, 31, 41
    CHECK(after_step[0].empty());
    CHECK(after_step[1] == std::vector<std::string>{"model.ckpt-10.npz"});
    CHECK(after_step[2] == std::vector<std::string>{"model.ckpt-10.npz", "model.ckpt-20.npz"});
    CHECK(after_step[3] == std::vector<std::string>{"model.ckpt-10.npz", "model.ckpt-20.npz", "model.ckpt-30.npz"});
    CHECK(after_step[4] == std::vector<std::string>{"model.ckpt-20.npz", "model.ckpt-30.npz", "model.ckpt-40.npz"});

    // The end of train() saves too (step 45, off the cadence).
    CHECK(checkpoint_files(dir) == std::vector<std::string>{"model.ckpt-30.npz", "model.ckpt-40.npz", "model.ckpt-45.npz"});
    REQUIRE(est.latest_checkpoint().has_value());
    CHECK(*est.latest_checkpoint() == dir / "model.ckpt-45.npz");
    CHECK(xest_test::read_bytes(dir / "checkpoint") ==
          "model_checkpoint_path: \"model.ckpt-45.npz\"\n"
          "all_model_checkpoint_paths: \"model.ckpt-30.npz\"\n"
          "all_model_checkpoint_paths: \"model.ckpt-40.npz\"\n"
          "all_model_checkpoint_paths: \"model.ckpt-45.npz\"\n");

    est.train(in, xe::steps{15});
    CHECK(checkpoint_files(dir) == std::vector<std::string>{"model.ckpt-45.npz", "model.ckpt-50.npz", "model.ckpt-60.npz"});
    CHECK(*est.latest_checkpoint() == dir / "model.ckpt-60.npz");
    CHECK(xest_test::read_bytes(dir / "checkpoint").starts_with("model_checkpoint_path: \"model.ckpt-60.npz\"\n"));
    // Nothing but the index, the checkpoints and the event file (one per estimator: its writer
    // stays open across train() calls); no temporaries.
    auto const names = xest_test::listing(dir);
    CHECK(names.size() == 5u);
    CHECK(xest_test::event_files(dir).size() == 1u);
    for (auto const& n : names)
    {
        CHECK_FALSE(n.starts_with("."));
    }
}

TEST_CASE("keep_checkpoint_max = 0 keeps every checkpoint and save_checkpoint() writes one now")
{
    xest_test::scratch_dir tmp;
    auto const dir = tmp / "model";
    auto const data = xest_test::two_feature_data(16);
    auto const& x = data.first;
    auto const& y = data.second;
    auto in = xe::inputs::from_arrays<4, 2>(x, y, {.num_epochs = xe::inputs::repeat});
    adam_estimator est({.model_dir = dir.string(), .save_checkpoints_steps = 7, .keep_checkpoint_max = 0,
                        .log_step_count_steps = 0},
                       {.learning_rate = 0.01f});
    est.train(in, xe::steps{21});
    CHECK(checkpoint_files(dir) == std::vector<std::string>{"model.ckpt-14.npz", "model.ckpt-21.npz", "model.ckpt-7.npz"});
    est.train(in, xe::steps{2});
    CHECK(est.save_checkpoint() == dir / "model.ckpt-23.npz");
    CHECK(checkpoint_files(dir).size() == 4u);
    CHECK(*est.latest_checkpoint() == dir / "model.ckpt-23.npz");
    // Without a model directory there is nothing to save to.
    adam_estimator memory_only({.log_step_count_steps = 0}, {.learning_rate = 0.01f});
    CHECK_FALSE(memory_only.latest_checkpoint().has_value());
    CHECK_THROWS_AS(memory_only.save_checkpoint(), xe::config_error);
}

TEST_CASE("numpy reads a checkpoint: param names (weights, bias, dense/kernel, dense/bias), values equal get_variable_value")
{
    std::string const py = xest_test::numpy_python_or_skip();
    xest_test::scratch_dir tmp;
    auto const dir = tmp / "model";
    auto const data = xest_test::two_feature_data(16);
    auto const& x = data.first;
    auto const& y = data.second;
    auto in = xe::inputs::from_arrays<4, 2>(x, y, {.num_epochs = xe::inputs::repeat, .shuffle = true, .seed = 5});
    adam_estimator est({.model_dir = dir.string(), .random_seed = 4, .save_checkpoints_steps = 10,
                        .keep_checkpoint_max = 3, .log_step_count_steps = 0},
                       {.learning_rate = 0.01f});
    est.train(in, xe::steps{30});
    auto const path = est.latest_checkpoint();
    REQUIRE(path.has_value());
    CHECK(est.get_variable_names() == std::vector<std::string>{"weights", "bias", "dense/kernel", "dense/bias"});

    // One line per array: name, dtype, shape, then the values with repr (exact for float32).
    auto const [code, out] = xest_test::run_python(
        py, "import numpy, sys\n"
            "d = numpy.load(" + xest_test::sh_quote(path->string()).replace(0, 1, "r'") + ")\n"
            "for k in sorted(d.files):\n"
            "    a = d[k]\n"
            "    print(k, a.dtype.str, 'x'.join(str(s) for s in a.shape) or '-', *[repr(float(v)) for v in a.ravel()])\n");
    REQUIRE(code == 0);
    std::map<std::string, std::pair<std::string, std::vector<double>>> arrays;
    std::map<std::string, std::string> shapes;
    std::istringstream lines(out);
    std::string line;
    while (std::getline(lines, line))
    {
        std::istringstream fields(line);
        std::string name, dtype, shape, v;
        fields >> name >> dtype >> shape;
        std::vector<double> values;
        while (fields >> v)
        {
            values.push_back(std::strtod(v.c_str(), nullptr));
        }
        arrays[name] = {dtype, values};
        shapes[name] = shape;
    }

    std::vector<std::string> names;
    for (auto const& [name, _] : arrays)
    {
        names.push_back(name);
    }
    CHECK(names == std::vector<std::string>{"bias", "bias/optimizer/m", "bias/optimizer/v", "dense/bias",
                                            "dense/bias/optimizer/m", "dense/bias/optimizer/v", "dense/kernel",
                                            "dense/kernel/optimizer/m", "dense/kernel/optimizer/v", "global_step",
                                            "input/epoch", "input/position", "learning_rate_scale", "weights",
                                            "weights/optimizer/m", "weights/optimizer/v"});
    CHECK(shapes["weights"] == "2x3");
    CHECK(shapes["bias"] == "3");
    CHECK(shapes["dense/kernel"] == "3x1");
    CHECK(shapes["dense/bias"] == "1");
    CHECK(shapes["weights/optimizer/v"] == "2x3");
    CHECK(shapes["global_step"] == "-");
    for (std::string const name : {"weights", "bias", "dense/kernel", "dense/bias"})
    {
        INFO("param " << name);
        CHECK(arrays[name].first == "<f4");
        CHECK(arrays[name].second == xest_test::variable(est, name));
    }
    CHECK(arrays["global_step"].first == "<i8");
    CHECK(arrays["global_step"].second == std::vector<double>{30.0});
    // 30 steps of 4 examples over 16 examples: 120 = 7 * 16 + 8.
    CHECK(arrays["input/epoch"].second == std::vector<double>{7.0});
    CHECK(arrays["input/position"].second == std::vector<double>{8.0});
    // Adam's second moment is a running mean of squared gradients: never negative, not all zero.
    bool any_positive = false;
    for (double v : arrays["weights/optimizer/v"].second)
    {
        CHECK(v >= 0.0);
        any_positive = any_positive || v > 0.0;
    }
    CHECK(any_positive);
}
