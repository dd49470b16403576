// A real learning test: a linear softmax classifier on iris (from_csv, adam) classifies more
// than 90 % of the training set after a fixed number of steps.

#include <algorithm>
#include <cstdint>
#include <string>

#include <doctest/doctest.h>

#include "estimator_test_support.hpp"

namespace
{
    struct softmax_classifier
    {
        xest::nn::dense<4, 3, xest::nn::linear, "logits"> layer;

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            auto logits = layer(features);
            return xest::spec(mode)
                .loss(xest::losses::sparse_softmax_cross_entropy(labels, logits))
                .predictions(logits)
                .eval_metric("accuracy", xest::metrics::accuracy(labels, logits));
        }
    };

    std::string const iris_path = std::string(XEST_TEST_DATA_DIR) + "/iris.csv";
}

TEST_CASE("iris: a linear softmax classifier trained with adam reaches > 90 % training accuracy")
{
    xest::inputs::csv_options train_options{.label_column = "species",
                                            .input = {.num_epochs = xest::inputs::repeat, .shuffle = true, .seed = 42}};
    auto train_in = xest::inputs::from_csv<16, 4, 1, std::int32_t>(iris_path, train_options);
    auto eval_in = xest::inputs::from_csv<32, 4, 1, std::int32_t>(iris_path, {.label_column = "species"});
    auto pred_in = xest::inputs::from_csv<32, 4, 1, std::int32_t>(iris_path, {.label_column = "species"});

    xest::estimator<softmax_classifier, xest::optim::adam> est({.random_seed = 7, .log_step_count_steps = 0},
                                                               {.learning_rate = 0.05f});
    auto const before = est.evaluate(eval_in);
    est.train(train_in, xest::steps{1500});
    auto const after = est.evaluate(eval_in);
    MESSAGE("loss ", before.loss, " -> ", after.loss, ", accuracy ", before["accuracy"], " -> ", after["accuracy"]);
    CHECK(after.num_examples == 150);
    CHECK(after.loss < before.loss / 3);
    CHECK(after["accuracy"] > 0.9);

    // The accuracy metric agrees with the argmax of predict()'s rows against the file's labels.
    auto const rows = est.predict(pred_in);
    REQUIRE(rows.size() == 150);
    xest::inputs::csv_options const labels_only{.feature_columns = {"sepal_length"}, .label_column = "species"};
    auto labels_in = xest::inputs::from_csv<150, 1, 1, std::int32_t>(iris_path, labels_only);
    decltype(labels_in)::batch_type batch;
    REQUIRE(labels_in.next(batch));
    int correct = 0;
    for (std::size_t i = 0; i < 150; ++i)
    {
        auto const& r = rows[i];
        std::size_t const best = std::size_t(std::max_element(r.begin(), r.end()) - r.begin());
        correct += int(best) == batch.labels(i) ? 1 : 0;
    }
    CHECK(double(correct) / 150.0 == doctest::Approx(after["accuracy"]).epsilon(1e-12));
}
