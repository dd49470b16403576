#include "optim_driver.hpp"

namespace xo = xest::optim;
using namespace optim_test;

namespace
{
    // Keras SGD with momentum: v <- mu v - lr g; w <- w + v, or w <- w + mu v - lr g (Nesterov).
    struct momentum_reference
    {
        double lr;
        double mu;
        bool nesterov;
        vec v{};

        void operator()(vec& w, vec const& g, std::int64_t)
        {
            for (std::size_t i = 0; i < size; ++i)
            {
                v[i] = mu * v[i] - lr * g[i];
                w[i] += nesterov ? mu * v[i] - lr * g[i] : v[i];
            }
        }
    };
}

TEST_CASE_TEMPLATE("momentum follows Keras SGD(momentum)", T, float, double)
{
    xo::momentum const opt{.learning_rate = 0.05f, .momentum = 0.75f};
    check_against_reference<T>(opt, momentum_reference{opt.learning_rate, opt.momentum, false});
}

TEST_CASE_TEMPLATE("momentum with use_nesterov follows Keras SGD(nesterov=True)", T, float, double)
{
    xo::momentum const opt{.learning_rate = 0.05f, .momentum = 0.75f, .use_nesterov = true};
    check_against_reference<T>(opt, momentum_reference{opt.learning_rate, opt.momentum, true});
}

TEST_CASE("momentum: Nesterov and plain differ after the first step")
{
    problem<double, xo::momentum> plain(xo::momentum{.learning_rate = 0.05f});
    problem<double, xo::momentum> nesterov(
        xo::momentum{.learning_rate = 0.05f, .use_nesterov = true});
    plain.run_step();
    nesterov.run_step();
    CHECK(plain.get(0) != nesterov.get(0));
}

TEST_CASE("momentum: the velocity slot holds the reference velocity")
{
    xo::momentum const opt{.learning_rate = 0.05f, .momentum = 0.75f};
    problem<double, xo::momentum> p(opt);
    momentum_reference ref{opt.learning_rate, opt.momentum, false};
    vec w = start;
    for (int s = 0; s < 3; ++s)
    {
        p.run_step();
        ref(w, gradient_at(w), s);
    }
    std::vector<std::string> names;
    p.slots_a->visit([&](std::string_view name, std::span<double, 3> v) {
        names.emplace_back(name);
        for (std::size_t i = 0; i < 3; ++i)
        {
            CHECK(relative_error(v[i], ref.v[i]) <= 1e-12);
        }
    });
    CHECK(names == std::vector<std::string>{"momentum"});
}

TEST_CASE("momentum defaults and validation")
{
    xo::momentum const d{};
    CHECK(d.learning_rate == 0.01f);
    CHECK(d.momentum == 0.9f);
    CHECK(d.use_nesterov == false);
    CHECK(validation_message(d).empty());
    CHECK(validation_message(xo::momentum{.momentum = 1.5f})
          == "xest::optim::momentum: momentum = 1.5 is out of range: it must be in [0, 1]");
    CHECK(validation_message(xo::momentum{.learning_rate = -1.0f}).find("learning_rate = -1")
          != std::string::npos);
}
