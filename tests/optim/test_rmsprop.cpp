#include "optim_driver.hpp"

namespace xo = xest::optim;
using namespace optim_test;

namespace
{
    // Keras RMSprop. Plain: w <- w - lr g / sqrt(E[g^2] + eps). Centered: the denominator is
    // the variance estimate E[g^2] - E[g]^2 + eps. With momentum, the steps are accumulated.
    struct rmsprop_reference
    {
        double lr;
        double rho;
        double mu;
        double eps;
        bool centered;
        vec mean_square{};
        vec mean_grad{};
        vec accumulated{};

        void operator()(vec& w, vec const& g, std::int64_t)
        {
            for (std::size_t i = 0; i < size; ++i)
            {
                mean_square[i] = rho * mean_square[i] + (1.0 - rho) * g[i] * g[i];
                mean_grad[i] = rho * mean_grad[i] + (1.0 - rho) * g[i];
                double const variance = centered
                                            ? mean_square[i] - mean_grad[i] * mean_grad[i]
                                            : mean_square[i];
                double const step = lr * g[i] / std::sqrt(variance + eps);
                if (mu > 0.0)
                {
                    accumulated[i] = mu * accumulated[i] + step;
                    w[i] -= accumulated[i];
                }
                else
                {
                    w[i] -= step;
                }
            }
        }
    };

    rmsprop_reference reference_for(xo::rmsprop const& o)
    {
        return {o.learning_rate, o.rho, o.momentum, o.epsilon, o.centered};
    }
}

TEST_CASE_TEMPLATE("rmsprop follows Keras RMSprop", T, float, double)
{
    xo::rmsprop const plain{.learning_rate = 0.01f, .rho = 0.8f};
    check_against_reference<T>(plain, reference_for(plain));
}

TEST_CASE_TEMPLATE("rmsprop with momentum", T, float, double)
{
    xo::rmsprop const opt{.learning_rate = 0.01f, .rho = 0.8f, .momentum = 0.5f};
    check_against_reference<T>(opt, reference_for(opt));
}

TEST_CASE_TEMPLATE("rmsprop centered", T, float, double)
{
    xo::rmsprop const opt{.learning_rate = 0.01f, .rho = 0.8f, .centered = true};
    check_against_reference<T>(opt, reference_for(opt));
}

TEST_CASE_TEMPLATE("rmsprop centered with momentum", T, float, double)
{
    xo::rmsprop const opt{.learning_rate = 0.01f, .rho = 0.8f, .momentum = 0.5f,
                          .epsilon = 1e-4f, .centered = true};
    check_against_reference<T>(opt, reference_for(opt));
}

TEST_CASE("rmsprop: centered and plain differ")
{
    problem<double, xo::rmsprop> plain(xo::rmsprop{.learning_rate = 0.01f});
    problem<double, xo::rmsprop> centered(xo::rmsprop{.learning_rate = 0.01f, .centered = true});
    plain.run_step();
    centered.run_step();
    CHECK(plain.get(0) != centered.get(0));
}

TEST_CASE("rmsprop slots, defaults and validation")
{
    CHECK(slot_names<xo::rmsprop>() == std::vector<std::string>{"rms", "momentum", "mg"});
    xo::rmsprop const d{};
    CHECK(d.learning_rate == 0.001f);
    CHECK(d.rho == 0.9f);
    CHECK(d.momentum == 0.0f);
    CHECK(d.epsilon == 1e-7f);
    CHECK(d.centered == false);
    CHECK(validation_message(d).empty());
    CHECK(validation_message(xo::rmsprop{.rho = 1.0f})
          == "xest::optim::rmsprop: rho = 1 is out of range: it must be in [0, 1)");
    CHECK(validation_message(xo::rmsprop{.momentum = -0.1f}).find("momentum = -0.1")
          != std::string::npos);
}
