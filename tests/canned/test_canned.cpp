// Canned estimators: TensorFlow's defaults (optimizer, learning rate, initial weights, param
// names), the evaluation metric keys of each head, and predictions against the params.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <xestimator/canned.hpp>
#include <xestimator/features.hpp>
#include <xestimator/inputs.hpp>
#include <xestimator/optim/gradient_descent.hpp>

namespace xc = xest::canned;
namespace xi = xest::inputs;

namespace
{
    xest::run_config quiet() { return {.log_step_count_steps = 0}; }

    std::vector<std::string> keys(xest::eval_result const& r)
    {
        std::vector<std::string> k;
        for (auto const& m : r.metrics)
        {
            k.emplace_back(m.first);
        }
        return k;
    }

    // 40 examples of 3 features; class 1 when x0 - x1 > 0; regression target 2 x0 - x1 + 1.
    struct data
    {
        xt::xtensor<float, 2> x = xt::xtensor<float, 2>::from_shape({40, 3});
        xt::xtensor<std::int32_t, 1> binary = xt::xtensor<std::int32_t, 1>::from_shape({40});
        xt::xtensor<std::int32_t, 1> three = xt::xtensor<std::int32_t, 1>::from_shape({40});
        xt::xtensor<float, 1> target = xt::xtensor<float, 1>::from_shape({40});

        data()
        {
            for (std::size_t i = 0; i < 40; ++i)
            {
                x(i, 0) = static_cast<float>((i * 7) % 11) / 5.0f - 1.0f;
                x(i, 1) = static_cast<float>((i * 5) % 13) / 6.0f - 1.0f;
                x(i, 2) = static_cast<float>(i % 3) - 1.0f;
                binary(i) = x(i, 0) - x(i, 1) > 0.0f ? 1 : 0;
                three(i) = static_cast<std::int32_t>(i % 3);
                target(i) = 2.0f * x(i, 0) - x(i, 1) + 1.0f;
            }
        }
    };

    double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }
}

TEST_CASE("canned defaults: optimizers and learning rates as TensorFlow 2")
{
    CHECK(xc::linear_classifier<4, 3>(quiet()).optimizer().learning_rate == doctest::Approx(0.2f));    // min(0.2, 1/2)
    CHECK(xc::linear_regressor<100>(quiet()).optimizer().learning_rate == doctest::Approx(0.1f));      // 1/sqrt(100)
    CHECK(xc::dnn_classifier<3, xc::hidden<4>, 3>(quiet()).optimizer().learning_rate == doctest::Approx(0.05f));
    CHECK(xc::dnn_regressor<3, xc::hidden<4>>(quiet()).optimizer().learning_rate == doctest::Approx(0.05f));
    CHECK(xc::baseline_classifier<2>(quiet()).optimizer().learning_rate == doctest::Approx(0.3f));
    CHECK(xc::dnn_linear_combined_classifier<3, xc::hidden<4>>(quiet()).optimizer().learning_rate ==
          doctest::Approx(0.001f));
    // Another optimizer type starts from its own defaults; settings of one's own are kept.
    CHECK(xc::linear_regressor<4, 1, xest::optim::gradient_descent>(quiet()).optimizer().learning_rate ==
          doctest::Approx(xest::optim::gradient_descent{}.learning_rate));
    CHECK(xc::linear_regressor<4>(quiet(), {.learning_rate = 0.7f}).optimizer().learning_rate == doctest::Approx(0.7f));
}

TEST_CASE("canned defaults: param names and initial values")
{
    xc::linear_classifier<3> linear(quiet());
    CHECK(linear.get_variable_names() == std::vector<std::string>{"linear/weights", "linear/bias"});
    CHECK(xt::amax(xt::abs(linear.get_variable_value("linear/weights")))() == 0.0);  // zeros, as TensorFlow

    xc::dnn_classifier<3, xc::hidden<8, 4>, 3> dnn({.random_seed = 5, .log_step_count_steps = 0});
    CHECK(dnn.get_variable_names() == std::vector<std::string>{"dnn/hiddenlayer_0/kernel", "dnn/hiddenlayer_0/bias",
                                                               "dnn/hiddenlayer_1/kernel", "dnn/hiddenlayer_1/bias",
                                                               "dnn/logits/kernel", "dnn/logits/bias"});
    // Glorot uniform: within sqrt(6 / (fan_in + fan_out)), not all zero; biases zero.
    auto const k = dnn.get_variable_value("dnn/hiddenlayer_0/kernel");
    CHECK(k.shape(0) == 3);
    CHECK(k.shape(1) == 8);
    CHECK(xt::amax(xt::abs(k))() <= std::sqrt(6.0 / 11.0));
    CHECK(xt::amax(xt::abs(k))() > 0.1);
    CHECK(xt::amax(xt::abs(dnn.get_variable_value("dnn/hiddenlayer_1/bias")))() == 0.0);

    xc::dnn_linear_combined_classifier<3, xc::hidden<4>, 2, xest::optim::adagrad, xest::nn::relu, xc::columns<0, 2>,
                                       xc::columns<1, 2>>
        combined(quiet());
    CHECK(combined.get_variable_names() == std::vector<std::string>{"linear/weights", "linear/bias",
                                                                    "dnn/hiddenlayer_0/kernel", "dnn/hiddenlayer_0/bias",
                                                                    "dnn/logits/kernel", "dnn/logits/bias"});
    CHECK(combined.get_variable_value("linear/weights").shape(0) == 2);
    CHECK(combined.get_variable_value("dnn/hiddenlayer_0/kernel").shape(0) == 2);
}

TEST_CASE("linear_classifier, binary: metric keys, probabilities = sigmoid(x w + b)")
{
    data d;
    auto train_in = xi::from_arrays<8, 3>(d.x, d.binary, {.num_epochs = 40, .shuffle = true, .seed = 2});
    auto eval_in = xi::from_arrays<8, 3>(d.x, d.binary);
    xc::linear_classifier<3> est(quiet());
    est.train(train_in);
    auto const r = est.evaluate(eval_in);
    CHECK(keys(r) == std::vector<std::string>{"average_loss", "accuracy", "precision", "recall", "prediction/mean",
                                              "label/mean", "accuracy_baseline", "auc", "auc_precision_recall"});
    CHECK(r["average_loss"] == doctest::Approx(r.loss).epsilon(1e-5));
    CHECK(r["accuracy"] >= 0.95);
    CHECK(r["auc"] >= 0.95);
    double positives = 0;
    for (auto y : d.binary)
    {
        positives += y;
    }
    CHECK(r["label/mean"] == doctest::Approx(positives / 40.0));
    CHECK(r["accuracy_baseline"] == doctest::Approx(std::max(positives, 40.0 - positives) / 40.0));

    auto const w = est.get_variable_value("linear/weights");
    double const b = est.get_variable_value("linear/bias")(0);
    auto pred_in = xi::from_arrays<8, 3>(d.x);
    auto const rows = est.predict(pred_in);
    REQUIRE(rows.size() == 40);
    for (std::size_t i = 0; i < 40; ++i)
    {
        double const z = d.x(i, 0) * w(0, 0) + d.x(i, 1) * w(1, 0) + d.x(i, 2) * w(2, 0) + b;
        CHECK(rows[i](1) == doctest::Approx(sigmoid(z)).epsilon(1e-5));
        CHECK(rows[i](0) + rows[i](1) == doctest::Approx(1.0));
        // TensorFlow's prediction keys, by name.
        using est_type = xc::linear_classifier<3>;
        CHECK(est_type::prediction<"logits">(rows[i]) == doctest::Approx(z).epsilon(1e-5));
        CHECK(est_type::prediction<"logistic">(rows[i]) == doctest::Approx(sigmoid(z)).epsilon(1e-5));
        CHECK(est_type::prediction<"probabilities">(rows[i])[0] == doctest::Approx(1.0 - sigmoid(z)).epsilon(1e-5));
        CHECK(est_type::prediction<"class_ids">(rows[i]) == (z > 0.0 ? 1 : 0));
    }
}

TEST_CASE("dnn_classifier, 3 classes: metric keys, probabilities are a softmax")
{
    data d;
    auto train_in = xi::from_arrays<8, 3>(d.x, d.three, {.num_epochs = 60, .shuffle = true, .seed = 3});
    auto eval_in = xi::from_arrays<8, 3>(d.x, d.three);
    xc::dnn_classifier<3, xc::hidden<16>, 3> est(quiet());
    est.train(train_in);
    auto const r = est.evaluate(eval_in);
    CHECK(keys(r) == std::vector<std::string>{"average_loss", "accuracy"});
    CHECK(r["average_loss"] == doctest::Approx(r.loss).epsilon(1e-5));
    CHECK(r["accuracy"] >= 0.9);  // the class is a function of x2
    auto pred_in = xi::from_arrays<8, 3>(d.x);
    std::size_t correct = 0;
    std::size_t i = 0;
    using est_type = xc::dnn_classifier<3, xc::hidden<16>, 3>;
    for (auto const& p : est.predict(pred_in))
    {
        auto const probabilities = est_type::prediction<"probabilities">(p);
        auto const logits = est_type::prediction<"logits">(p);
        CHECK(probabilities[0] + probabilities[1] + probabilities[2] == doctest::Approx(1.0));
        // softmax: p1 / p0 = exp(z1 - z0)
        CHECK(probabilities[1] / probabilities[0] == doctest::Approx(std::exp(logits[1] - logits[0])).epsilon(1e-4));
        std::size_t const id = p(1) > p(0) ? (p(2) > p(1) ? 2 : 1) : (p(2) > p(0) ? 2 : 0);
        CHECK(est_type::prediction<"class_ids">(p) == static_cast<std::int64_t>(id));
        correct += id == static_cast<std::size_t>(d.three(i++)) ? 1 : 0;
    }
    CHECK(static_cast<double>(correct) / 40.0 == doctest::Approx(r["accuracy"]));
}

TEST_CASE("linear_regressor and dnn_regressor: metric keys, fit of a linear target")
{
    data d;
    auto train_in = xi::from_arrays<8, 3>(d.x, d.target, {.num_epochs = 200, .shuffle = true, .seed = 4});
    auto eval_in = xi::from_arrays<8, 3>(d.x, d.target);
    xc::linear_regressor<3> linear(quiet());
    linear.train(train_in);
    auto const r = linear.evaluate(eval_in);
    CHECK(keys(r) == std::vector<std::string>{"average_loss", "label/mean", "prediction/mean"});
    CHECK(r["average_loss"] == doctest::Approx(r.loss).epsilon(1e-5));
    CHECK(r.loss < 1e-2);
    auto const w = linear.get_variable_value("linear/weights");
    CHECK(w(0, 0) == doctest::Approx(2.0).epsilon(0.05));
    CHECK(w(1, 0) == doctest::Approx(-1.0).epsilon(0.05));
    CHECK(linear.get_variable_value("linear/bias")(0) == doctest::Approx(1.0).epsilon(0.05));

    xc::dnn_regressor<3, xc::hidden<8>> dnn(quiet());
    dnn.train(train_in);
    auto const rd = dnn.evaluate(eval_in);
    CHECK(keys(rd) == keys(r));
    CHECK(rd["label/mean"] == doctest::Approx(r["label/mean"]));
    CHECK(rd.loss < 0.05);
    auto pred_in = xi::from_arrays<8, 3>(d.x);
    double sum = 0.0;
    for (auto const& p : dnn.predict(pred_in))
    {
        sum += xc::dnn_regressor<3, xc::hidden<8>>::prediction<"predictions">(p)(0);
    }
    CHECK(sum / 40.0 == doctest::Approx(rd["prediction/mean"]).epsilon(1e-5));
}

TEST_CASE("baselines learn the class prior and the label mean")
{
    data d;
    auto train_in = xi::from_arrays<8, 3>(d.x, d.binary, {.num_epochs = 100});
    auto eval_in = xi::from_arrays<8, 3>(d.x, d.binary);
    xc::baseline_classifier<2> classifier(quiet());
    classifier.train(train_in);
    auto const r = classifier.evaluate(eval_in);
    CHECK(r["prediction/mean"] == doctest::Approx(r["label/mean"]).epsilon(0.01));
    CHECK(r["accuracy"] == doctest::Approx(r["accuracy_baseline"]));
    CHECK(r["auc"] == doctest::Approx(0.5));

    auto reg_in = xi::from_arrays<8, 3>(d.x, d.target, {.num_epochs = 100});
    auto reg_eval = xi::from_arrays<8, 3>(d.x, d.target);
    xc::baseline_regressor<> regressor(quiet());
    regressor.train(reg_in);
    auto const rr = regressor.evaluate(reg_eval);
    CHECK(regressor.get_variable_value("baseline/bias")(0) == doctest::Approx(rr["label/mean"]).epsilon(0.01));
}

TEST_CASE("dnn_linear_combined_classifier over feature columns: the embedding table is a model param, trained, and the logits are the two parts' sum")
{
    namespace xf = xest::features;
    // Feature 2 of `data` (-1, 0, 1) + 1 is a category id of 3.
    using group = xf::categorical_identity<"group", 2, 3>;
    using wide = xf::input_layer<xf::numeric<"x", 0, 2>, xf::indicator<group>>;
    using deep = xf::input_layer<xf::numeric<"x", 0, 2>, xf::embedding<group, 2>>;
    using est_type = xc::dnn_linear_combined_classifier<3, xc::hidden<4>, 2, xest::optim::adagrad, xest::nn::relu, wide, deep>;

    data d;
    for (std::size_t i = 0; i < 40; ++i)
    {
        d.x(i, 2) += 1.0f;
    }
    est_type est({.random_seed = 4, .log_step_count_steps = 0}, {.learning_rate = 0.1f});
    CHECK(est.get_variable_names() == std::vector<std::string>{"linear/weights", "linear/bias", "dnn/hiddenlayer_0/kernel",
                                                               "dnn/hiddenlayer_0/bias", "dnn/logits/kernel", "dnn/logits/bias",
                                                               "group/embedding/embedding_weights"});
    CHECK(est.get_variable_value("linear/weights").shape(0) == 2 + 3);
    CHECK(est.get_variable_value("dnn/hiddenlayer_0/kernel").shape(0) == 2 + 2);
    auto const table_before = est.get_variable_value("group/embedding/embedding_weights");

    auto train_in = xi::from_arrays<8, 3>(d.x, d.binary, {.num_epochs = 40, .shuffle = true, .seed = 2});
    est.train(train_in);
    auto eval_in = xi::from_arrays<8, 3>(d.x, d.binary);
    auto const r = est.evaluate(eval_in);
    CHECK(r["accuracy"] >= 0.9);
    CHECK(xt::amax(xt::abs(est.get_variable_value("group/embedding/embedding_weights") - table_before))() > 1e-3);

    // The logit of one row by hand: linear part over [x0, x1, one_hot(id)], DNN part over
    // [x0, x1, table[id]] with a ReLU hidden layer.
    auto const w = est.get_variable_value("linear/weights");
    auto const table = est.get_variable_value("group/embedding/embedding_weights");
    auto const k0 = est.get_variable_value("dnn/hiddenlayer_0/kernel");
    auto const b0 = est.get_variable_value("dnn/hiddenlayer_0/bias");
    auto const k1 = est.get_variable_value("dnn/logits/kernel");
    auto pred_in = xi::from_arrays<8, 3>(d.x);
    auto const rows = est.predict(pred_in);
    REQUIRE(rows.size() == 40);
    for (std::size_t i = 0; i < 40; i += 7)
    {
        auto const id = static_cast<std::size_t>(d.x(i, 2));
        double z = d.x(i, 0) * w(0, 0) + d.x(i, 1) * w(1, 0) + w(2 + id, 0) + est.get_variable_value("linear/bias")(0);
        double const in[4] = {d.x(i, 0), d.x(i, 1), table(id, 0), table(id, 1)};
        for (std::size_t h = 0; h < 4; ++h)
        {
            double a = b0(h);
            for (std::size_t j = 0; j < 4; ++j)
            {
                a += in[j] * k0(j, h);
            }
            z += std::max(a, 0.0) * k1(h, 0);
        }
        z += est.get_variable_value("dnn/logits/bias")(0);
        CHECK(est_type::prediction<"logits">(rows[i]) == doctest::Approx(z).epsilon(1e-4));
    }
}
