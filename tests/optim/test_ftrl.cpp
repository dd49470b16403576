#include "optim_driver.hpp"

namespace xo = xest::optim;
using namespace optim_test;

namespace
{
    // FTRL-Proximal per coordinate (McMahan et al. 2013, Algorithm 1) with the Keras/TF
    // extensions: a general learning-rate power, L2 shrinkage added to the gradient seen by z
    // (not by n), and the quadratic term (beta + n^p) / alpha + 2 l2.
    struct ftrl_reference
    {
        double alpha;
        double power;  // -learning_rate_power
        double l1;
        double l2;
        double shrinkage;
        double beta;
        vec n;
        vec z{};

        void operator()(vec& w, vec const& g, std::int64_t)
        {
            for (std::size_t i = 0; i < size; ++i)
            {
                double const sigma = (std::pow(n[i] + g[i] * g[i], power) - std::pow(n[i], power))
                                     / alpha;
                z[i] += g[i] + 2.0 * shrinkage * w[i] - sigma * w[i];
                n[i] += g[i] * g[i];
                if (std::abs(z[i]) <= l1)
                {
                    w[i] = 0.0;
                }
                else
                {
                    double const sign = z[i] < 0.0 ? -1.0 : 1.0;
                    w[i] = -(z[i] - sign * l1)
                           / ((beta + std::pow(n[i], power)) / alpha + 2.0 * l2);
                }
            }
        }
    };

    ftrl_reference reference_for(xo::ftrl const& o)
    {
        ftrl_reference r{o.learning_rate, -static_cast<double>(o.learning_rate_power), o.l1, o.l2,
                         o.l2_shrinkage, o.beta, {}};
        r.n.fill(o.initial_accumulator_value);
        return r;
    }
}

TEST_CASE_TEMPLATE("ftrl follows Keras Ftrl", T, float, double)
{
    xo::ftrl const opt{.learning_rate = 0.1f};
    check_against_reference<T>(opt, reference_for(opt));
}

TEST_CASE_TEMPLATE("ftrl with l1, l2, shrinkage and beta", T, float, double)
{
    xo::ftrl const opt{.learning_rate = 0.5f, .l1 = 0.05f, .l2 = 0.25f, .l2_shrinkage = 0.125f,
                       .beta = 0.5f};
    check_against_reference<T>(opt, reference_for(opt));
}

TEST_CASE_TEMPLATE("ftrl with other learning_rate_power values", T, float, double)
{
    xo::ftrl const power_075{.learning_rate = 0.5f, .learning_rate_power = -0.75f};
    check_against_reference<T>(power_075, reference_for(power_075));
    xo::ftrl const fixed_rate{.learning_rate = 0.05f, .learning_rate_power = 0.0f,
                              .initial_accumulator_value = 0.0f};
    check_against_reference<T>(fixed_rate, reference_for(fixed_rate));
}

TEST_CASE_TEMPLATE("ftrl: a large l1 sets weights to exactly zero", T, float, double)
{
    xo::ftrl const opt{.learning_rate = 0.5f, .l1 = 2.0f};
    check_against_reference<T>(opt, reference_for(opt));
    problem<T, xo::ftrl> p(opt);
    p.run_step();
    CHECK(p.get(0) == T(0));  // z = g - sigma w = -1.73, inside [-l1, l1]
    CHECK(p.get(2) != T(0));  // z = -13.8, outside
}

TEST_CASE("ftrl slots, defaults and validation")
{
    CHECK(slot_names<xo::ftrl>() == std::vector<std::string>{"accum", "linear"});
    xo::ftrl const d{};
    CHECK(d.learning_rate == 0.001f);
    CHECK(d.learning_rate_power == -0.5f);
    CHECK(d.initial_accumulator_value == 0.1f);
    CHECK(d.l1 == 0.0f);
    CHECK(d.l2 == 0.0f);
    CHECK(d.l2_shrinkage == 0.0f);
    CHECK(d.beta == 0.0f);
    CHECK(validation_message(d).empty());
    CHECK(validation_message(xo::ftrl{.learning_rate_power = 0.5f})
          == "xest::optim::ftrl: learning_rate_power = 0.5 is out of range: it must be a finite number <= 0");
    CHECK(validation_message(xo::ftrl{.learning_rate = 0.0f}).find("learning_rate = 0 is out")
          != std::string::npos);
    CHECK(validation_message(xo::ftrl{.l1 = -1.0f}).find("l1 = -1") != std::string::npos);
    CHECK(validation_message(xo::ftrl{.l2_shrinkage = -1.0f}).find("l2_shrinkage = -1")
          != std::string::npos);
}
