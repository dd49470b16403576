#include "optim_driver.hpp"

namespace xo = xest::optim;
using namespace optim_test;

namespace
{
    // Keras Adagrad: acc <- acc + g^2; w <- w - lr g / sqrt(acc + eps), acc starting at a0.
    struct adagrad_reference
    {
        double lr;
        double eps;
        vec acc;

        void operator()(vec& w, vec const& g, std::int64_t)
        {
            for (std::size_t i = 0; i < size; ++i)
            {
                acc[i] = acc[i] + g[i] * g[i];
                w[i] = w[i] - lr * g[i] / std::sqrt(acc[i] + eps);
            }
        }
    };

    adagrad_reference reference_for(xo::adagrad const& opt)
    {
        adagrad_reference r{opt.learning_rate, opt.epsilon, {}};
        r.acc.fill(opt.initial_accumulator_value);
        return r;
    }
}

TEST_CASE_TEMPLATE("adagrad follows Keras Adagrad", T, float, double)
{
    xo::adagrad const opt{.learning_rate = 0.1f, .initial_accumulator_value = 0.5f};
    check_against_reference<T>(opt, reference_for(opt));
    xo::adagrad const no_initial{.learning_rate = 0.1f, .initial_accumulator_value = 0.0f,
                                 .epsilon = 1e-3f};
    check_against_reference<T>(no_initial, reference_for(no_initial));
}

TEST_CASE("adagrad: the accumulator starts at initial_accumulator_value at step 0 only")
{
    xo::adagrad const opt{.learning_rate = 0.1f, .initial_accumulator_value = 0.5f};
    problem<double, xo::adagrad> p(opt);
    p.run_step();
    std::vector<std::string> names;
    p.slots_a->visit([&](std::string_view name, std::span<double, 3> acc) {
        names.emplace_back(name);
        vec const g = gradient_at(start);
        for (std::size_t i = 0; i < 3; ++i)
        {
            CHECK(acc[i] == doctest::Approx(0.5 + g[i] * g[i]).epsilon(1e-12));
        }
    });
    CHECK(names == std::vector<std::string>{"accumulator"});

    // A run resumed from a checkpoint (step > 0) keeps the restored accumulator.
    problem<double, xo::adagrad> resumed(opt);
    resumed.slots_a->accumulator = {2.0, 3.0, 4.0};
    resumed.step = 3;
    resumed.run_step();
    vec const g = gradient_at(start);
    CHECK(resumed.slots_a->accumulator[1] == doctest::Approx(3.0 + g[1] * g[1]).epsilon(1e-12));
}

TEST_CASE("adagrad defaults and validation")
{
    xo::adagrad const d{};
    CHECK(d.learning_rate == 0.001f);
    CHECK(d.initial_accumulator_value == 0.1f);
    CHECK(d.epsilon == 1e-7f);
    CHECK(validation_message(d).empty());
    CHECK(validation_message(xo::adagrad{.initial_accumulator_value = -0.25f})
          == "xest::optim::adagrad: initial_accumulator_value = -0.25 is out of range: "
             "it must be a finite number >= 0");
    CHECK(validation_message(xo::adagrad{.epsilon = -1e-7f}).find("epsilon = -1e-07")
          != std::string::npos);
}
