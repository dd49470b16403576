#include "optim_driver.hpp"

#include <cmath>
#include <limits>

namespace xo = xest::optim;
using namespace optim_test;

TEST_CASE_TEMPLATE("gradient_descent follows var -= lr * g", T, float, double)
{
    xo::gradient_descent const opt{.learning_rate = 0.1f};
    double const lr = opt.learning_rate;
    check_against_reference<T>(opt, [lr](vec& w, vec const& g, std::int64_t) {
        for (std::size_t i = 0; i < size; ++i)
        {
            w[i] = w[i] - lr * g[i];
        }
    });
}

TEST_CASE("gradient_descent defaults, slots and validation")
{
    CHECK(xo::gradient_descent{}.learning_rate == 0.01f);
    CHECK(xo::gradient_descent{}.current_learning_rate(7) == 0.01f);
    CHECK(slot_names<xo::gradient_descent>().empty());
    CHECK(validation_message(xo::gradient_descent{}).empty());
    CHECK(validation_message(xo::gradient_descent{.learning_rate = -0.5f})
          == "xest::optim::gradient_descent: learning_rate = -0.5 is out of range: it must be a finite number >= 0");
    CHECK(validation_message(xo::gradient_descent{std::numeric_limits<float>::quiet_NaN()})
              .find("learning_rate = nan") != std::string::npos);
}

TEST_CASE("update accepts a mutable gradient span, also through wrappers")
{
    // The estimator's gradient buffers are mutable (clipping writes them); update takes them
    // as std::span<T const, N> without the caller converting.
    auto const opt = xo::clip_value(xo::schedule(xo::gradient_descent{}, xo::constant{0.5f}),
                                    -1.0f, 1.0f);
    std::array<double, 2> w{1.0, 2.0};
    std::array<double, 2> g{0.5, -0.25};
    decltype(opt)::slots<double, 2> s{};
    opt.update(opt.prepare(0, opt.current_learning_rate(0)), std::span<double, 2>(w),
               std::span<double, 2>(g), s);
    CHECK(w[0] == 0.75);
    CHECK(w[1] == 2.125);
}
