#include "optim_driver.hpp"

namespace xo = xest::optim;
using namespace optim_test;

namespace
{
    // Adam written with the bias-corrected moments of Kingma & Ba. Keras folds the corrections
    // into the step size, which moves epsilon: dividing by sqrt(v) + eps with the step size
    // lr sqrt(1 - b2^t) / (1 - b1^t) equals dividing m_hat by sqrt(v_hat) + eps / sqrt(1 - b2^t).
    struct adam_reference
    {
        double lr;
        double b1;
        double b2;
        double eps;
        double weight_decay = 0.0;
        vec m{};
        vec v{};

        void operator()(vec& w, vec const& g, std::int64_t step)
        {
            double const t = static_cast<double>(step + 1);
            double const c1 = 1.0 - std::pow(b1, t);
            double const c2 = 1.0 - std::pow(b2, t);
            for (std::size_t i = 0; i < size; ++i)
            {
                w[i] = w[i] - lr * weight_decay * w[i];  // decoupled decay (AdamW)
                m[i] = b1 * m[i] + (1.0 - b1) * g[i];
                v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
                double const m_hat = m[i] / c1;
                double const v_hat = v[i] / c2;
                w[i] = w[i] - lr * m_hat / (std::sqrt(v_hat) + eps / std::sqrt(c2));
            }
        }
    };
}

TEST_CASE_TEMPLATE("adam follows Keras Adam", T, float, double)
{
    xo::adam const opt{.learning_rate = 0.1f, .beta_1 = 0.8f, .beta_2 = 0.95f};
    check_against_reference<T>(opt, adam_reference{opt.learning_rate, opt.beta_1, opt.beta_2,
                                                   opt.epsilon});
}

TEST_CASE_TEMPLATE("adam: epsilon enters as Keras' epsilon hat", T, float, double)
{
    // A large epsilon makes the placement visible: the textbook placement would be 10% off.
    xo::adam const opt{.learning_rate = 0.1f, .epsilon = 0.5f};
    check_against_reference<T>(opt, adam_reference{opt.learning_rate, opt.beta_1, opt.beta_2,
                                                   opt.epsilon});
}

TEST_CASE("adam: slots m and v hold the raw moments")
{
    xo::adam const opt{.learning_rate = 0.1f};
    problem<double, xo::adam> p(opt);
    adam_reference ref{opt.learning_rate, opt.beta_1, opt.beta_2, opt.epsilon};
    vec w = start;
    for (int s = 0; s < 4; ++s)
    {
        p.run_step();
        ref(w, gradient_at(w), s);
    }
    std::vector<std::string> names;
    p.slots_b->visit([&](std::string_view name, std::span<double, 2> values) {
        names.emplace_back(name);
        vec const& expected = name == "m" ? ref.m : ref.v;
        for (std::size_t i = 0; i < 2; ++i)
        {
            CHECK(relative_error(values[i], expected[i + 3]) <= 1e-9);
        }
    });
    CHECK(names == std::vector<std::string>{"m", "v"});
}

TEST_CASE("adam: slots of a 784x256 parameter live on the heap and update correctly")
{
    constexpr std::size_t n = 784 * 256;
    using slots_type = xo::adam::slots<float, n>;
    auto slots = std::make_unique<slots_type>();
    auto value = std::make_unique<std::array<float, n>>();
    auto grad = std::make_unique<std::array<float, n>>();
    for (std::size_t i = 0; i < n; ++i)
    {
        (*value)[i] = 1.0f;
        (*grad)[i] = static_cast<float>(i % 7) - 3.0f;  // -3 .. 3, zero included
    }
    xo::adam const opt{};
    auto const ctx = opt.prepare(0, opt.current_learning_rate(0));
    opt.update(ctx, std::span<float, n>(*value), std::span<float const, n>(*grad), *slots);
    for (std::size_t i : {std::size_t{0}, std::size_t{3}, std::size_t{4}, n - 1})
    {
        double const g = (*grad)[i];
        // First step: m = 0.1 g, v = 0.001 g^2, step size 0.001 sqrt(0.001) / 0.1.
        double const m = 0.1 * g;
        double const v = 0.001 * g * g;
        double const expected = 1.0 - 0.001 * std::sqrt(1.0 - 0.999) / 0.1 * m
                                          / (std::sqrt(v) + 1e-7);
        CHECK((*value)[i] == doctest::Approx(expected).epsilon(1e-6));
        CHECK(slots->m[i] == doctest::Approx(m).epsilon(1e-6));
    }
    CHECK((*value)[3] == 1.0f);  // zero gradient, zero step
}

TEST_CASE("adam defaults and validation")
{
    xo::adam const d{};
    CHECK(d.learning_rate == 0.001f);
    CHECK(d.beta_1 == 0.9f);
    CHECK(d.beta_2 == 0.999f);
    CHECK(d.epsilon == 1e-7f);
    CHECK(validation_message(d).empty());
    CHECK(validation_message(xo::adam{.beta_1 = 1.0f})
          == "xest::optim::adam: beta_1 = 1 is out of range: it must be in [0, 1)");
    CHECK(validation_message(xo::adam{.beta_2 = -0.5f}).find("beta_2 = -0.5")
          != std::string::npos);
    CHECK(validation_message(xo::adam{.learning_rate = -1e-3f}).find("learning_rate = -0.001")
          != std::string::npos);
    CHECK(validation_message(xo::adam{.epsilon = -1.0f}).find("epsilon = -1")
          != std::string::npos);
}
