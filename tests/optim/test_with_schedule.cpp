#include "optim_driver.hpp"

namespace xo = xest::optim;
using namespace optim_test;

namespace
{
    struct no_preprocess_each
    {
        template <class F>
        void operator()(F&&) const
        {
        }
    };
}

static_assert(xo::optimizer<xo::adam>);
static_assert(xo::optimizer<xo::with_schedule<xo::adam, xo::cosine_decay>>);
static_assert(xo::optimizer<xo::clip_by_value<xo::with_schedule<xo::ftrl, xo::constant>>>);
static_assert(!xo::optimizer<int>);
static_assert(!xo::optimizer<xo::cosine_decay>);
static_assert(xo::learning_rate_schedule<xo::piecewise_constant<3>>);
static_assert(!xo::learning_rate_schedule<xo::adam>);
static_assert(!xo::has_preprocess<xo::with_schedule<xo::adam, xo::constant>, no_preprocess_each>);
static_assert(xo::has_preprocess<xo::with_schedule<xo::clip_by_global_norm<xo::adam>, xo::constant>,
                                 no_preprocess_each>);

TEST_CASE_TEMPLATE("with_schedule feeds the scheduled rate to the update", T, float, double)
{
    // Gradient descent with lr_t = 0.2 * 0.5^(t / 2).
    auto const opt = xo::schedule(xo::gradient_descent{},
                                  xo::exponential_decay{0.2f, 2, 0.5f});
    check_against_reference<T>(opt, [](vec& w, vec const& g, std::int64_t step) {
        double const lr = 0.2 * std::pow(0.5, static_cast<double>(step) / 2.0);
        for (std::size_t i = 0; i < size; ++i)
        {
            w[i] -= lr * g[i];
        }
    });
}

TEST_CASE_TEMPLATE("with_schedule over adamw decays with the scheduled rate", T, float, double)
{
    auto const opt = xo::schedule(xo::adamw{.weight_decay = 0.25f},
                                  xo::piecewise({1, 3}, {0.1f, 0.05f, 0.01f}));
    vec m{};
    vec v{};
    check_against_reference<T>(opt, [&](vec& w, vec const& g, std::int64_t step) {
        double const lr = step <= 1 ? double(0.1f) : step <= 3 ? double(0.05f) : double(0.01f);
        double const t = static_cast<double>(step + 1);
        double const b1 = double(0.9f);
        double const b2 = double(0.999f);
        for (std::size_t i = 0; i < size; ++i)
        {
            w[i] -= w[i] * 0.25 * lr;
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            w[i] -= lr * (m[i] / (1 - std::pow(b1, t)))
                    / (std::sqrt(v[i] / (1 - std::pow(b2, t)))
                       + double(1e-7f) / std::sqrt(1 - std::pow(b2, t)));
        }
    });
}

TEST_CASE("with_schedule: designated initializers, forwarding and validation")
{
    xo::with_schedule<xo::adam, xo::constant> const opt{.opt = {.beta_1 = 0.5f},
                                                        .schedule = {0.25f}};
    CHECK(opt.current_learning_rate(0) == 0.25f);
    CHECK(opt.current_learning_rate(99) == 0.25f);
    CHECK(opt.opt.learning_rate == 0.001f);  // unused while a schedule is set
    CHECK(slot_names<decltype(opt)>() == std::vector<std::string>{"m", "v"});
    CHECK(validation_message(opt).empty());
    CHECK(validation_message(xo::schedule(xo::adam{.beta_1 = 2.0f}, xo::constant{0.1f}))
              .find("beta_1 = 2") != std::string::npos);
    CHECK(validation_message(xo::schedule(xo::adam{}, xo::constant{-0.1f}))
              .find("constant: learning_rate = -0.1") != std::string::npos);
    // A schedule without validate() is accepted as is.
    auto const lambda = xo::schedule(xo::adam{}, [](std::int64_t s) { return 1.0f / float(s + 1); });
    CHECK(validation_message(lambda).empty());
    CHECK(lambda.current_learning_rate(3) == 0.25f);
}
