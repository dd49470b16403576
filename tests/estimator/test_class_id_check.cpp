// Class ids the model has no class for: train() and evaluate() refuse them before the first step,
// naming the example, the id and the model's class count, even when the input was built without
// options::num_classes.

#include <cmath>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include <xestimator/canned.hpp>

#include "estimator_test_support.hpp"
#include "test_files.hpp"

namespace
{
    /// Two features, three classes, sparse softmax cross-entropy.
    struct three_classes
    {
        xest::nn::dense<2, 3, xest::nn::linear, "logits"> layer;

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

    /// As three_classes, with the ids made one-hot and a dense softmax cross-entropy (plus an L2
    /// term, so the loss node is not the root).
    struct three_classes_one_hot
    {
        xest::nn::dense<2, 3, xest::nn::linear, "logits"> layer;

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            auto logits = layer(features);
            return xest::spec(mode)
                .loss(xest::losses::softmax_cross_entropy(xest::one_hot<3>(labels), logits) +
                      xest::losses::l2_regularization(0.01, layer.kernel))
                .predictions(logits);
        }
    };

    using xest_test::scratch_dir;

    xt::xtensor<float, 2> const features = {{0.0f, 1.0f}, {1.0f, 0.0f}, {0.5f, 0.5f}, {1.0f, 1.0f}, {0.2f, 0.8f}};
    xt::xtensor<int, 1> const valid_ids = {0, 1, 2, 1, 0};
    xt::xtensor<int, 1> const id_three_at_3 = {0, 1, 2, 3, 0};  // 3 == the class count

    /// Every param's value, in declaration order.
    template <class Est>
    std::vector<xt::xarray<double>> params_of(Est const& est)
    {
        std::vector<xt::xarray<double>> values;
        for (auto const& name : est.get_variable_names())
        {
            values.push_back(est.get_variable_value(name));
        }
        return values;
    }

    /// The message of the input_error `f` throws, or "" when it throws none.
    template <class F>
    std::string input_error_of(F&& f)
    {
        try
        {
            f();
        }
        catch (xest::input_error const& e)
        {
            return e.what();
        }
        return "";
    }

    template <class Model, class Input>
    inline constexpr std::size_t train_class_count =
        xest::detail::loss_class_count_v<typename xest::detail::mode_graph<Model, Input, xest::mode::train>::spec_type::loss_type>;
}

TEST_CASE("class id check: the class count is read from the loss type")
{
    using int_input = decltype(xest::inputs::from_arrays<2, 2>(features, valid_ids));
    using float_input = decltype(xest::inputs::from_arrays<2, 1>(std::declval<xt::xtensor<float, 1> const&>(),
                                                                 std::declval<xt::xtensor<float, 1> const&>()));
    CHECK(train_class_count<three_classes, int_input> == 3);
    CHECK(train_class_count<three_classes_one_hot, int_input> == 3);
    CHECK(train_class_count<est_test::linear_model, float_input> == 0);
    CHECK(train_class_count<xest::canned::linear_classifier_model<2, 4>, int_input> == 4);
    CHECK(train_class_count<xest::canned::linear_classifier_model<2, 2>, int_input> == 2);
}

TEST_CASE("class id check: train() refuses an id equal to the class count before any step")
{
    xest::estimator<three_classes, xest::optim::gradient_descent> est(est_test::quiet(), {.learning_rate = 0.1f});
    auto good = xest::inputs::from_arrays<2, 2>(features, valid_ids, {.num_epochs = xest::repeat});
    est.train(good, xest::steps{3});
    REQUIRE(est.global_step() == 3);
    auto const before = params_of(est);

    auto bad = xest::inputs::from_arrays<2, 2>(features, id_three_at_3, {.num_epochs = xest::repeat});
    std::string const what = input_error_of([&] { est.train(bad, xest::steps{5}); });
    CHECK(what ==
          "label 3 of example 3 is out of range for the model's 3 classes (ids 0 to 2): set "
          "inputs::options::num_classes or fix the data");
    CHECK(est.global_step() == 3);
    CHECK(params_of(est) == before);

    // Every train() form checks, also max_steps{} and "until the input ends".
    CHECK_THROWS_AS(est.train(bad, xest::max_steps{10}), xest::input_error);
    auto bad_once = xest::inputs::from_arrays<2, 2>(features, id_three_at_3);
    CHECK_THROWS_AS(est.train(bad_once), xest::input_error);
    CHECK(est.global_step() == 3);
    CHECK(params_of(est) == before);
}

TEST_CASE("class id check: evaluate() refuses an id past the class count")
{
    xest::estimator<three_classes, xest::optim::gradient_descent> est(est_test::quiet(), {.learning_rate = 0.1f});
    xt::xtensor<int, 1> const seven_at_1 = {0, 7, 2, 7, 0};
    auto bad = xest::inputs::from_arrays<2, 2>(features, seven_at_1);
    std::string const what = input_error_of([&] { est.evaluate(bad); });
    CHECK(est_test::contains(what, "label 7 of example 1 "));
    CHECK(est_test::contains(what, "the model's 3 classes (ids 0 to 2)"));
    CHECK(est.global_step() == 0);

    auto good = xest::inputs::from_arrays<2, 2>(features, valid_ids);
    auto const r = est.evaluate(good);
    CHECK(r.num_examples == 5);
    CHECK(std::isfinite(r.loss));
}

TEST_CASE("class id check: from_csv without num_classes is refused naming the example")
{
    scratch_dir dir;
    xest_test::write_bytes(dir / "ids.csv", "a,b,label\n0,1,0\n1,0,1\n0.5,0.5,2\n1,1,0\n0.2,0.8,3\n");
    auto bad = xest::inputs::from_csv<2, 2, 1, int>(dir / "ids.csv", {.label_column = "label"});

    xest::estimator<three_classes, xest::optim::gradient_descent> est(est_test::quiet(), {.learning_rate = 0.1f});
    auto const before = params_of(est);
    std::string const train_what = input_error_of([&] { est.train(bad, xest::steps{2}); });
    CHECK(est_test::contains(train_what, "label 3 of example 4 is out of range for the model's 3 classes"));
    CHECK(est.global_step() == 0);
    CHECK(params_of(est) == before);

    std::string const eval_what = input_error_of([&] { est.evaluate(bad); });
    CHECK(eval_what == train_what);

    xest_test::write_bytes(dir / "good.csv", "a,b,label\n0,1,0\n1,0,1\n0.5,0.5,2\n");
    auto good = xest::inputs::from_csv<2, 2, 1, int>(dir / "good.csv", {.label_column = "label"});
    auto const r = est.train(good);
    CHECK(r.steps == 2);
    CHECK(est.global_step() == 2);
}

TEST_CASE("class id check: valid ids train normally, also with num_classes set")
{
    xest::estimator<three_classes, xest::optim::gradient_descent> est(est_test::quiet(), {.learning_rate = 0.5f});
    auto train_in = xest::inputs::from_arrays<5, 2>(features, valid_ids, {.num_epochs = xest::repeat, .num_classes = 3});
    auto eval_in = xest::inputs::from_arrays<5, 2>(features, valid_ids);
    double const before = est.evaluate(eval_in).loss;
    auto const r = est.train(train_in, xest::steps{20});
    CHECK(r.steps == 20);
    CHECK(est.evaluate(eval_in).loss < before);
}

TEST_CASE("class id check: a one-hot loss is checked against the one_hot depth")
{
    xest::estimator<three_classes_one_hot, xest::optim::gradient_descent> est(est_test::quiet(), {.learning_rate = 0.1f});
    auto bad = xest::inputs::from_arrays<2, 2>(features, id_three_at_3);
    std::string const what = input_error_of([&] { est.train(bad); });
    CHECK(est_test::contains(what, "label 3 of example 3 is out of range for the model's 3 classes"));
    CHECK(est.global_step() == 0);
    auto good = xest::inputs::from_arrays<2, 2>(features, valid_ids);
    CHECK(est.train(good).steps == 3);
}

TEST_CASE("class id check: a regression model with float labels is untouched")
{
    est_test::line_data d;
    xest::estimator<est_test::linear_model, xest::optim::gradient_descent> est(est_test::quiet(), {.learning_rate = 0.01f});
    auto in = xest::inputs::from_arrays<4>(d.x, d.y);
    CHECK(in.class_ids().max_id == -1);
    CHECK(est.train(in).steps == 3);
    CHECK(est.evaluate(in).num_examples == 10);
}

TEST_CASE("class id check: canned classifiers, multi-class and binary")
{
    SUBCASE("multi-class: an id equal to Classes")
    {
        xest::canned::linear_classifier<2, 3> est(est_test::quiet());
        auto bad = xest::inputs::from_arrays<2, 2>(features, id_three_at_3);
        std::string const what = input_error_of([&] { est.train(bad); });
        CHECK(est_test::contains(what, "label 3 of example 3 is out of range for the model's 3 classes (ids 0 to 2)"));
        CHECK(est.global_step() == 0);
        CHECK_THROWS_AS(est.evaluate(bad), xest::input_error);
    }
    SUBCASE("binary: ids other than 0 and 1")
    {
        xest::canned::linear_classifier<2> est(est_test::quiet());
        auto const before = params_of(est);
        xt::xtensor<int, 1> const two_at_2 = {0, 1, 2, 1, 0};
        auto bad = xest::inputs::from_arrays<2, 2>(features, two_at_2);
        std::string const what = input_error_of([&] { est.train(bad); });
        CHECK(est_test::contains(what, "label 2 of example 2 is out of range for the model's 2 classes (ids 0 to 1)"));
        CHECK(est.global_step() == 0);
        CHECK(params_of(est) == before);
        CHECK_THROWS_AS(est.evaluate(bad), xest::input_error);

        xt::xtensor<int, 1> const zero_one = {0, 1, 1, 1, 0};
        auto good = xest::inputs::from_arrays<2, 2>(features, zero_one);
        CHECK(est.train(good).steps == 3);
        CHECK(est.evaluate(good).num_examples == 5);
    }
}
