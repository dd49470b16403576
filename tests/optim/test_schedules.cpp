#include "optim_driver.hpp"

namespace xo = xest::optim;
using namespace optim_test;

// Expected values below are worked out by hand (or with a calculator), not by the code tested.

TEST_CASE("constant")
{
    xo::constant const c{0.25f};
    CHECK(c(0) == 0.25f);
    CHECK(c(1000000) == 0.25f);
    CHECK(validation_message(xo::constant{-0.25f})
          == "xest::optim::constant: learning_rate = -0.25 is out of range: it must be a finite number >= 0");
}

TEST_CASE("exponential_decay, smooth and staircase")
{
    xo::exponential_decay const smooth{.initial_learning_rate = 0.1f, .decay_steps = 10,
                                       .decay_rate = 0.5f};
    CHECK(smooth(0) == doctest::Approx(0.1).epsilon(1e-7));
    CHECK(smooth(5) == doctest::Approx(0.0707106781).epsilon(1e-7));  // 0.1 / sqrt(2)
    CHECK(smooth(10) == doctest::Approx(0.05).epsilon(1e-7));
    CHECK(smooth(15) == doctest::Approx(0.0353553391).epsilon(1e-7));

    xo::exponential_decay const stairs{0.1f, 10, 0.5f, true};
    CHECK(stairs(0) == doctest::Approx(0.1).epsilon(1e-7));
    CHECK(stairs(9) == doctest::Approx(0.1).epsilon(1e-7));
    CHECK(stairs(10) == doctest::Approx(0.05).epsilon(1e-7));
    CHECK(stairs(19) == doctest::Approx(0.05).epsilon(1e-7));
    CHECK(stairs(25) == doctest::Approx(0.025).epsilon(1e-7));

    CHECK(validation_message(smooth).empty());
    CHECK(validation_message(xo::exponential_decay{0.1f, 0, 0.5f})
          == "xest::optim::exponential_decay: decay_steps = 0 is out of range: it must be a finite number > 0");
}

TEST_CASE("piecewise_constant: a boundary step still gets the earlier value")
{
    xo::piecewise_constant<2> const p{{10, 20}, {1.0f, 0.5f, 0.125f}};
    CHECK(p(0) == 1.0f);
    CHECK(p(9) == 1.0f);
    CHECK(p(10) == 1.0f);
    CHECK(p(11) == 0.5f);
    CHECK(p(20) == 0.5f);
    CHECK(p(21) == 0.125f);
    CHECK(p(1000) == 0.125f);

    auto const q = xo::piecewise({100}, {0.1f, 0.01f});
    static_assert(std::is_same_v<decltype(q), xo::piecewise_constant<1> const>);
    CHECK(q(100) == 0.1f);
    CHECK(q(101) == 0.01f);

    CHECK(validation_message(p).empty());
    CHECK(validation_message(xo::piecewise_constant<2>{{20, 20}, {1.0f, 0.5f, 0.1f}})
          == "xest::optim::piecewise_constant: boundaries must be strictly increasing, but "
             "boundaries[0] = 20 and boundaries[1] = 20");
    CHECK(validation_message(xo::piecewise_constant<1>{{5}, {1.0f, -0.5f}})
              .find("values[1] = -0.5") != std::string::npos);
}

TEST_CASE("cosine_decay")
{
    xo::cosine_decay const c{.initial_learning_rate = 0.1f, .decay_steps = 100};
    CHECK(c(0) == doctest::Approx(0.1).epsilon(1e-7));
    CHECK(c(50) == doctest::Approx(0.05).epsilon(1e-7));
    CHECK(c(25) == doctest::Approx(0.0853553391).epsilon(1e-7));  // 0.05 (1 + cos(pi/4))
    CHECK(std::abs(c(100)) <= 1e-9f);
    CHECK(std::abs(c(250)) <= 1e-9f);  // held after decay_steps

    xo::cosine_decay const floor{0.1f, 100, 0.1f};
    CHECK(floor(25) == doctest::Approx(0.0868198052).epsilon(1e-7));  // 0.1 (0.9 c + 0.1)
    CHECK(floor(100) == doctest::Approx(0.01).epsilon(1e-6));
    CHECK(floor(1000) == doctest::Approx(0.01).epsilon(1e-6));

    CHECK(validation_message(xo::cosine_decay{0.1f, 100, 1.5f}).find("alpha = 1.5")
          != std::string::npos);
    CHECK(validation_message(xo::cosine_decay{0.1f, -1}).find("decay_steps = -1")
          != std::string::npos);
}

TEST_CASE("linear_warmup ramps to after(0), then runs after from the end of the warmup")
{
    xo::linear_warmup<xo::constant> const flat{.warmup_steps = 10, .after = {0.2f}};
    CHECK(flat(0) == 0.0f);
    CHECK(flat(5) == doctest::Approx(0.1).epsilon(1e-7));
    CHECK(flat(9) == doctest::Approx(0.18).epsilon(1e-7));
    CHECK(flat(10) == 0.2f);
    CHECK(flat(500) == 0.2f);

    // As Keras CosineDecay(0.0, 100, warmup_target=0.1, warmup_steps=10).
    auto const w = xo::warmup(10, xo::cosine_decay{0.1f, 100});
    CHECK(w(0) == 0.0f);
    CHECK(w(5) == doctest::Approx(0.05).epsilon(1e-7));
    CHECK(w(10) == doctest::Approx(0.1).epsilon(1e-7));
    CHECK(w(60) == doctest::Approx(0.05).epsilon(1e-7));
    CHECK(std::abs(w(110)) <= 1e-9f);

    auto const from = xo::warmup(4, xo::constant{0.5f}, 0.1f);
    CHECK(from(0) == doctest::Approx(0.1).epsilon(1e-7));
    CHECK(from(2) == doctest::Approx(0.3).epsilon(1e-7));
    CHECK(from(4) == 0.5f);

    xo::linear_warmup<xo::constant> const none{0, {0.2f}};
    CHECK(none(0) == 0.2f);

    CHECK(validation_message(w).empty());
    CHECK(validation_message(xo::warmup(-1, xo::constant{0.1f})).find("warmup_steps = -1")
          != std::string::npos);
    // The schedule after the warmup is validated too.
    CHECK(validation_message(xo::warmup(10, xo::cosine_decay{0.1f, 0})).find("decay_steps = 0")
          != std::string::npos);
}
