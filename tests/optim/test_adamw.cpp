#include "optim_driver.hpp"

namespace xo = xest::optim;
using namespace optim_test;

namespace
{
    // Keras AdamW: w <- w - lr wd w, then the Adam step (bias corrections in the step size).
    struct adamw_reference
    {
        double lr;
        double b1;
        double b2;
        double eps;
        double wd;
        vec m{};
        vec v{};

        void operator()(vec& w, vec const& g, std::int64_t step)
        {
            double const t = static_cast<double>(step + 1);
            double const alpha = lr * std::sqrt(1.0 - std::pow(b2, t)) / (1.0 - std::pow(b1, t));
            for (std::size_t i = 0; i < size; ++i)
            {
                w[i] -= w[i] * wd * lr;
                m[i] = b1 * m[i] + (1.0 - b1) * g[i];
                v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
                w[i] -= alpha * m[i] / (std::sqrt(v[i]) + eps);
            }
        }
    };
}

TEST_CASE_TEMPLATE("adamw follows Keras AdamW", T, float, double)
{
    xo::adamw const opt{.learning_rate = 0.1f, .weight_decay = 0.5f};
    check_against_reference<T>(opt, adamw_reference{opt.learning_rate, opt.beta_1, opt.beta_2,
                                                    opt.epsilon, opt.weight_decay});
}

TEST_CASE_TEMPLATE("adamw with weight_decay 0 is adam", T, float, double)
{
    problem<T, xo::adamw> w(xo::adamw{.learning_rate = 0.1f, .weight_decay = 0.0f});
    problem<T, xo::adam> a(xo::adam{.learning_rate = 0.1f});
    for (int s = 0; s < 5; ++s)
    {
        w.run_step();
        a.run_step();
    }
    for (std::size_t i = 0; i < size; ++i)
    {
        CHECK(w.get(i) == a.get(i));
    }
    problem<T, xo::adamw> decayed(xo::adamw{.learning_rate = 0.1f});
    decayed.run_step();
    CHECK(decayed.get(0) != w.get(0));
}

TEST_CASE("adamw slots, defaults and validation")
{
    CHECK(slot_names<xo::adamw>() == std::vector<std::string>{"m", "v"});
    xo::adamw const d{};
    CHECK(d.learning_rate == 0.001f);
    CHECK(d.beta_1 == 0.9f);
    CHECK(d.beta_2 == 0.999f);
    CHECK(d.epsilon == 1e-7f);
    CHECK(d.weight_decay == 0.004f);
    CHECK(validation_message(d).empty());
    CHECK(validation_message(xo::adamw{.weight_decay = -0.004f})
          == "xest::optim::adamw: weight_decay = -0.004 is out of range: it must be a finite number >= 0");
    CHECK(validation_message(xo::adamw{.beta_2 = 1.0f}).find("xest::optim::adamw: beta_2 = 1")
          != std::string::npos);
}
