#include "optim_driver.hpp"

#include <limits>

namespace xo = xest::optim;
using namespace optim_test;

namespace
{
    // Applies a clip to two gradient buffers the way the estimator calls preprocess.
    template <class Opt>
    void preprocess(Opt const& opt, std::vector<double>& a, std::vector<double>& b)
    {
        auto each = [&](auto&& f) {
            f(std::span<double>(a));
            f(std::span<double>(b));
        };
        opt.preprocess(each);
    }

    vec clip_values(vec g, double lo, double hi)
    {
        for (double& x : g)
        {
            x = x < lo ? lo : (x > hi ? hi : x);
        }
        return g;
    }

    vec clip_norm(vec g, double limit)
    {
        double sum = 0.0;
        for (double x : g)
        {
            sum += x * x;
        }
        double const norm = std::sqrt(sum);
        if (norm > limit)
        {
            for (double& x : g)
            {
                x = x * limit / norm;
            }
        }
        return g;
    }

    struct adam_reference
    {
        double lr;
        vec m{};
        vec v{};

        void operator()(vec& w, vec const& g, std::int64_t step)
        {
            double const b1 = double(0.9f);
            double const b2 = double(0.999f);
            double const t = static_cast<double>(step + 1);
            double const alpha = lr * std::sqrt(1 - std::pow(b2, t)) / (1 - std::pow(b1, t));
            for (std::size_t i = 0; i < size; ++i)
            {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                w[i] -= alpha * m[i] / (std::sqrt(v[i]) + double(1e-7f));
            }
        }
    };
}

TEST_CASE("clip_by_global_norm scales all gradients together")
{
    auto const opt = xo::clip_global_norm(xo::gradient_descent{}, 1.0f);
    std::vector<double> a{3.0, 0.0};
    std::vector<double> b{4.0};
    preprocess(opt, a, b);  // global norm 5
    CHECK(a[0] == doctest::Approx(0.6).epsilon(1e-15));
    CHECK(a[1] == 0.0);
    CHECK(b[0] == doctest::Approx(0.8).epsilon(1e-15));

    std::vector<double> small_a{0.3, 0.0};
    std::vector<double> small_b{0.4};
    preprocess(opt, small_a, small_b);  // norm 0.5 <= 1: untouched
    CHECK(small_a[0] == 0.3);
    CHECK(small_b[0] == 0.4);

    std::vector<double> zero_a{0.0, 0.0};
    std::vector<double> zero_b{0.0};
    preprocess(opt, zero_a, zero_b);
    CHECK(zero_a[0] == 0.0);

    // tf.clip_by_global_norm: an infinite norm turns every gradient into NaN.
    std::vector<double> inf_a{std::numeric_limits<double>::infinity(), 1.0};
    std::vector<double> inf_b{2.0};
    preprocess(opt, inf_a, inf_b);
    CHECK(std::isnan(inf_a[1]));
    CHECK(std::isnan(inf_b[0]));
}

TEST_CASE("clip_by_value clamps each element and keeps NaN")
{
    xo::clip_by_value<xo::gradient_descent> const opt{.opt = {}, .clip_value_min = -1.0f,
                                                       .clip_value_max = 0.5f};
    std::vector<double> a{-3.0, 0.25, std::numeric_limits<double>::quiet_NaN()};
    std::vector<double> b{2.0};
    preprocess(opt, a, b);
    CHECK(a[0] == -1.0);
    CHECK(a[1] == 0.25);
    CHECK(std::isnan(a[2]));
    CHECK(b[0] == 0.5);
}

TEST_CASE_TEMPLATE("clip_by_value over gradient descent", T, float, double)
{
    auto const opt = xo::clip_value(xo::gradient_descent{.learning_rate = 0.1f}, -1.0f, 1.25f);
    check_against_reference<T>(opt, [](vec& w, vec const& g, std::int64_t) {
        vec const c = clip_values(g, -1.0, 1.25);
        for (std::size_t i = 0; i < size; ++i)
        {
            w[i] -= double(0.1f) * c[i];
        }
    });
}

TEST_CASE_TEMPLATE("clip_by_global_norm over gradient descent, clipped then not", T, float, double)
{
    // The first gradient has norm 8.16 > 8; later ones are shorter and pass unchanged.
    auto const opt = xo::clip_global_norm(xo::gradient_descent{.learning_rate = 0.1f}, 8.0f);
    check_against_reference<T>(opt, [](vec& w, vec const& g, std::int64_t) {
        vec const c = clip_norm(g, 8.0);
        for (std::size_t i = 0; i < size; ++i)
        {
            w[i] -= double(0.1f) * c[i];
        }
    });
}

TEST_CASE_TEMPLATE("clip_by_global_norm over adam", T, float, double)
{
    auto const opt = xo::clip_global_norm(xo::adam{.learning_rate = 0.1f}, 2.0f);
    adam_reference adam{double(0.1f)};
    check_against_reference<T>(opt, [&](vec& w, vec const& g, std::int64_t step) {
        adam(w, clip_norm(g, 2.0), step);
    });
}

TEST_CASE_TEMPLATE("clipping composes: the outer wrapper clips first", T, float, double)
{
    auto const norm_then_value =
        xo::clip_global_norm(xo::clip_value(xo::adam{.learning_rate = 0.1f}, -1.0f, 1.0f), 4.0f);
    adam_reference adam1{double(0.1f)};
    check_against_reference<T>(norm_then_value, [&](vec& w, vec const& g, std::int64_t step) {
        adam1(w, clip_values(clip_norm(g, 4.0), -1.0, 1.0), step);
    });

    auto const value_then_norm =
        xo::clip_value(xo::clip_global_norm(xo::adam{.learning_rate = 0.1f}, 4.0f), -1.0f, 1.0f);
    adam_reference adam2{double(0.1f)};
    check_against_reference<T>(value_then_norm, [&](vec& w, vec const& g, std::int64_t step) {
        adam2(w, clip_norm(clip_values(g, -1.0, 1.0), 4.0), step);
    });

    // With a schedule on top, preprocess is still found and applied.
    auto const scheduled = xo::schedule(norm_then_value, xo::constant{0.05f});
    adam_reference adam3{double(0.05f)};
    check_against_reference<T>(scheduled, [&](vec& w, vec const& g, std::int64_t step) {
        adam3(w, clip_values(clip_norm(g, 4.0), -1.0, 1.0), step);
    });
}

TEST_CASE("clipping: forwarding and validation")
{
    auto const opt = xo::clip_value(xo::clip_global_norm(xo::adam{.learning_rate = 0.02f}, 1.0f),
                                    -1.0f, 1.0f);
    CHECK(opt.current_learning_rate(5) == 0.02f);
    CHECK(slot_names<decltype(opt)>() == std::vector<std::string>{"m", "v"});
    CHECK(validation_message(opt).empty());
    CHECK(validation_message(xo::clip_value(xo::adam{}, 1.0f, -1.0f))
          == "xest::optim::clip_by_value: clip_value_min = 1 is out of range: it must be <= "
             "clip_value_max = -1");
    CHECK(validation_message(xo::clip_global_norm(xo::adam{}, 0.0f))
          == "xest::optim::clip_by_global_norm: clip_norm = 0 is out of range: it must be a finite number > 0");
    CHECK(validation_message(xo::clip_global_norm(xo::adam{.beta_2 = 1.0f}, 1.0f))
              .find("adam: beta_2 = 1") != std::string::npos);
}
