// Checkpoints from another model: refused with every mismatch listed, or used in part by warm
// starting; evaluate() and predict() on an older checkpoint leave the in-memory params alone.
#include <doctest/doctest.h>

#include "model_dir_support.hpp"

namespace xe = xest;
using xest_test::linear_model;

namespace
{
    using source_model = xest_test::mixed_model<3>;

    /// Differs from source_model in a shape ("weights"), a name ("offset" for "bias") and a layer
    /// shape ("dense/kernel"); "dense/bias" matches.
    struct other_model
    {
        xe::param<"weights", xe::shape<2, 4>> W{xe::init::random_normal{}};
        xe::param<"offset", xe::shape<4>> b{xe::init::zeros{}};
        xe::nn::dense<4, 1, xe::nn::linear, "dense"> out;

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            auto y = out(xe::nn::relu{}(xe::matmul(features, W) + b));
            return xe::spec(mode).loss(xe::losses::mean_squared_error(labels, y)).predictions(y);
        }
    };

    template <class Model>
    using adam_estimator = xe::estimator<Model, xe::optim::adam>;

    xe::run_config quiet(std::filesystem::path const& dir = {})
    {
        return {.model_dir = dir.string(), .random_seed = 9, .save_checkpoints_steps = 10, .keep_checkpoint_max = 0,
                .log_step_count_steps = 0};
    }

    template <class Model>
    void train_into(std::filesystem::path const& dir, std::int64_t steps)
    {
        auto const data = xest_test::two_feature_data(12);
        auto const& x = data.first;
        auto const& y = data.second;
        auto in = xe::inputs::from_arrays<4, 2>(x, y, {.num_epochs = xe::inputs::repeat, .shuffle = true, .seed = 2});
        xe::run_config cfg = quiet(dir);
        cfg.random_seed = 1; // other initial values than the models built by the tests
        adam_estimator<Model> est(cfg, {.learning_rate = 0.05f});
        est.train(in, xe::steps{steps});
    }
}

TEST_CASE("a checkpoint of a model with other param names or shapes is refused with checkpoint_error listing each mismatch")
{
    xest_test::scratch_dir tmp;
    auto const dir = tmp / "model";
    train_into<source_model>(dir, 10);
    try
    {
        adam_estimator<other_model> est(quiet(dir), {});
        FAIL("a mismatching checkpoint was restored");
    }
    catch (xe::checkpoint_error const& e)
    {
        std::string const what = e.what();
        INFO(what);
        CHECK(what.find((dir / "model.ckpt-10.npz").string()) != std::string::npos);
        CHECK(what.find("shape of weights: [2, 3] in the checkpoint, [2, 4] in the model") != std::string::npos);
        CHECK(what.find("missing: offset [4]") != std::string::npos);
        CHECK(what.find("shape of dense/kernel: [3, 1] in the checkpoint, [4, 1] in the model") != std::string::npos);
        CHECK(what.find("dense/bias") == std::string::npos); // it matches
    }
    // Names only: every param of the two-layer model is missing from the checkpoint.
    try
    {
        adam_estimator<xest_test::two_layer_model<>> est(quiet(dir), {});
        FAIL("a checkpoint without the model's params was restored");
    }
    catch (xe::checkpoint_error const& e)
    {
        std::string const what = e.what();
        INFO(what);
        for (std::string const line : {"missing: hidden/kernel [2, 4]", "missing: hidden/bias [4]", "missing: out/kernel [4, 1]",
                                       "missing: out/bias [1]"})
        {
            CHECK(what.find(line) != std::string::npos);
        }
    }
    // The refused directory is untouched.
    CHECK(xest_test::listing(dir).size() == 3u); // checkpoint, model.ckpt-10.npz, the event file
}

TEST_CASE("warm start from another model's directory initialises only the params matching warm_start_vars")
{
    xest_test::scratch_dir tmp;
    auto const src = tmp / "source";
    train_into<xest_test::two_layer_model<>>(src, 30); // checkpoints 10, 20, 30
    auto const latest = xe::io::checkpoint_manager::load(src / "model.ckpt-30.npz");

    // The target has the same "hidden" layer and a head of its own ("head/kernel", "head/bias").
    using target_model = xest_test::two_layer_model<"head">;
    adam_estimator<target_model> fresh(quiet(), {});
    xe::run_config cfg = quiet(tmp / "target");
    cfg.warm_start_from = src.string();
    cfg.warm_start_vars = {"hidden/*"};
    {
        adam_estimator<target_model> est(cfg, {});
        CHECK(est.global_step() == 0);
        CHECK(xest_test::variable(est, "hidden/kernel") == xest_test::entry_values(latest, "hidden/kernel"));
        CHECK(xest_test::variable(est, "hidden/bias") == xest_test::entry_values(latest, "hidden/bias"));
        CHECK(xest_test::variable(est, "hidden/kernel") != xest_test::variable(fresh, "hidden/kernel"));
        CHECK(xest_test::variable(est, "head/kernel") == xest_test::variable(fresh, "head/kernel"));
        CHECK(xest_test::variable(est, "head/bias") == xest_test::variable(fresh, "head/bias"));

        auto const data = xest_test::two_feature_data(12);

        auto const& x = data.first;

        auto const& y = data.second;
        auto in = xe::inputs::from_arrays<4, 2>(x, y, {.num_epochs = xe::inputs::repeat});
        est.train(in, xe::steps{5});
    }
    // Once the model directory has a checkpoint, it wins over warm starting.
    adam_estimator<target_model> again(cfg, {});
    CHECK(again.global_step() == 5);
    auto const own = xe::io::checkpoint_manager::load(tmp / "target" / "model.ckpt-5.npz");
    CHECK(xest_test::variable(again, "hidden/kernel") == xest_test::entry_values(own, "hidden/kernel"));
    CHECK(xest_test::variable(again, "hidden/kernel") != xest_test::entry_values(latest, "hidden/kernel"));

    // Without patterns every param must be in the checkpoint: the head is not.
    xe::run_config all_vars = quiet(tmp / "target2");
    all_vars.warm_start_from = src.string();
    CHECK_THROWS_WITH_AS((adam_estimator<target_model>(all_vars, {})), doctest::Contains("missing: head/kernel [4, 1]"),
                         xe::checkpoint_error);
}

TEST_CASE("warm start from a checkpoint file with several patterns")
{
    xest_test::scratch_dir tmp;
    auto const src = tmp / "source";
    train_into<xest_test::two_layer_model<>>(src, 30);
    auto const older = src / "model.ckpt-10.npz";
    auto const entries = xe::io::checkpoint_manager::load(older);

    using model_type = xest_test::two_layer_model<>;
    adam_estimator<model_type> fresh(quiet(), {});
    xe::run_config cfg = quiet(tmp / "target");
    cfg.warm_start_from = older.string();
    cfg.warm_start_vars = {"hidden/*", "*/bias"};
    adam_estimator<model_type> est(cfg, {});
    CHECK(est.global_step() == 0);
    CHECK(xest_test::variable(est, "hidden/kernel") == xest_test::entry_values(entries, "hidden/kernel"));
    CHECK(xest_test::variable(est, "hidden/bias") == xest_test::entry_values(entries, "hidden/bias"));
    CHECK(xest_test::variable(est, "out/bias") == xest_test::entry_values(entries, "out/bias"));
    CHECK(xest_test::variable(est, "out/kernel") == xest_test::variable(fresh, "out/kernel"));
    CHECK(xest_test::variable(est, "out/kernel") != xest_test::entry_values(entries, "out/kernel"));
    // The older file, not the latest one, was read.
    auto const latest = xe::io::checkpoint_manager::load(src / "model.ckpt-30.npz");
    CHECK(xest_test::variable(est, "hidden/kernel") != xest_test::entry_values(latest, "hidden/kernel"));
}

TEST_CASE("evaluate and predict on an older checkpoint use its params and leave the in-memory params unchanged")
{
    xest_test::scratch_dir tmp;
    auto const dir = tmp / "model";
    auto const x = xest_test::seed_x();
    auto const y = xest_test::seed_y();
    auto train_in = xe::inputs::from_arrays<1>(x, y, {.num_epochs = xe::inputs::repeat, .shuffle = true, .seed = 7});
    auto eval_in = xe::inputs::from_arrays<1>(x, y);
    auto pred_in = xe::inputs::from_arrays<1>(x);
    using linear_estimator = xe::estimator<linear_model, xe::optim::gradient_descent>;

    linear_estimator est(quiet(dir), {.learning_rate = 0.01f});
    est.train(train_in, xe::steps{30});
    auto const older = dir / "model.ckpt-10.npz";
    auto const before = xest_test::param_bytes(est);
    auto const now = est.evaluate(eval_in);
    auto const now_pred = est.predict(pred_in);

    auto const r10 = est.evaluate(eval_in, {.checkpoint_path = older});
    auto const pred10 = est.predict(pred_in, older);
    auto const pred10_by_name = est.predict(pred_in, older.string()); // a string names a checkpoint too
    CHECK(xest_test::param_bytes(est) == before);
    CHECK(est.global_step() == 30);
    CHECK(r10.global_step == 10);
    CHECK(now.global_step == 30);
    CHECK(r10.loss != now.loss);

    // Reference: an estimator whose model directory holds only that checkpoint.
    auto const copy = tmp / "copy";
    std::filesystem::create_directories(copy);
    std::filesystem::copy_file(older, copy / older.filename());
    linear_estimator ref(quiet(copy), {.learning_rate = 0.01f});
    REQUIRE(ref.global_step() == 10);
    auto const expected = ref.evaluate(eval_in);
    CHECK(r10.loss == expected.loss);
    CHECK(r10["mean_squared_error"] == expected["mean_squared_error"]);
    auto const expected_pred = ref.predict(pred_in);
    REQUIRE(pred10.size() == 3u);
    REQUIRE(expected_pred.size() == 3u);
    REQUIRE(now_pred.size() == 3u);
    for (std::size_t i = 0; i < 3; ++i)
    {
        CHECK(pred10[i](0) == expected_pred[i](0));
        CHECK(pred10_by_name[i](0) == expected_pred[i](0));
        CHECK(pred10[i](0) != now_pred[i](0));
    }

    // Independently: the line stored in the checkpoint, evaluated in double.
    auto const entries = xe::io::checkpoint_manager::load(older);
    double const w = xest_test::entry_values(entries, "weights").at(0);
    double const b = xest_test::entry_values(entries, "bias").at(0);
    double sq = 0.0;
    for (std::size_t i = 0; i < 3; ++i)
    {
        double const p = w * double(x(i)) + b;
        CHECK(double(pred10[i](0)) == doctest::Approx(p).epsilon(1e-6));
        sq += (p - double(y(i))) * (p - double(y(i)));
    }
    CHECK(r10.loss == doctest::Approx(sq / 3.0).epsilon(1e-5));

    // A checkpoint of another model is refused and changes nothing.
    auto const other_dir = tmp / "other";
    train_into<source_model>(other_dir, 10);
    CHECK_THROWS_AS(est.evaluate(eval_in, {.checkpoint_path = other_dir / "model.ckpt-10.npz"}), xe::checkpoint_error);
    CHECK_THROWS_AS(est.predict(pred_in, other_dir / "model.ckpt-10.npz"), xe::checkpoint_error);
    CHECK(xest_test::param_bytes(est) == before);
    CHECK(est.evaluate(eval_in).loss == now.loss);
}
