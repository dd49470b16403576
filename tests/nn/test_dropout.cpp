// dropout and gaussian_noise: the ops' values and gradients for a fixed key, the statistics of
// the draws, the layers' graphs per mode (no random node outside train mode, by type), and an
// estimator run with dropout that resumes from a checkpoint bitwise equal to a straight run.

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <type_traits>
#include <vector>

#include "../expr/expr_test_support.hpp"
#include "../model_dir/model_dir_support.hpp"
#include "test_files.hpp"

#include <xestimator/xestimator.hpp>

using namespace xest;
using engine_test::check_gradient;

namespace
{
    // True when the expression type E has a node of op template Op anywhere in it.
    template <template <class, class> class Op, class E>
    struct has_op : std::false_type
    {
    };
    template <template <class, class> class Op, class O, class... A>
    struct has_op<Op, expr::node<O, A...>> : std::bool_constant<(has_op<Op, A>::value || ...)>
    {
    };
    template <template <class, class> class Op, class S, class T, class... A>
    struct has_op<Op, expr::node<Op<S, T>, A...>> : std::true_type
    {
    };

    template <class T, std::size_t B, std::size_t N>
    using features_t = expr::data_leaf<expr::features_tag, T, shape<B, N>>;
}

TEST_CASE_TEMPLATE("dropout op: kept values scaled by 1 / (1 - rate), the rest 0, the mask shared by the gradient", T,
                   float, double)
{
    param<"x", shape<8, 16>, T> x;
    engine_test::fill_away_from_zero(x.value, 301);
    auto const y = dropout(x, 0.25, 7);
    auto const v = engine_test::eval(y);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < v.size(); ++i)
    {
        if (v[i] != 0.0)
        {
            ++kept;
            CHECK(engine_test::close(v[i], double(x.value.data()[i] * (T(1) / T(0.75))), 1e-6));
        }
    }
    CHECK(kept > 64);
    CHECK(kept < 128);
    // The gradient of sum(dropout(x) * x) is the mask times 2 x: finite differences see it.
    check_gradient<T>(sum(dropout(x, 0.25, 7) * x));
    check_gradient<T>(mean(square(dropout(x, 0.5, 9))));
    // float and double drop the same elements (the keep rule is decided in double).
    param<"xd", shape<8, 16>, double> xd;
    engine_test::fill_away_from_zero(xd.value, 301);
    auto const vd = engine_test::eval(dropout(xd, 0.25, 7));
    for (std::size_t i = 0; i < v.size(); ++i)
    {
        CHECK((v[i] == 0.0) == (vd[i] == 0.0));
    }
}

TEST_CASE("dropout op: the fraction kept is about 1 - rate, the mean is kept, and the key changes the mask")
{
    tensor<float, shape<64, 128>> ones;
    for (auto& v : ones)
    {
        v = 1.0f;
    }
    features_t<float, 64, 128> X{ones.data()};
    for (double rate : {0.1, 0.5, 0.8})
    {
        auto const v = engine_test::eval(dropout(X, rate, 1));
        double kept = 0.0;
        double total = 0.0;
        for (double e : v)
        {
            kept += e != 0.0 ? 1.0 : 0.0;
            total += e;
        }
        double const n = double(v.size());
        INFO("rate " << rate);
        // 8192 Bernoulli draws: the standard deviation of the fraction is below 0.006.
        CHECK(std::abs(kept / n - (1.0 - rate)) < 0.03);
        CHECK(std::abs(total / n - 1.0) < 0.1);
    }
    // Another stream, seed or step gives another mask.
    auto mask_of = [&](std::uint64_t seed, std::int64_t step, std::uint64_t stream)
    {
        auto const y = dropout(X, 0.5, stream);
        expr::program<false, decltype(y)> p(y);
        p.set_random_seed(seed);
        p.set_step(step);
        p.forward<0>();
        return std::vector<float>(p.value<0>(), p.value<0>() + 64 * 128);
    };
    auto const base = mask_of(1, 2, 3);
    CHECK(mask_of(1, 2, 3) == base);
    CHECK(mask_of(9, 2, 3) != base);
    CHECK(mask_of(1, 5, 3) != base);
    CHECK(mask_of(1, 2, 4) != base);
    CHECK_THROWS_AS(dropout(X, 1.0), config_error);
    CHECK_THROWS_AS(dropout(X, -0.1), config_error);
}

TEST_CASE_TEMPLATE("gaussian_noise op: x plus noise of the given standard deviation, gradient 1", T, float, double)
{
    tensor<T, shape<64, 128>> zeros{};
    features_t<T, 64, 128> X{zeros.data()};
    auto const v = engine_test::eval(gaussian_noise(X, 0.5, 2));
    double m = 0.0;
    double s = 0.0;
    for (double e : v)
    {
        m += e;
        s += e * e;
    }
    m /= double(v.size());
    s = std::sqrt(s / double(v.size()) - m * m);
    CHECK(std::abs(m) < 0.02);
    CHECK(std::abs(s - 0.5) < 0.02);
    param<"x", shape<4, 5>, T> x;
    engine_test::fill(x.value, 302);
    check_gradient<T>(sum(gaussian_noise(x, 0.3, 1) * x));
    CHECK_THROWS_AS(gaussian_noise(X, -1.0), config_error);
}

TEST_CASE("dropout and gaussian_noise layers: a random node in train mode only, by type")
{
    tensor<float, shape<4, 6>> x{};
    features_t<float, 4, 6> X{x.data()};
    nn::dropout<0.5, "drop"> drop;
    nn::gaussian_noise<0.1, "noise"> noise;
    static_assert(decltype(drop)::rate == 0.5);
    using train_t = decltype(noise(drop(X, mode::train{}), mode::train{}));
    static_assert(has_op<expr::dropout_op, train_t>::value);
    static_assert(has_op<expr::gaussian_noise_op, train_t>::value);
    // Eval and predict: the layers return their input itself, so the graph is X's.
    static_assert(std::is_same_v<decltype(noise(drop(X, mode::eval{}), mode::eval{})), features_t<float, 4, 6>>);
    static_assert(std::is_same_v<decltype(noise(drop(X, mode::predict{}), mode::predict{})), features_t<float, 4, 6>>);
    // A rate of 0 draws nothing in any mode.
    static_assert(std::is_same_v<decltype(nn::dropout<0>{}(X, mode::train{})), features_t<float, 4, 6>>);
    // The layers' streams differ by name.
    CHECK(expr::stream_of("drop") != expr::stream_of("drop2"));
    // No labels in predict mode: absorbed as by every op.
    static_assert(std::is_same_v<decltype(drop(no_labels{}, mode::train{})), no_labels>);
}

namespace
{
    // Two features -> 8 -> dropout -> noise -> 1, MSE; the dropped units differ every step.
    struct dropout_model
    {
        nn::dense<2, 8, nn::tanh, "hidden"> hidden;
        nn::dropout<0.5, "drop"> drop;
        nn::gaussian_noise<0.05, "noise"> noise;
        nn::dense<8, 1, nn::linear, "out"> out;

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            auto y = out(noise(drop(hidden(features), mode), mode));
            return spec(mode).loss(losses::mean_squared_error(labels, y)).predictions(y);
        }
    };

    using dropout_estimator = estimator<dropout_model, optim::adam>;

    run_config config_for(std::filesystem::path const& dir)
    {
        return {.model_dir = dir.string(), .random_seed = 5, .save_summary_steps = 0, .log_step_count_steps = 0};
    }

    struct two_features
    {
        xt::xtensor<float, 2> x = xt::xtensor<float, 2>::from_shape({40, 2});
        xt::xtensor<float, 1> y = xt::xtensor<float, 1>::from_shape({40});
        two_features()
        {
            for (std::size_t i = 0; i < 40; ++i)
            {
                x(i, 0) = float(i % 7) * 0.3f - 1.0f;
                x(i, 1) = float(i % 5) * 0.4f - 0.8f;
                y(i) = 0.5f * x(i, 0) - 1.5f * x(i, 1) + 0.25f;
            }
        }
    };
}

TEST_CASE("dropout in an estimator: 30 steps, a restart, 30 more equal 60 straight steps bitwise")
{
    xest_test::scratch_dir tmp;
    two_features const data;
    auto make_input = [&]
    { return inputs::from_arrays<8, 2>(data.x, data.y, {.num_epochs = inputs::repeat, .shuffle = true, .seed = 3}); };
    optim::adam const opt{.learning_rate = 0.05f};
    std::map<std::string, std::string> resumed;
    {
        auto in = make_input();
        dropout_estimator a(config_for(tmp / "resumed"), opt);
        a.train(in, steps{30});
    }
    {
        auto in = make_input();
        dropout_estimator b(config_for(tmp / "resumed"), opt);
        REQUIRE(b.global_step() == 30);
        b.train(in, steps{30});
        resumed = xest_test::param_bytes(b);
    }
    auto in = make_input();
    dropout_estimator c(config_for(tmp / "straight"), opt);
    c.train(in, steps{60});
    CHECK(resumed == xest_test::param_bytes(c));
    // Another seed draws other masks, so training ends elsewhere: the masks are really used.
    auto in2 = make_input();
    run_config other = config_for(tmp / "other");
    other.random_seed = 6;
    dropout_estimator d(other, opt);
    for_each_model_param(d.model(), [](auto& p) { p.initialize(5); });  // seed 5's initial params
    d.train(in2, steps{60});
    CHECK(xest_test::param_bytes(d) != xest_test::param_bytes(c));
    // Evaluation and prediction draw nothing: two calls give the same bits.
    auto e1 = inputs::from_arrays<8, 2>(data.x, data.y);
    auto e2 = inputs::from_arrays<8, 2>(data.x, data.y);
    CHECK(c.evaluate(e1).loss == c.evaluate(e2).loss);
}
