// Every numeric field of every optimizer, schedule and clipping wrapper refuses NaN and both
// infinities, with a message naming the type and the field.
#include <cmath>
#include <limits>
#include <string>

#include "optim_driver.hpp"

namespace xo = xest::optim;
using namespace optim_test;

namespace
{
    constexpr float bad_values[] = {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                                    -std::numeric_limits<float>::infinity()};

    /// Sets @p field of a valid @p x to NaN, +inf and -inf in turn; each must be refused naming
    /// "xest::optim::<owner>: <name> = ".
    template <class X, class F>
    void check_field(X const& x, F X::* field, std::string const& owner, std::string const& name)
    {
        REQUIRE(validation_message(x).empty());
        for (float v : bad_values)
        {
            X y = x;
            y.*field = static_cast<F>(v);
            std::string const msg = validation_message(y);
            INFO(owner << "." << name << " = " << v << ": " << msg);
            CHECK(msg.find("xest::optim::" + owner + ": " + name + " = ") == 0);
            CHECK(msg.find("out of range") != std::string::npos);
        }
    }
}

TEST_CASE("optimizers refuse NaN and infinite hyper-parameters, naming the field")
{
    check_field(xo::gradient_descent{}, &xo::gradient_descent::learning_rate, "gradient_descent", "learning_rate");
    check_field(xo::momentum{}, &xo::momentum::learning_rate, "momentum", "learning_rate");
    check_field(xo::momentum{}, &xo::momentum::momentum, "momentum", "momentum");
    check_field(xo::adagrad{}, &xo::adagrad::learning_rate, "adagrad", "learning_rate");
    check_field(xo::adagrad{}, &xo::adagrad::initial_accumulator_value, "adagrad", "initial_accumulator_value");
    check_field(xo::adagrad{}, &xo::adagrad::epsilon, "adagrad", "epsilon");
    check_field(xo::rmsprop{}, &xo::rmsprop::learning_rate, "rmsprop", "learning_rate");
    check_field(xo::rmsprop{}, &xo::rmsprop::rho, "rmsprop", "rho");
    check_field(xo::rmsprop{}, &xo::rmsprop::momentum, "rmsprop", "momentum");
    check_field(xo::rmsprop{}, &xo::rmsprop::epsilon, "rmsprop", "epsilon");
    // The case the issue names: Adam took an infinite learning rate.
    check_field(xo::adam{}, &xo::adam::learning_rate, "adam", "learning_rate");
    check_field(xo::adam{}, &xo::adam::beta_1, "adam", "beta_1");
    check_field(xo::adam{}, &xo::adam::beta_2, "adam", "beta_2");
    check_field(xo::adam{}, &xo::adam::epsilon, "adam", "epsilon");
    check_field(xo::adamw{}, &xo::adamw::learning_rate, "adamw", "learning_rate");
    check_field(xo::adamw{}, &xo::adamw::epsilon, "adamw", "epsilon");
    check_field(xo::adamw{}, &xo::adamw::weight_decay, "adamw", "weight_decay");
    check_field(xo::ftrl{}, &xo::ftrl::learning_rate, "ftrl", "learning_rate");
    check_field(xo::ftrl{}, &xo::ftrl::learning_rate_power, "ftrl", "learning_rate_power");
    check_field(xo::ftrl{}, &xo::ftrl::initial_accumulator_value, "ftrl", "initial_accumulator_value");
    check_field(xo::ftrl{}, &xo::ftrl::l1, "ftrl", "l1");
    check_field(xo::ftrl{}, &xo::ftrl::l2, "ftrl", "l2");
    check_field(xo::ftrl{}, &xo::ftrl::l2_shrinkage, "ftrl", "l2_shrinkage");
    check_field(xo::ftrl{}, &xo::ftrl::beta, "ftrl", "beta");
}

TEST_CASE("schedules and clipping wrappers refuse NaN and infinite fields, naming the field")
{
    check_field(xo::constant{0.1f}, &xo::constant::learning_rate, "constant", "learning_rate");
    xo::exponential_decay const e{0.1f, 10, 0.5f};
    check_field(e, &xo::exponential_decay::initial_learning_rate, "exponential_decay", "initial_learning_rate");
    check_field(e, &xo::exponential_decay::decay_rate, "exponential_decay", "decay_rate");
    xo::cosine_decay const c{0.1f, 10};
    check_field(c, &xo::cosine_decay::initial_learning_rate, "cosine_decay", "initial_learning_rate");
    check_field(c, &xo::cosine_decay::alpha, "cosine_decay", "alpha");
    auto const w = xo::warmup(5, xo::constant{0.1f});
    check_field(w, &decltype(w)::initial_learning_rate, "linear_warmup", "initial_learning_rate");
    auto const p = xo::piecewise({10}, {0.1f, 0.01f});
    for (float v : bad_values)
    {
        auto q = p;
        q.values[1] = v;
        CHECK(validation_message(q).find("xest::optim::piecewise_constant: values[1] = ") == 0);
    }
    auto const cv = xo::clip_value(xo::adam{}, -1.0f, 1.0f);
    check_field(cv, &decltype(cv)::clip_value_min, "clip_by_value", "clip_value_min");
    check_field(cv, &decltype(cv)::clip_value_max, "clip_by_value", "clip_value_max");
    auto const cn = xo::clip_global_norm(xo::adam{}, 5.0f);
    check_field(cn, &decltype(cn)::clip_norm, "clip_by_global_norm", "clip_norm");
    // A wrapper validates what it wraps.
    auto bad_inner = xo::clip_global_norm(xo::adam{.learning_rate = std::numeric_limits<float>::infinity()}, 5.0f);
    CHECK(validation_message(bad_inner).find("xest::optim::adam: learning_rate = inf") == 0);
    auto scheduled = xo::schedule(xo::adam{}, xo::constant{std::numeric_limits<float>::quiet_NaN()});
    CHECK(validation_message(scheduled).find("xest::optim::constant: learning_rate = nan") == 0);
}
