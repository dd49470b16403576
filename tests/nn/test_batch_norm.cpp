// batch_norm: the batch-statistics op (values, gradients, partial batches), the layer per mode
// (batch statistics and moving-statistics updates in train mode, the moving statistics in eval
// and predict mode, by type), the moving statistics converging to the data's, and an estimator
// run whose moving statistics are checkpointed, resume bitwise and cost no allocation per step.

#include <cmath>
#include <cstdio>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "../expr/expr_test_support.hpp"
#include "../model_dir/model_dir_support.hpp"
#include "allocation_counter.hpp"
#include "test_files.hpp"

#include <xestimator/xestimator.hpp>

using namespace xest;
using engine_test::check_gradient;

namespace
{
    // True when the expression type E has a normalize_batch node anywhere in it.
    template <class E>
    struct has_batch_statistics : std::false_type
    {
    };
    template <class O, class... A>
    struct has_batch_statistics<expr::node<O, A...>> : std::bool_constant<(has_batch_statistics<A>::value || ...)>
    {
    };
    template <class S, class T, bool B, class... A>
    struct has_batch_statistics<expr::node<expr::normalize_batch_op<S, T, B>, A...>> : std::true_type
    {
    };

    template <class T, std::size_t B, std::size_t N>
    using features_t = expr::data_leaf<expr::features_tag, T, shape<B, N>>;

    // Per-feature mean and variance (1/n) of the first `rows` rows of a row-major <rows, C> array.
    template <class T>
    void moments_of(T const* x, std::size_t rows, std::size_t c, std::vector<double>& mean, std::vector<double>& var)
    {
        mean.assign(c, 0.0);
        var.assign(c, 0.0);
        for (std::size_t r = 0; r < rows; ++r)
        {
            for (std::size_t j = 0; j < c; ++j)
            {
                mean[j] += double(x[r * c + j]) / double(rows);
            }
        }
        for (std::size_t r = 0; r < rows; ++r)
        {
            for (std::size_t j = 0; j < c; ++j)
            {
                double const e = double(x[r * c + j]) - mean[j];
                var[j] += e * e / double(rows);
            }
        }
    }
}

TEST_CASE_TEMPLATE("normalize_batch op: each feature to mean 0 and variance 1 over the batch, and its gradient", T,
                   float, double)
{
    param<"x", shape<6, 4>, T> x;
    engine_test::fill(x.value, 401, -2.0, 3.0);
    double const eps = 1e-3;
    auto const v = engine_test::eval(normalize_batch(x, eps));
    std::vector<double> m;
    std::vector<double> var;
    moments_of(x.value.data(), 6, 4, m, var);
    for (std::size_t r = 0; r < 6; ++r)
    {
        for (std::size_t c = 0; c < 4; ++c)
        {
            double const want = (double(x.value(r, c)) - m[c]) / std::sqrt(var[c] + eps);
            CHECK(engine_test::close(v[r * 4 + c], want, sizeof(T) == 4 ? 1e-5 : 1e-12));
        }
    }
    // sum(y) is 0 for every x, so weight the outputs to see the whole Jacobian.
    param<"w", shape<6, 4>, T> w;
    engine_test::fill(w.value, 402);
    check_gradient<T>(sum(normalize_batch(x) * w));
    check_gradient<T>(mean(square(normalize_batch(x * 0.5f + 1.0f) - w)));
    // Rank 3: the statistics are over axes 0 and 1, per feature of the last axis.
    param<"x3", shape<3, 2, 4>, T> x3;
    param<"w3", shape<3, 2, 4>, T> w3;
    engine_test::fill(x3.value, 403, -1.0, 2.0);
    engine_test::fill(w3.value, 404);
    check_gradient<T>(sum(normalize_batch(x3) * w3));
}

TEST_CASE_TEMPLATE("normalize_batch op: a partial batch is normalized with its real rows, padding gets no gradient", T,
                   float, double)
{
    tensor<T, shape<6, 3>> x;
    engine_test::fill(x, 405, -1.0, 2.0);
    features_t<T, 6, 3> X{x.data()};
    auto const partial = engine_test::eval(normalize_batch(X), 4);
    // The same four rows as a full batch of four.
    tensor<T, shape<4, 3>> x4;
    for (std::size_t i = 0; i < 12; ++i)
    {
        x4.data()[i] = x.data()[i];
    }
    features_t<T, 4, 3> X4{x4.data()};
    auto const full = engine_test::eval(normalize_batch(X4));
    for (std::size_t i = 0; i < 12; ++i)
    {
        CHECK(partial[i] == full[i]);
    }
    // Images <B, H, W, C>: statistics over B, H and W, of the real images only.
    tensor<T, shape<3, 2, 2, 2>> images;
    engine_test::fill(images, 415, -1.0, 2.0);
    tensor<T, shape<2, 2, 2, 2>> two_images;
    for (std::size_t i = 0; i < 16; ++i)
    {
        two_images.data()[i] = images.data()[i];
    }
    expr::data_leaf<expr::features_tag, T, shape<3, 2, 2, 2>> I3{images.data()};
    expr::data_leaf<expr::features_tag, T, shape<2, 2, 2, 2>> I2{two_images.data()};
    auto const partial_images = engine_test::eval(normalize_batch(I3), 2);
    auto const full_images = engine_test::eval(normalize_batch(I2));
    for (std::size_t i = 0; i < 16; ++i)
    {
        CHECK(partial_images[i] == full_images[i]);
    }
    // Through a layer, with the gradient of every param checked on 4 real rows of 6.
    param<"w", shape<3>, T> w{init::constant{0.7}};
    nn::batch_norm<3, "bn", T> bn;
    engine_test::fill(bn.gamma.value, 406, 0.5, 1.5);
    engine_test::fill(bn.beta.value, 407);
    check_gradient<T>(mean(square(bn(X * w, mode::train{}) - 0.3f)), 4);
    auto const g = engine_test::grad<param<"w", shape<3>, T>>(sum(normalize_batch(X * w) * 1.0f), 4);
    for (double e : g)
    {
        CHECK(std::isfinite(e));
    }
}

TEST_CASE_TEMPLATE("batch_norm layer: train mode uses the batch, eval and predict the moving statistics", T, float,
                   double)
{
    param<"x", shape<5, 4>, T> x;
    engine_test::fill(x.value, 408, -1.0, 3.0);
    nn::batch_norm<4, "bn", T> bn;
    engine_test::fill(bn.gamma.value, 409, 0.5, 1.5);
    engine_test::fill(bn.beta.value, 410);
    engine_test::fill(bn.moving_mean.value, 411);
    engine_test::fill(bn.moving_variance.value, 412, 0.5, 2.0);
    using train_t = decltype(bn(x, mode::train{}));
    static_assert(has_batch_statistics<train_t>::value);
    // Eval and predict read the moving statistics and compute no batch statistics, by type.
    static_assert(!has_batch_statistics<decltype(bn(x, mode::eval{}))>::value);
    static_assert(std::is_same_v<decltype(bn(x, mode::eval{})), decltype(bn(x, mode::predict{}))>);
    static_assert(!decltype(bn)::moving_mean_type::trainable && decltype(bn)::gamma_type::trainable);
    static_assert(std::is_same_v<decltype(bn(no_labels{}, mode::train{})), no_labels>);

    std::vector<double> const mm(bn.moving_mean.value.begin(), bn.moving_mean.value.end());
    std::vector<double> const mv(bn.moving_variance.value.begin(), bn.moving_variance.value.end());
    auto const ev = engine_test::eval(bn(x, mode::eval{}));
    auto const tv = engine_test::eval(bn(x, mode::train{}));
    std::vector<double> bm;
    std::vector<double> bv;
    moments_of(x.value.data(), 5, 4, bm, bv);
    double const tol = sizeof(T) == 4 ? 1e-5 : 1e-12;
    for (std::size_t r = 0; r < 5; ++r)
    {
        for (std::size_t c = 0; c < 4; ++c)
        {
            double const g = bn.gamma.value(c);
            double const b = bn.beta.value(c);
            double const xv = x.value(r, c);
            CHECK(engine_test::close(ev[r * 4 + c], (xv - mm[c]) / std::sqrt(mv[c] + 1e-3) * g + b, tol));
            CHECK(engine_test::close(tv[r * 4 + c], (xv - bm[c]) / std::sqrt(bv[c] + 1e-3) * g + b, tol));
        }
    }
    // The train step moved the moving statistics by (1 - 0.99) of the way to the batch's.
    for (std::size_t c = 0; c < 4; ++c)
    {
        CHECK(engine_test::close(double(bn.moving_mean.value(c)), mm[c] + (bm[c] - mm[c]) * 0.01, tol * 10));
        CHECK(engine_test::close(double(bn.moving_variance.value(c)), mv[c] + (bv[c] - mv[c]) * 0.01, tol * 10));
    }
    // Gradients: to x, gamma and beta in both modes (none to the moving statistics).
    param<"w", shape<5, 4>, T> w;
    engine_test::fill(w.value, 413);
    check_gradient<T>(sum(bn(x, mode::train{}) * w));
    check_gradient<T>(sum(bn(x, mode::eval{}) * w));
    using program_t = expr::program<true, decltype(sum(bn(x, mode::train{}) * w))>;
    static_assert(!program_t::template has_gradient<typename decltype(bn)::moving_mean_type>());
    static_assert(program_t::template has_gradient<typename decltype(bn)::gamma_type>());
}

TEST_CASE("batch_norm layer: one update per step, however often the step is computed")
{
    tensor<float, shape<8, 2>> x;
    engine_test::fill(x, 414, -1.0, 3.0);
    features_t<float, 8, 2> X{x.data()};
    nn::batch_norm<2, "bn"> bn{.momentum = 0.5};  // as a model declares it
    auto const y = bn(X, mode::train{});
    auto p = std::make_unique<expr::program<false, decltype(y)>>(y);
    std::vector<double> m;
    std::vector<double> v;
    moments_of(x.data(), 8, 2, m, v);
    p->set_step(3);
    p->forward<0>();
    p->forward<0>();
    CHECK(bn.moving_mean.value(0) == doctest::Approx(m[0] * 0.5));
    CHECK(bn.moving_variance.value(1) == doctest::Approx(1.0 + (v[1] - 1.0) * 0.5));
    p->set_step(4);
    p->forward<0>();
    CHECK(bn.moving_mean.value(0) == doctest::Approx(m[0] * 0.75));
    // A partial batch updates with its real rows only.
    p->set_rows(3);
    p->set_step(5);
    float const before = bn.moving_mean.value(1);
    p->forward<0>();
    moments_of(x.data(), 3, 2, m, v);
    CHECK(bn.moving_mean.value(1) == doctest::Approx(before + (m[1] - before) * 0.5));
    // Keras' hyper-parameters are checked when the graph is formed.
    bn.momentum = 1.5;
    CHECK_THROWS_AS(bn(X, mode::train{}), config_error);
    bn.momentum = 0.99;
    bn.epsilon = 0.0;
    CHECK_THROWS_AS(bn(X, mode::eval{}), config_error);
}

TEST_CASE_TEMPLATE("batch_norm layer: the moving statistics converge to the data's, and eval mode uses them", T, float,
                   double)
{
    // Batches of 64 drawn from uniform features of means (2, -1, 0.5) and widths (1, 4, 0.2).
    double const mu[3] = {2.0, -1.0, 0.5};
    double const width[3] = {1.0, 4.0, 0.2};
    tensor<T, shape<64, 3>> x;
    features_t<T, 64, 3> X{x.data()};
    nn::batch_norm<3, "bn", T> bn;
    auto const y = bn(X, mode::train{});
    auto p = std::make_unique<expr::program<false, decltype(y)>>(y);
    for (std::int64_t step = 0; step < 1500; ++step)
    {
        for (std::size_t i = 0; i < 64 * 3; ++i)
        {
            std::size_t const c = i % 3;
            double const lo = mu[c] - width[c] / 2;
            x.data()[i] = T(engine_test::pseudo(i, std::uint64_t(step) + 1000, lo, lo + width[c]));
        }
        p->set_step(step);
        p->template forward<0>();
    }
    for (std::size_t c = 0; c < 3; ++c)
    {
        double const var = width[c] * width[c] / 12.0;
        INFO("feature " << c);
        CHECK(std::abs(double(bn.moving_mean.value(c)) - mu[c]) < 0.05 * width[c]);
        CHECK(std::abs(double(bn.moving_variance.value(c)) / var - 1.0) < 0.08);
    }
    // Eval mode normalizes new data with them: about mean 0 and variance 1 per feature.
    auto const e = engine_test::eval(bn(X, mode::eval{}));
    std::vector<double> em;
    std::vector<double> ev;
    moments_of(e.data(), 64, 3, em, ev);
    for (std::size_t c = 0; c < 3; ++c)
    {
        CHECK(std::abs(em[c]) < 0.4);
        CHECK(std::abs(ev[c] - 1.0) < 0.4);
    }
}

namespace
{
    // Two features -> 8 -> batch_norm -> relu -> 1, MSE.
    struct bn_model
    {
        nn::dense<2, 8, nn::linear, "hidden"> hidden;
        nn::batch_norm<8, "bn"> bn;
        nn::dense<8, 1, nn::linear, "out"> out;

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            auto y = out(relu(bn(hidden(features), mode)));
            return spec(mode).loss(losses::mean_squared_error(labels, y)).predictions(y);
        }
    };

    using bn_estimator = estimator<bn_model, optim::adam>;

    run_config config_for(std::filesystem::path const& dir)
    {
        return {.model_dir = dir.string(), .random_seed = 5, .save_summary_steps = 0, .log_step_count_steps = 0};
    }

    struct two_features
    {
        xt::xtensor<float, 2> x = xt::xtensor<float, 2>::from_shape({44, 2});
        xt::xtensor<float, 1> y = xt::xtensor<float, 1>::from_shape({44});
        two_features()
        {
            for (std::size_t i = 0; i < 44; ++i)
            {
                x(i, 0) = float(i % 7) * 0.3f + 1.0f;
                x(i, 1) = float(i % 5) * 0.4f - 2.8f;
                y(i) = 0.5f * x(i, 0) - 1.5f * x(i, 1) + 0.25f;
            }
        }
    };

    // Counts the allocations from the first after_step to end().
    struct allocation_window
    {
        std::int64_t* result;
        std::int64_t at_first_step = -1;

        void after_step(step_info const&)
        {
            if (at_first_step < 0)
            {
                at_first_step = xest_test::allocations.load(std::memory_order_relaxed);
            }
        }
        void end(step_info const&)
        {
            *result = xest_test::allocations.load(std::memory_order_relaxed) - at_first_step;
        }
    };
}

TEST_CASE("batch_norm in an estimator: moving statistics checkpointed, 30 + 30 resumed steps equal 60 bitwise")
{
    xest_test::scratch_dir tmp;
    two_features const data;
    auto make_input = [&]
    { return inputs::from_arrays<8, 2>(data.x, data.y, {.num_epochs = inputs::repeat, .shuffle = true, .seed = 3}); };
    optim::adam const opt{.learning_rate = 0.05f};
    std::map<std::string, std::string> resumed;
    {
        auto in = make_input();
        bn_estimator a(config_for(tmp / "resumed"), opt);
        a.train(in, steps{30});
        // The moving statistics moved from their initial zeros and ones, and are in the checkpoint.
        auto const mm = a.get_variable_value("bn/moving_mean");
        CHECK(mm(0) != 0.0);
        auto const ckpt = a.latest_checkpoint();
        REQUIRE(ckpt.has_value());
        auto const entries = io::checkpoint_manager::load(*ckpt);
        bool saved_mean = false;
        bool saved_variance = false;
        bool gamma_slots = false;
        for (auto const& e : entries)
        {
            saved_mean = saved_mean || e.name == "bn/moving_mean";
            saved_variance = saved_variance || e.name == "bn/moving_variance";
            // The optimizer keeps slots for gamma, none for them.
            gamma_slots = gamma_slots || e.name == "bn/gamma/optimizer/m";
            CHECK(e.name.find("moving_mean/") == std::string::npos);
            CHECK(e.name.find("moving_variance/") == std::string::npos);
        }
        CHECK(gamma_slots);
        CHECK(saved_mean);
        CHECK(saved_variance);
    }
    {
        auto in = make_input();
        bn_estimator b(config_for(tmp / "resumed"), opt);
        REQUIRE(b.global_step() == 30);
        b.train(in, steps{30});
        resumed = xest_test::param_bytes(b);
    }
    auto in = make_input();
    bn_estimator c(config_for(tmp / "straight"), opt);
    c.train(in, steps{60});
    CHECK(resumed == xest_test::param_bytes(c));
    // The moving mean follows the hidden layer's outputs: close to their mean over the data.
    auto const mm = c.get_variable_value("bn/moving_mean");
    CHECK(std::isfinite(mm(0)));
    // Evaluation uses the moving statistics and writes nothing: two calls give the same bits,
    // over a last partial batch of 4 rows.
    auto e1 = inputs::from_arrays<8, 2>(data.x, data.y);
    auto e2 = inputs::from_arrays<8, 2>(data.x, data.y);
    auto const before = xest_test::param_bytes(c);
    CHECK(c.evaluate(e1).loss == c.evaluate(e2).loss);
    CHECK(xest_test::param_bytes(c) == before);
}

TEST_CASE("batch_norm in an estimator: no heap allocation per step")
{
    xest_test::skip_without_allocation_counting();
    two_features const data;
    auto in = inputs::from_arrays<8, 2>(data.x, data.y, {.num_epochs = inputs::repeat, .shuffle = true, .seed = 3});
    bn_estimator est({.log_step_count_steps = 0}, {.learning_rate = 0.01f});
    std::int64_t allocations = -1;
    auto const r = est.train(in, steps{500}, allocation_window{&allocations});
    CHECK(r.steps == 500);
    CHECK(allocations == 0);
}

TEST_CASE("batch_norm: the model summary counts the moving statistics as non-trainable, as Keras")
{
    bn_model const model;
    std::FILE* f = std::tmpfile();
    REQUIRE(f != nullptr);
    // hidden 16 + 8, bn 4 x 8, out 8 + 1.
    CHECK(print_model_summary(model, f) == 65);
    std::rewind(f);
    std::string text;
    for (int ch = std::fgetc(f); ch != EOF; ch = std::fgetc(f))
    {
        text += char(ch);
    }
    std::fclose(f);
    CHECK(text.find("bn/moving_variance") != std::string::npos);
    CHECK(text.find("Trainable params: 49 (196 B)") != std::string::npos);
    CHECK(text.find("Non-trainable params: 16 (64 B)") != std::string::npos);
}
