// A 64-32-10 ReLU network on the handwritten digits (benchmark workload W2 as a program):
// the first 1437 images train, the last 360 test; Adam, batches of 32, 100 epochs.
//
//   digits_mlp [path/to/digits.csv]    (default: data/digits.csv next to this source file)
#include <cstdint>
#include <cstdio>
#include <filesystem>

#include <xestimator/xestimator.hpp>

namespace xe = xest;

struct digits_model
{
    xe::nn::dense<64, 32, xe::nn::relu, "hidden"> hidden;
    xe::nn::dense<32, 10, xe::nn::linear, "logits"> output;

    template <class Mode>
    auto operator()(auto const& pixels, auto const& labels, Mode mode) const
    {
        auto logits = output(hidden(pixels * (1.0f / 16.0f)));
        return xe::spec(mode)
            .loss(xe::losses::sparse_softmax_cross_entropy(labels, logits))
            .predictions(xe::softmax(logits))
            .eval_metric("accuracy", xe::metrics::accuracy(labels, logits));
    }
};

int main(int argc, char** argv)
{
    std::filesystem::path const csv =
        argc > 1 ? std::filesystem::path(argv[1]) : std::filesystem::path(__FILE__).parent_path() / "data" / "digits.csv";
    if (!std::filesystem::exists(csv))
    {
        std::fprintf(stderr, "%s not found; pass the path of digits.csv: %s path/to/digits.csv\n", csv.string().c_str(), argv[0]);
        return 2;
    }
    // One pass over the file, row by row; the first 1437 rows train, the rest test.
    auto all = xe::inputs::from_csv<1, 64, 1, std::int32_t>(csv, {.label_column = "label"});
    std::size_t const n_train = 1437;
    std::size_t const n_test = all.num_examples() - n_train;
    auto x_train = xt::xtensor<float, 2>::from_shape({n_train, 64});
    auto y_train = xt::xtensor<std::int32_t, 1>::from_shape({n_train});
    auto x_test = xt::xtensor<float, 2>::from_shape({n_test, 64});
    auto y_test = xt::xtensor<std::int32_t, 1>::from_shape({n_test});
    decltype(all)::batch_type row;
    for (std::size_t i = 0; all.next(row); ++i)
    {
        bool const train = i < n_train;
        std::size_t const r = train ? i : i - n_train;
        std::copy(row.features.begin(), row.features.end(), train ? &x_train(r, 0) : &x_test(r, 0));
        (train ? y_train(r) : y_test(r)) = row.labels(0);
    }

    auto train_in = xe::inputs::from_arrays<32, 64>(x_train, y_train, {.num_epochs = 100, .shuffle = true, .seed = 1});
    auto test_in = xe::inputs::from_arrays<32, 64>(x_test, y_test);
    xe::estimator<digits_model, xe::optim::adam> est({.random_seed = 1, .log_step_count_steps = 1000},
                                                     {.learning_rate = 1e-3f});
    auto trained = est.train(train_in);
    auto r = est.evaluate(test_in);
    std::printf("trained %lld steps (%s); test loss %.4f, test accuracy %.4f\n", static_cast<long long>(trained.steps),
                xe::to_string(trained.reason), r.loss, r["accuracy"]);
}
