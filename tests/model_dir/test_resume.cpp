// Resuming from a model directory continues exactly where training stopped: params, optimizer
// slots, global step and input position all come back, so 100 + 100 steps equal 200 steps.
#include <doctest/doctest.h>

#include "model_dir_support.hpp"

namespace xe = xest;

namespace
{
    using model_type = xest_test::mixed_model<4>;
    using adam_estimator = xe::estimator<model_type, xe::optim::adam>;

    xe::run_config config_for(std::filesystem::path const& dir)
    {
        return {.model_dir = dir.string(), .random_seed = 11, .save_summary_steps = 25, .log_step_count_steps = 0};
    }

    template <std::size_t Batch>
    void check_exact_resume(std::size_t examples)
    {
        xest_test::scratch_dir tmp;
        auto const dir1 = tmp / "resumed";
        auto const dir2 = tmp / "straight";
        auto const data = xest_test::two_feature_data(examples);
        auto const& x = data.first;
        auto const& y = data.second;
        auto make_input = [&] {
            return xe::inputs::from_arrays<Batch, 2>(x, y, {.num_epochs = xe::inputs::repeat, .shuffle = true, .seed = 3});
        };
        xe::optim::adam const opt{.learning_rate = 0.05f};

        {
            auto in = make_input();
            adam_estimator a(config_for(dir1), opt);
            a.train(in, xe::steps{100});
            REQUIRE(a.global_step() == 100);
        }
        std::map<std::string, std::string> resumed;
        {
            auto in = make_input(); // a fresh input: its position comes from the checkpoint
            adam_estimator b(config_for(dir1), opt);
            REQUIRE(b.global_step() == 100);
            CHECK(b.input_state() != xe::inputs::input_state{});
            b.train(in, xe::steps{100});
            CHECK(b.global_step() == 200);
            resumed = xest_test::param_bytes(b);
        }
        auto in = make_input();
        adam_estimator c(config_for(dir2), opt);
        c.train(in, xe::steps{200});
        CHECK(c.global_step() == 200);
        auto const straight = xest_test::param_bytes(c);

        REQUIRE(resumed.size() == 4u);
        REQUIRE(straight.size() == 4u);
        for (auto const& entry : straight)
        {
            std::string const& name = entry.first;
            std::string const& bytes = entry.second;
            INFO("param " << name);
            REQUIRE(resumed.count(name) == 1u);
            REQUIRE(resumed[name].size() == bytes.size());
            CHECK(std::memcmp(resumed[name].data(), bytes.data(), bytes.size()) == 0);
        }
        // The final checkpoints hold params, adam's slots, global_step and the input position;
        // their bytes are deterministic, so both runs wrote the same file.
        auto const f1 = xest_test::read_bytes(dir1 / "model.ckpt-200.npz");
        auto const f2 = xest_test::read_bytes(dir2 / "model.ckpt-200.npz");
        REQUIRE_FALSE(f1.empty());
        CHECK(f1 == f2);
        // The params moved: the test would not notice a resume that restored nothing otherwise.
        auto const entries = xe::io::checkpoint_manager::load(dir1 / "model.ckpt-100.npz");
        CHECK(xest_test::entry_values(entries, "weights") != xest_test::variable(c, "weights"));
        CHECK(xest_test::entry_values(entries, "weights/optimizer/m").size() == 8u);
    }
}

TEST_CASE("exact resume: 100 steps, a new estimator, 100 more steps equal 200 straight steps bitwise (adam, shuffled repeat input)")
{
    check_exact_resume<5>(20);
}

TEST_CASE("exact resume with a batch size that does not divide the data")
{
    check_exact_resume<7>(24);
}

TEST_CASE("exact resume needs the optimizer slots: a checkpoint without them gives other params")
{
    // Guards the test above: adam's moments matter, so dropping them from the checkpoint must
    // change the result. The checkpoint is rewritten without its optimizer entries.
    xest_test::scratch_dir tmp;
    auto const dir = tmp / "model";
    auto const data = xest_test::two_feature_data(20);
    auto const& x = data.first;
    auto const& y = data.second;
    auto make_input = [&] {
        return xe::inputs::from_arrays<5, 2>(x, y, {.num_epochs = xe::inputs::repeat, .shuffle = true, .seed = 3});
    };
    xe::optim::adam const opt{.learning_rate = 0.05f};
    {
        auto in = make_input();
        adam_estimator a(config_for(dir), opt);
        a.train(in, xe::steps{100});
    }
    auto const path = dir / "model.ckpt-100.npz";
    auto entries = xe::io::checkpoint_manager::load(path);
    std::erase_if(entries, [](xe::io::array_entry const& e) { return e.name.find("/optimizer/") != std::string::npos; });
    xe::io::write_file_atomically(path, xe::io::npz_bytes(entries));

    std::map<std::string, std::string> without_slots;
    {
        xest_test::stderr_capture err;
        auto in = make_input();
        adam_estimator b(config_for(dir), opt);
        auto const text = err.text();
        CHECK(text.find("has no optimizer state for") != std::string::npos);
        CHECK(text.find("weights/optimizer/m") != std::string::npos);
        b.train(in, xe::steps{100});
        without_slots = xest_test::param_bytes(b);
    }
    auto in = make_input();
    adam_estimator c(config_for(tmp / "straight"), opt);
    c.train(in, xe::steps{200});
    CHECK(xest_test::param_bytes(c)["weights"] != without_slots["weights"]);
}
