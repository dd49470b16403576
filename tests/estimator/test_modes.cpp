// Modes: a model may branch on the mode at compile time (predict without a loss), or be written
// once for all modes; the spec each mode builds keeps only what that mode uses.

#include <type_traits>

#include <doctest/doctest.h>

#include "estimator_test_support.hpp"

using est_test::line_data;

namespace
{
    /// The predict branch has no loss at all (it could not even be formed without labels).
    struct branching_model
    {
        xest::param<"w", xest::shape<1, 1>> w{xest::init::constant{2.0}};

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            auto y = xest::matmul(features, w);
            if constexpr (std::is_same_v<Mode, xest::mode::predict>)
            {
                (void)labels;
                return xest::spec(mode).predictions(y);
            }
            else
            {
                return xest::spec(mode)
                    .loss(xest::losses::mean_squared_error(labels, y))
                    .eval_metric("mse", xest::metrics::mean_squared_error(labels, y));
            }
        }
    };

    template <class Model, class Input, class Mode>
    using spec_of = typename xest::detail::mode_graph<Model, Input, Mode>::spec_type;

    template <class Spec>
    constexpr std::size_t num_metrics = std::tuple_size_v<decltype(Spec::metrics)>;
    template <class Spec>
    constexpr std::size_t num_summaries = std::tuple_size_v<decltype(Spec::summaries)>;
}

TEST_CASE("modes: a model whose predict branch omits the loss trains, evaluates and predicts")
{
    line_data d;
    auto train_in = xest::inputs::from_arrays<5>(d.x, d.y, {.num_epochs = xest::inputs::repeat});
    auto eval_in = xest::inputs::from_arrays<5>(d.x, d.y);
    auto pred_in = xest::inputs::from_arrays<5>(d.x);

    using train_spec_t = spec_of<branching_model, decltype(train_in), xest::mode::train>;
    using predict_spec_t = spec_of<branching_model, decltype(pred_in), xest::mode::predict>;
    static_assert(std::is_same_v<predict_spec_t::loss_type, xest::not_set>);
    static_assert(std::is_same_v<train_spec_t::predictions_type, xest::not_set>);

    xest::estimator<branching_model, xest::optim::gradient_descent> est(est_test::quiet(), {.learning_rate = 0.01f});
    auto const rows = est.predict(pred_in);
    REQUIRE(rows.size() == 10);
    CHECK(rows[3](0) == doctest::Approx(2.0 * d.x(3)));

    auto const before = est.evaluate(eval_in);
    CHECK(before["mse"] == doctest::Approx(before.loss));
    est.train(train_in, xest::steps{200});
    CHECK(est.evaluate(eval_in).loss < before.loss);
}

TEST_CASE("modes: a model written once works in train, eval and predict")
{
    line_data d;
    auto train_in = xest::inputs::from_arrays<2>(d.x, d.y, {.num_epochs = xest::inputs::repeat});
    auto eval_in = xest::inputs::from_arrays<2>(d.x, d.y);
    auto pred_in = xest::inputs::from_arrays<2>(d.x);
    xest::estimator<est_test::linear_model, xest::optim::gradient_descent> est(est_test::quiet(), {.learning_rate = 0.01f});
    CHECK(est.train(train_in, xest::steps{3}).steps == 3);
    CHECK(est.evaluate(eval_in).num_examples == 10);
    CHECK(est.predict(pred_in).size() == 10);
}

TEST_CASE("spec: each mode keeps only what it needs")
{
    line_data d;
    auto labelled = xest::inputs::from_arrays<2>(d.x, d.y);
    auto features_only = xest::inputs::from_arrays<2>(d.x);
    using model = est_test::linear_model;
    using train_t = spec_of<model, decltype(labelled), xest::mode::train>;
    using eval_t = spec_of<model, decltype(labelled), xest::mode::eval>;
    using predict_t = spec_of<model, decltype(features_only), xest::mode::predict>;

    // train: loss, predictions and summaries; no metrics.
    static_assert(!std::is_same_v<train_t::loss_type, xest::not_set>);
    static_assert(num_summaries<train_t> == 1);
    static_assert(num_metrics<train_t> == 0);
    // eval: loss and metrics; no summaries.
    static_assert(!std::is_same_v<eval_t::loss_type, xest::not_set>);
    static_assert(num_metrics<eval_t> == 2);
    static_assert(num_summaries<eval_t> == 0);
    // predict: predictions only.
    static_assert(std::is_same_v<predict_t::loss_type, xest::not_set>);
    static_assert(!std::is_same_v<predict_t::predictions_type, xest::not_set>);
    static_assert(num_metrics<predict_t> == 0);
    static_assert(num_summaries<predict_t> == 0);
    static_assert(std::is_same_v<train_t::mode_type, xest::mode::train>);

    // The builder itself: names are kept as given, in order.
    model m;
    auto const s = xest::spec(xest::mode::eval{}).loss(m.b).eval_metric("a", xest::metrics::mean(m.b)).eval_metric(
        "b", xest::metrics::mean(m.W));
    CHECK(std::get<0>(s.metrics).name == "a");
    CHECK(std::get<1>(s.metrics).name == "b");
    auto const t = xest::spec(xest::mode::train{}).summary("first", m.b).summary("second", m.b);
    CHECK(std::get<1>(t.summaries).tag == "second");
    static_assert(xest::mode::is_mode_v<xest::mode::predict>);
    static_assert(!xest::mode::is_mode_v<int>);
}
