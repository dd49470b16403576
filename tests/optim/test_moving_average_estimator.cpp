// with_moving_average inside the estimator: the shadows are checkpoint entries
// "<param>/optimizer/ExponentialMovingAverage", a resumed run matches a straight one bit for
// bit, use_moving_averages(est) evaluates the averages and puts the params back, and a
// training step allocates nothing.
#include <cstring>

#include <doctest/doctest.h>

#include "../model_dir/model_dir_support.hpp"

#include "allocation_counter.hpp"

namespace xe = xest;
namespace xo = xest::optim;

namespace
{
    using model_type = xest_test::mixed_model<4>;
    using ema_adam = xo::with_moving_average<xo::adam>;
    using ema_estimator = xe::estimator<model_type, ema_adam>;

    ema_adam const optimizer{.opt = {.learning_rate = 0.05f}, .decay = 0.9f};
    constexpr char const* shadow_suffix = "/optimizer/ExponentialMovingAverage";

    xe::run_config config_for(std::filesystem::path const& dir)
    {
        return {.model_dir = dir.string(), .random_seed = 7, .save_summary_steps = 0, .log_step_count_steps = 0};
    }

    struct data
    {
        std::pair<xt::xtensor<float, 2>, xt::xtensor<float, 1>> xy = xest_test::two_feature_data(64);

        auto train_input() const
        {
            return xe::inputs::from_arrays<8, 2>(xy.first, xy.second,
                                                 {.num_epochs = xe::inputs::repeat, .shuffle = true, .seed = 5});
        }
        auto eval_input() const { return xe::inputs::from_arrays<16, 2>(xy.first, xy.second); }
    };

    /// Every param's shadow as raw bytes, by param name, read from the estimator's slots.
    template <class Estimator>
    std::map<std::string, std::string> shadow_bytes(Estimator const& est)
    {
        using params_type = typename Estimator::params_type;
        std::map<std::string, std::string> out;
        xe::for_each_model_param(est.model(),
                                 [&](auto const& p)
                                 {
                                     using P = std::remove_cvref_t<decltype(p)>;
                                     auto const& s = std::get<xe::param_index<P, params_type>::value>(*est.state().slots);
                                     out[std::string(P::name_view())] = std::string(
                                         reinterpret_cast<char const*>(s.shadow.data()), P::size * sizeof(typename P::value_type));
                                 });
        return out;
    }

    /// Sets every param of `est` to the value of `<param>/optimizer/ExponentialMovingAverage`.
    template <class Estimator>
    void set_params_to_checkpoint_averages(Estimator& est, std::vector<xe::io::array_entry> const& entries)
    {
        xe::for_each_model_param(est.model(),
                                 [&](auto& p)
                                 {
                                     using P = std::remove_cvref_t<decltype(p)>;
                                     auto const v = xest_test::entry_values(entries, std::string(P::name_view()) + shadow_suffix);
                                     REQUIRE(v.size() == P::size);
                                     for (std::size_t i = 0; i < P::size; ++i)
                                     {
                                         p.value.data()[i] = static_cast<typename P::value_type>(v[i]);
                                     }
                                 });
    }

    /// Counts allocations from the end of the first step to end().
    struct allocation_window
    {
        std::int64_t* result;
        std::int64_t at_first_step = -1;

        void after_step(xe::step_info const&)
        {
            if (at_first_step < 0)
            {
                at_first_step = xest_test::allocations.load(std::memory_order_relaxed);
            }
        }
        void end(xe::step_info const&) { *result = xest_test::allocations.load(std::memory_order_relaxed) - at_first_step; }
    };
}

TEST_CASE("moving average: every checkpoint holds each param's shadow, equal to the slot")
{
    xest_test::scratch_dir tmp;
    data d;
    auto in = d.train_input();
    ema_estimator est(config_for(tmp.path()), optimizer);
    est.train(in, xe::steps{30});
    auto const entries = xe::io::checkpoint_manager::load(tmp / "model.ckpt-30.npz");
    auto const shadows = shadow_bytes(est);
    REQUIRE(shadows.size() == 4u);
    for (auto const& entry : shadows)
    {
        std::string const& name = entry.first;
        std::string const& bytes = entry.second;
        INFO("param " << name);
        auto const v = xest_test::entry_values(entries, name + shadow_suffix);
        REQUIRE(v.size() * sizeof(float) == bytes.size());
        std::vector<float> f(v.begin(), v.end());
        CHECK(std::memcmp(f.data(), bytes.data(), bytes.size()) == 0);
        // The wrapped rule's slots are saved as before.
        CHECK(xest_test::entry_values(entries, name + "/optimizer/m").size() == v.size());
        // The average lags the trained param.
        CHECK(v != xest_test::variable(est, name));
    }
}

TEST_CASE("moving average: 15 steps, a new estimator, 15 more equal 30 straight steps bitwise (params and shadows)")
{
    xest_test::scratch_dir tmp;
    data d;
    {
        auto in = d.train_input();
        ema_estimator a(config_for(tmp / "resumed"), optimizer);
        a.train(in, xe::steps{15});
    }
    auto in = d.train_input();
    ema_estimator resumed(config_for(tmp / "resumed"), optimizer);
    REQUIRE(resumed.global_step() == 15);
    resumed.train(in, xe::steps{15});

    auto in2 = d.train_input();
    ema_estimator straight(config_for(tmp / "straight"), optimizer);
    straight.train(in2, xe::steps{30});

    CHECK(xest_test::param_bytes(resumed) == xest_test::param_bytes(straight));
    CHECK(shadow_bytes(resumed) == shadow_bytes(straight));
    CHECK(xest_test::read_bytes(tmp / "resumed" / "model.ckpt-30.npz") == xest_test::read_bytes(tmp / "straight" / "model.ckpt-30.npz"));
}

TEST_CASE("moving average: evaluate inside use_moving_averages sees the averages and the params come back bitwise")
{
    xest_test::scratch_dir tmp;
    data d;
    auto in = d.train_input();
    ema_estimator est(config_for(tmp / "ema"), optimizer);
    est.train(in, xe::steps{40});
    auto const trained = xest_test::param_bytes(est);
    auto eval_in = d.eval_input();
    double const trained_loss = est.evaluate(eval_in).loss;

    // The expected loss: an estimator whose params were set by hand from the checkpoint entries.
    xe::in_memory_estimator<model_type, xo::adam> by_hand({.log_step_count_steps = 0});
    set_params_to_checkpoint_averages(by_hand, xe::io::checkpoint_manager::load(tmp / "ema" / "model.ckpt-40.npz"));
    auto eval_by_hand = d.eval_input();
    double const expected = by_hand.evaluate(eval_by_hand).loss;
    CHECK(expected != trained_loss);

    {
        auto averaged = xo::use_moving_averages(est);
        CHECK(xest_test::param_bytes(est) == xest_test::param_bytes(by_hand));
        auto eval_averaged = d.eval_input();
        CHECK(est.evaluate(eval_averaged).loss == expected);
    }
    CHECK(xest_test::param_bytes(est) == trained);
    auto eval_after = d.eval_input();
    CHECK(est.evaluate(eval_after).loss == trained_loss);
}

TEST_CASE("moving average: an unset shadow leaves its param alone and starts from a restored param")
{
    xest_test::scratch_dir tmp;
    data d;
    {
        // Before any step every shadow is unset: the guard changes nothing.
        ema_estimator fresh({.log_step_count_steps = 0}, optimizer);
        auto const initial = xest_test::param_bytes(fresh);
        auto averaged = xo::use_moving_averages(fresh);
        CHECK(xest_test::param_bytes(fresh) == initial);
    }
    {
        // A run trained without averages...
        auto in = d.train_input();
        xe::estimator<model_type, xo::adam> plain(config_for(tmp.path()), optimizer.opt);
        plain.train(in, xe::steps{10});
    }
    // ...resumed with them: the shadows start at the restored params on the next step.
    xest_test::stderr_capture capture;
    ema_estimator est(config_for(tmp.path()), optimizer);
    CHECK(capture.text().find("ExponentialMovingAverage") != std::string::npos);
    auto const restored = xest_test::param_bytes(est);
    auto in = d.train_input();
    est.train(in, xe::steps{1});
    xe::for_each_model_param(est.model(),
                             [&](auto const& p)
                             {
                                 using P = std::remove_cvref_t<decltype(p)>;
                                 std::string const name(P::name_view());
                                 auto const& s = std::get<xe::param_index<P, ema_estimator::params_type>::value>(*est.state().slots);
                                 // The factor the update uses: 1 - decay, rounded to float once.
                                 float const f = static_cast<float>(1.0 - double(optimizer.decay));
                                 float before[P::size];
                                 std::memcpy(before, restored.at(name).data(), sizeof before);
                                 for (std::size_t i = 0; i < P::size; ++i)
                                 {
                                     float const after = p.value.data()[i];
                                     CHECK(s.shadow[i] == before[i] - f * (before[i] - after));
                                 }
                             });
}

TEST_CASE("moving average: a training step allocates nothing")
{
    xest_test::skip_without_allocation_counting();
    data d;
    auto in = d.train_input();
    xe::in_memory_estimator<model_type, xo::clip_by_global_norm<ema_adam>> est({.log_step_count_steps = 0},
                                                                               {.opt = optimizer, .clip_norm = 1.0f});
    std::int64_t allocations = -1;
    est.train(in, xe::steps{200}, allocation_window{&allocations});
    CHECK(allocations == 0);
}
