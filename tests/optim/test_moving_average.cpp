// with_moving_average through the estimator's per-step protocol (optim_driver.hpp): the params
// follow the wrapped rule unchanged, and the shadows follow TF's recurrence
// shadow -= (1 - decay) * (shadow - value), starting at the params' initial values.
#include "optim_driver.hpp"

namespace xo = xest::optim;
using namespace optim_test;

static_assert(xo::optimizer<xo::with_moving_average<xo::adam>>);
static_assert(xo::optimizer<xo::clip_by_global_norm<xo::with_moving_average<xo::with_schedule<xo::adam, xo::constant>>>>);
static_assert(xo::has_moving_average_v<xo::with_moving_average<xo::ftrl>>);
// Wrappers that forward their slots keep the average visible to use_moving_averages.
static_assert(xo::has_moving_average_v<xo::clip_by_value<xo::with_moving_average<xo::ftrl>>>);
static_assert(xo::has_moving_average_v<xo::with_schedule<xo::with_moving_average<xo::adam>, xo::constant>>);
static_assert(!xo::has_moving_average_v<xo::adam>);
static_assert(!xo::has_moving_average_v<xo::with_schedule<xo::adam, xo::constant>>);

namespace
{
    using trace = std::vector<vec>;

    // The param values before the first step and after each of `steps` steps, and the shadows
    // after the last one.
    template <class T, class Opt>
    std::pair<trace, vec> run_and_record(Opt const& opt, int steps)
    {
        opt.validate();
        problem<T, Opt> p(opt);
        trace values;
        auto record = [&] {
            vec v{};
            for (std::size_t i = 0; i < size; ++i)
            {
                v[i] = static_cast<double>(p.get(i));
            }
            values.push_back(v);
        };
        record();
        for (int s = 0; s < steps; ++s)
        {
            p.run_step();
            record();
        }
        vec shadow{};
        for (std::size_t i = 0; i < 3; ++i)
        {
            shadow[i] = static_cast<double>(p.slots_a->shadow[i]);
        }
        for (std::size_t i = 0; i < 2; ++i)
        {
            shadow[i + 3] = static_cast<double>(p.slots_b->shadow[i]);
        }
        return {values, shadow};
    }

    // The recurrence by hand, in double, over recorded values; decay(step) as TF computes it.
    template <class Decay>
    vec hand_average(trace const& values, Decay decay)
    {
        vec shadow = values.front();
        for (std::size_t s = 1; s < values.size(); ++s)
        {
            double const d = decay(static_cast<std::int64_t>(s - 1));
            for (std::size_t i = 0; i < size; ++i)
            {
                shadow[i] -= (1.0 - d) * (shadow[i] - values[s][i]);
            }
        }
        return shadow;
    }

    template <class T, class Opt, class Decay>
    void check_average(Opt const& opt, Decay decay, int steps, double tolerance)
    {
        // Named members, not a structured binding: clang 14 cannot capture one in INFO.
        auto const run = run_and_record<T>(opt, steps);
        trace const& values = run.first;
        vec const& shadow = run.second;
        vec const expected = hand_average(values, decay);
        for (std::size_t i = 0; i < size; ++i)
        {
            INFO("element ", i, ": got ", shadow[i], ", expected ", expected[i]);
            CHECK(relative_error(shadow[i], expected[i]) <= tolerance);
        }
        // The average lags the params: otherwise it would not be an average of anything.
        CHECK(shadow != values.back());
        CHECK(shadow != values.front());
    }
}

TEST_CASE_TEMPLATE("with_moving_average: the params follow the wrapped rule unchanged", T, float, double)
{
    check_against_reference<T>(xo::moving_average(xo::gradient_descent{.learning_rate = 0.1f}, 0.9f),
                               [](vec& w, vec const& g, std::int64_t) {
                                   for (std::size_t i = 0; i < size; ++i)
                                   {
                                       w[i] -= double(0.1f) * g[i];
                                   }
                               });
}

TEST_CASE_TEMPLATE("with_moving_average: the shadow after N steps is the recurrence over the recorded params", T, float,
                   double)
{
    double const tolerance = std::is_same_v<T, float> ? 1e-5 : 1e-12;
    SUBCASE("momentum, decay 0.9, 20 steps")
    {
        check_average<T>(xo::moving_average(xo::momentum{.learning_rate = 0.05f}, 0.9f),
                         [](std::int64_t) { return double(0.9f); }, 20, tolerance);
    }
    SUBCASE("adam, the default decay 0.999, 30 steps")
    {
        auto const opt = xo::moving_average(xo::adam{.learning_rate = 0.1f});
        CHECK(opt.decay == 0.999f);
        check_average<T>(opt, [](std::int64_t) { return double(0.999f); }, 30, tolerance);
    }
}

TEST_CASE("with_moving_average: use_num_updates ramps the decay as TF's num_updates")
{
    xo::with_moving_average<xo::gradient_descent> const ramp{.opt = {}, .decay = 0.99f, .use_num_updates = true};
    CHECK(ramp.decay_at(0) == 1.0 / 10.0);
    CHECK(ramp.decay_at(1) == 2.0 / 11.0);
    CHECK(ramp.decay_at(90) == 91.0 / 100.0);
    // (1 + n) / (10 + n) passes 0.99 at n = 890.
    CHECK(ramp.decay_at(889) == 890.0 / 899.0);
    CHECK(ramp.decay_at(891) == double(0.99f));
    CHECK(ramp.decay_at(1000000) == double(0.99f));
    xo::with_moving_average<xo::gradient_descent> const flat{.opt = {}, .decay = 0.99f};
    CHECK(flat.decay_at(0) == double(0.99f));
    // The context carries 1 - decay of its step.
    CHECK(ramp.prepare(0, 0.01f).one_minus_decay == 1.0 - 0.1);

    SUBCASE("the shadows follow the ramped recurrence")
    {
        auto const opt = xo::moving_average(xo::gradient_descent{.learning_rate = 0.1f}, 0.99f, true);
        check_average<float>(opt, [&](std::int64_t s) { return opt.decay_at(s); }, 25, 1e-5);
    }
}

TEST_CASE("with_moving_average: slots are the wrapped rule's plus ExponentialMovingAverage, unset until the first update")
{
    CHECK(slot_names<xo::with_moving_average<xo::adam>>() == std::vector<std::string>{"m", "v", "ExponentialMovingAverage"});
    CHECK(slot_names<xo::with_moving_average<xo::gradient_descent>>() == std::vector<std::string>{"ExponentialMovingAverage"});
    CHECK(slot_names<xo::clip_by_global_norm<xo::with_moving_average<xo::ftrl>>>()
          == std::vector<std::string>{"accum", "linear", "ExponentialMovingAverage"});

    auto const opt = xo::moving_average(xo::gradient_descent{.learning_rate = 0.5f}, 0.5f);
    xo::with_moving_average<xo::gradient_descent>::slots<float, 2> s{};
    CHECK_FALSE(s.is_set());
    std::array<float, 2> w{1.0f, -2.0f};
    std::array<float, 2> const g{2.0f, 4.0f};
    opt.update(opt.prepare(0, 0.5f), std::span<float, 2>(w), std::span<float const, 2>(g), s);
    CHECK(s.is_set());
    // Started at {1, -2}, moved half-way to the new values {0, -4}.
    CHECK(w == std::array<float, 2>{0.0f, -4.0f});
    CHECK(s.shadow == std::array<float, 2>{0.5f, -3.0f});
}

TEST_CASE("with_moving_average: validate() names a decay outside 0 <= decay < 1 and forwards to the wrapped rule")
{
    auto message = [](float decay) { return validation_message(xo::moving_average(xo::adam{}, decay)); };
    CHECK(message(0.999f).empty());
    CHECK(message(0.0f).empty());
    CHECK(message(1.0f) == "xest::optim::with_moving_average: decay = 1 is out of range: it must be in [0, 1)");
    CHECK(message(-0.5f) == "xest::optim::with_moving_average: decay = -0.5 is out of range: it must be in [0, 1)");
    CHECK(message(std::numeric_limits<float>::quiet_NaN()).find("decay = nan") != std::string::npos);
    CHECK(validation_message(xo::moving_average(xo::adam{.beta_1 = 1.0f}))
          == "xest::optim::adam: beta_1 = 1 is out of range: it must be in [0, 1)");
}

TEST_CASE("with_moving_average: composes with clip_by_global_norm and with_schedule")
{
    // Gradient descent whose gradients are clipped to a global norm of 1, with lr 0.2 * 0.5^step.
    auto clipped_reference = [](vec& w, vec const& g, std::int64_t step) {
        double norm = 0.0;
        for (double x : g)
        {
            norm += x * x;
        }
        norm = std::sqrt(norm);
        double const scale = 1.0 / std::max(norm, 1.0);
        double const lr = double(0.2f) * std::pow(0.5, static_cast<double>(step));
        for (std::size_t i = 0; i < size; ++i)
        {
            w[i] -= lr * g[i] * scale;
        }
    };
    auto const rule = xo::schedule(xo::gradient_descent{}, xo::exponential_decay{0.2f, 1, 0.5f});
    auto const decay = [](std::int64_t) { return double(0.8f); };

    SUBCASE("clipping outside, schedule inside")
    {
        auto const opt = xo::clip_global_norm(xo::moving_average(rule, 0.8f), 1.0f);
        check_against_reference<double>(opt, clipped_reference, 6, 1e-12);
        check_average<double>(opt, decay, 6, 1e-12);
    }
    SUBCASE("the average outside both")
    {
        auto const opt = xo::moving_average(xo::clip_global_norm(rule, 1.0f), 0.8f);
        check_against_reference<double>(opt, clipped_reference, 6, 1e-12);
        check_average<double>(opt, decay, 6, 1e-12);
    }
    SUBCASE("a schedule outside the average")
    {
        auto const opt = xo::schedule(xo::moving_average(xo::clip_global_norm(xo::gradient_descent{}, 1.0f), 0.8f),
                                      xo::exponential_decay{0.2f, 1, 0.5f});
        check_against_reference<double>(opt, clipped_reference, 6, 1e-12);
        check_average<double>(opt, decay, 6, 1e-12);
    }
}
