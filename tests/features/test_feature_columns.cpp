// Feature columns: values and param names of numeric (raw and standardized), indicator and
// embedding columns; gradients through them against finite differences in float and double;
// adapt()'s statistics; and the statistics in checkpoints: restored by a resuming train(),
// which stays bitwise equal to one straight run, and never changed by the optimizer.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "../expr/expr_test_support.hpp"
#include "../model_dir/model_dir_support.hpp"

#include <xestimator/features.hpp>

using namespace xest;
using engine_test::check_gradient;
using engine_test::check_values;

namespace
{
    // Rows of 5 features: two raw numbers, one to standardize, a category of 4 (indicator) and
    // one of 3 (embedding).
    using species = features::categorical_identity<"species", 3, 4>;
    using island = features::categorical_identity<"island", 4, 3>;

    template <class T>
    using layer_type = features::input_layer<features::numeric<"raw", 0, 2>, features::numeric<"mass", 2, 1, features::standardize, T>,
                                             features::indicator<species>, features::embedding<island, 2, T>>;

    template <class T>
    tensor<T, shape<4, 5>> feature_rows()
    {
        constexpr double rows[4][5] = {{0.5, -1.0, 10.0, 2, 0}, {1.5, 2.0, 14.0, 0, 2}, {-0.5, 0.25, 12.0, 3, 1}, {2.0, 1.0, 16.0, 1, 2}};
        tensor<T, shape<4, 5>> x;
        for (std::size_t r = 0; r < 4; ++r)
        {
            for (std::size_t c = 0; c < 5; ++c)
            {
                x(r, c) = T(rows[r][c]);
            }
        }
        return x;
    }
}

TEST_CASE_TEMPLATE("feature columns: widths, param names and values side by side", T, float, double)
{
    layer_type<T> layer;
    using L = decltype(layer);
    static_assert(L::width == 2 + 1 + 4 + 2);
    static_assert(L::columns_read == 5);
    std::vector<std::string> names;
    layer.visit_params([&](auto const& p) { names.emplace_back(p.name_view()); });
    CHECK(names == std::vector<std::string>{"mass/mean", "mass/variance", "island/embedding/embedding_weights"});

    auto x = feature_rows<T>();
    features::adapt(layer, x);
    auto& mass = layer.template get<features::numeric<"mass", 2, 1, features::standardize, T>>();
    CHECK(double(mass.mean.value(0)) == doctest::Approx(13.0));
    CHECK(double(mass.variance.value(0)) == doctest::Approx(5.0));  // population variance of 10, 14, 12, 16

    expr::data_leaf<expr::features_tag, T, shape<4, 5>> X{x.data()};
    auto const out = layer(X);
    static_assert(std::is_same_v<shape_of_t<decltype(out)>, shape<4, 9>>);
    auto const got = engine_test::eval(out);
    auto& table = layer.template get<features::embedding<island, 2, T>>().table;
    std::vector<double> want;
    for (std::size_t r = 0; r < 4; ++r)
    {
        want.push_back(double(x(r, 0)));
        want.push_back(double(x(r, 1)));
        want.push_back((double(x(r, 2)) - 13.0) / std::sqrt(5.0));
        for (std::size_t k = 0; k < 4; ++k)
        {
            want.push_back(std::size_t(x(r, 3)) == k ? 1.0 : 0.0);
        }
        auto const id = std::size_t(x(r, 4));
        want.push_back(double(table.value(id, 0)));
        want.push_back(double(table.value(id, 1)));
    }
    check_values<T>(got, want);
}

TEST_CASE("feature columns: an id outside the buckets gives zeros (indicator) and NaN (embedding)")
{
    layer_type<float> layer;
    tensor<float, shape<1, 5>> x;
    x(0, 0) = 1.0f;
    x(0, 1) = 2.0f;
    x(0, 2) = 3.0f;
    x(0, 3) = 7.0f;   // species has 4 buckets
    x(0, 4) = -1.0f;  // island: negative
    expr::data_leaf<expr::features_tag, float, shape<1, 5>> X{x.data()};
    auto const got = engine_test::eval(layer(X));
    for (std::size_t k = 3; k < 7; ++k)
    {
        CHECK(got[k] == 0.0);
    }
    CHECK(std::isnan(got[7]));
    CHECK(std::isnan(got[8]));
}

TEST_CASE_TEMPLATE("feature columns: gradients of the embedding table and of a dense layer over indicator and numeric columns",
                   T, float, double)
{
    layer_type<T> layer;
    auto x = feature_rows<T>();
    features::adapt(layer, x);
    expr::data_leaf<expr::features_tag, T, shape<4, 5>> X{x.data()};
    tensor<std::int32_t, shape<4>> y{2, 0, 1, 1};
    expr::data_leaf<expr::labels_tag, std::int32_t, shape<4>> Y{y.data()};
    nn::dense<9, 3, nn::tanh, "hidden", T> hidden;
    nn::dense<3, 3, nn::linear, "logits", T> out;
    auto const loss = losses::sparse_softmax_cross_entropy(Y, out(hidden(layer(X))));
    check_gradient<T>(loss);
    check_gradient<T>(loss, 3);  // a partial batch: the last row's ids add nothing

    // The statistics are not trained: no gradient reaches them.
    using program_type = expr::program<true, std::remove_cvref_t<decltype(loss)>>;
    using mass_type = features::numeric<"mass", 2, 1, features::standardize, T>;
    static_assert(!program_type::template has_gradient<typename mass_type::mean_type>());
    static_assert(!program_type::template has_gradient<typename mass_type::variance_type>());
    static_assert(program_type::template has_gradient<typename features::embedding<island, 2, T>::table_type>());
    // Rows of the table no id reads get no gradient.
    auto const g = engine_test::grad<typename features::embedding<island, 2, T>::table_type>(loss);
    REQUIRE(g.size() == 6u);
    for (double v : g)
    {
        CHECK(std::isfinite(v));
    }
    auto const g_first_two = engine_test::grad<typename features::embedding<island, 2, T>::table_type>(loss, 2);
    CHECK(g_first_two[1 * 2 + 0] == 0.0);  // id 1 is read by row 3 only
    CHECK(g_first_two[1 * 2 + 1] == 0.0);
}

TEST_CASE("features::adapt: statistics of an input's features, and no data is an error")
{
    layer_type<float> layer;
    xt::xtensor<float, 2> x = {{0, 0, 1, 0, 0}, {0, 0, 3, 0, 0}};
    xt::xtensor<std::int32_t, 1> y = {0, 1};
    auto in = inputs::from_arrays<2, 5>(x, y);
    features::adapt(layer, in);
    auto& mass = layer.get<features::numeric<"mass", 2, 1, features::standardize>>();
    CHECK(mass.mean.value(0) == 2.0f);
    CHECK(mass.variance.value(0) == 1.0f);

    xt::xtensor<float, 2> empty = xt::zeros<float>({0, 5});
    CHECK_THROWS_AS(features::adapt(layer, empty), input_error);
    xt::xtensor<float, 2> narrow = xt::zeros<float>({3, 4});
    CHECK_THROWS_WITH_AS(features::adapt(layer, narrow), doctest::Contains("has 4 columns; the input_layer reads 5"), input_error);
    CHECK(mass.mean.value(0) == 2.0f);  // a refused call changes nothing
}

namespace
{
    struct tabular_model
    {
        layer_type<float> input;
        nn::dense<decltype(input)::width, 8, nn::relu, "hidden"> hidden;
        nn::dense<8, 3, nn::linear, "logits"> logits;

        template <class Mode>
        auto operator()(auto const& x, auto const& y, Mode mode) const
        {
            auto z = logits(hidden(input(x)));
            return spec(mode).loss(losses::sparse_softmax_cross_entropy(y, z)).predictions(softmax(z));
        }
    };
    using tabular_estimator = estimator<tabular_model, optim::adam>;

    std::pair<xt::xtensor<float, 2>, xt::xtensor<std::int32_t, 1>> tabular_data()
    {
        xt::xtensor<float, 2> x = xt::zeros<float>({30, 5});
        xt::xtensor<std::int32_t, 1> y = xt::zeros<std::int32_t>({30});
        for (std::size_t r = 0; r < 30; ++r)
        {
            x(r, 0) = float(r % 7) * 0.25f;
            x(r, 1) = float(r % 5) - 2.0f;
            x(r, 2) = 3000.0f + 40.0f * float(r % 11);  // a body mass in grams: needs standardizing
            x(r, 3) = float(r % 4);
            x(r, 4) = float((r / 3) % 3);
            y(r) = std::int32_t((r % 4 + r % 3) % 3);
        }
        return {x, y};
    }
}

TEST_CASE("feature columns: the standardization statistics are in every checkpoint, a resume restores them and is bitwise exact")
{
    xest_test::scratch_dir tmp;
    auto const data = tabular_data();
    auto const& x = data.first;
    auto const& y = data.second;
    auto make_input = [&] { return inputs::from_arrays<6, 5>(x, y, {.num_epochs = inputs::repeat, .shuffle = true, .seed = 5}); };
    auto config_for = [](std::filesystem::path const& dir)
    { return run_config{.model_dir = dir.string(), .random_seed = 3, .log_step_count_steps = 0}; };
    optim::adam const opt{.learning_rate = 0.01f};
    using mass_type = features::numeric<"mass", 2, 1, features::standardize>;

    float adapted_mean = 0.0f;
    float adapted_variance = 0.0f;
    {
        auto in = make_input();
        tabular_estimator a(config_for(tmp / "resumed"), opt);
        features::adapt(a.model().input, in);
        adapted_mean = a.model().input.get<mass_type>().mean.value(0);
        adapted_variance = a.model().input.get<mass_type>().variance.value(0);
        REQUIRE(adapted_variance > 1000.0f);
        a.train(in, steps{40});
        // Trained for 40 steps, the statistics are still the data's.
        CHECK(a.model().input.get<mass_type>().mean.value(0) == adapted_mean);
        CHECK(a.model().input.get<mass_type>().variance.value(0) == adapted_variance);
    }
    auto const entries = io::checkpoint_manager::load(tmp / "resumed" / "model.ckpt-40.npz");
    CHECK(xest_test::entry_values(entries, "mass/mean") == std::vector<double>{double(adapted_mean)});
    CHECK(xest_test::entry_values(entries, "mass/variance") == std::vector<double>{double(adapted_variance)});

    std::map<std::string, std::string> resumed;
    {
        // No adapt(): the statistics come back from the checkpoint.
        auto in = make_input();
        tabular_estimator b(config_for(tmp / "resumed"), opt);
        b.train(in, steps{40});
        CHECK(b.global_step() == 80);
        CHECK(b.model().input.get<mass_type>().mean.value(0) == adapted_mean);
        resumed = xest_test::param_bytes(b);
    }
    auto in = make_input();
    tabular_estimator c(config_for(tmp / "straight"), opt);
    features::adapt(c.model().input, in);
    c.train(in, steps{80});
    auto const straight = xest_test::param_bytes(c);
    REQUIRE(straight.size() == 7u);
    CHECK(resumed == straight);
    CHECK(xest_test::read_bytes(tmp / "resumed" / "model.ckpt-80.npz") == xest_test::read_bytes(tmp / "straight" / "model.ckpt-80.npz"));

    // Guard: without the statistics (identity normalization) the same training gives other params.
    auto in2 = make_input();
    tabular_estimator d(config_for(tmp / "unadapted"), opt);
    d.train(in2, steps{80});
    CHECK(xest_test::param_bytes(d) != straight);
}

TEST_CASE_TEMPLATE("feature columns: bucketized ids as tf.raw_ops.Bucketize, one-hot through indicator, trained through embedding", T, float, double)
{
    // Boundaries 18, 30.5, 65: four buckets; a value on a boundary goes to the bucket above.
    using age = features::bucketized<"age", 1, 18, 30.5, 65>;
    static_assert(age::buckets == 4);
    features::input_layer<features::indicator<age>> one_hot_layer;
    constexpr double ages[6] = {-3.0, 17.99, 18.0, 30.5, 64.0, 80.0};
    constexpr std::size_t expected[6] = {0, 0, 1, 2, 2, 3};
    tensor<T, shape<6, 2>> x;
    for (std::size_t r = 0; r < 6; ++r)
    {
        x(r, 0) = T(100);  // not read
        x(r, 1) = T(ages[r]);
    }
    expr::data_leaf<expr::features_tag, T, shape<6, 2>> X{x.data()};
    auto const hot = engine_test::eval(one_hot_layer(X));
    REQUIRE(hot.size() == 6u * 4u);
    for (std::size_t r = 0; r < 6; ++r)
    {
        for (std::size_t b = 0; b < 4; ++b)
        {
            CHECK(hot[r * 4 + b] == (b == expected[r] ? 1.0 : 0.0));
        }
    }

    // NaN falls in no bucket: zeros from indicator, NaN from embedding (never bucket 0).
    x(0, 1) = std::numeric_limits<T>::quiet_NaN();
    auto const missing = engine_test::eval(one_hot_layer(X));
    for (std::size_t b = 0; b < 4; ++b)
    {
        CHECK(missing[b] == 0.0);
    }
    features::input_layer<features::embedding<age, 3, T>> embedded;
    auto const rows = engine_test::eval(embedded(X));
    CHECK(std::isnan(rows[0]));
    auto& table = embedded.template get<features::embedding<age, 3, T>>().table;
    for (std::size_t k = 0; k < 3; ++k)
    {
        CHECK(rows[1 * 3 + k] == double(table.value(0, k)));  // 17.99: bucket 0
        CHECK(rows[5 * 3 + k] == double(table.value(3, k)));  // 80: bucket 3
    }

    // The table's gradient against finite differences, rows without NaN.
    x(0, 1) = T(40);
    check_gradient<T>(sum(square(embedded(X))));
}
