// A small convolutional network on the handwritten digits, read as 8x8 images (the network of
// benchmark workload W5): conv 3x3 x16 -> ReLU -> 2x2 max pool -> dense 10. The first 1437
// images train, the last 360 test. The training images are augmented with shifted copies (up to
// one pixel, in half-pixel steps: 25 copies of each); Adam with a cosine-decayed learning rate,
// batches of 32, 12 epochs of the augmented set.
//
//   digits_cnn [path/to/digits.csv] [--epochs N] [--min-accuracy A]
//
// With --min-accuracy the program exits with status 1 when the test accuracy is below A (the
// test suite runs it so). Measured: 0.986 with this seed; seeds 1 to 3 give 0.972 to 0.986.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <utility>

#include <xestimator/xestimator.hpp>

#include "example_data.hpp"

namespace xe = xest;

struct digits_cnn
{
    // 8x8x1 -> 8x8x16 (same padding keeps the border pixels) -> 4x4x16 -> 10 logits.
    xe::nn::conv2d<16, 3, 3, xe::nn::relu, "conv", xe::nn::conv2d_options{.pad = xe::padding::same}> conv;
    xe::nn::max_pool2d<2> pool;
    xe::nn::dense<4 * 4 * 16, 10, xe::nn::linear, "logits"> output;

    template <class Mode>
    auto operator()(auto const& pixels, auto const& labels, Mode mode) const
    {
        constexpr std::size_t batch = xe::shape_of_t<decltype(pixels)>::dims[0];
        auto images = xe::reshape<xe::shape<batch, 8, 8, 1>>(pixels * (1.0f / 16.0f));
        auto logits = output(xe::flatten(pool(conv(images))));
        return xe::spec(mode)
            .loss(xe::losses::sparse_softmax_cross_entropy(labels, logits))
            .predictions(xe::softmax(logits))
            .eval_metric("accuracy", xe::metrics::accuracy(labels, logits));
    }
};

int main(int argc, char** argv)
{
    std::filesystem::path csv = std::filesystem::path(__FILE__).parent_path() / "data" / "digits.csv";
    double min_accuracy = -1.0;
    std::int64_t epochs = 12;
    for (int i = 1; i < argc; ++i)
    {
        if (std::strcmp(argv[i], "--min-accuracy") == 0 && i + 1 < argc)
        {
            min_accuracy = std::atof(argv[++i]);
        }
        else if (std::strcmp(argv[i], "--epochs") == 0 && i + 1 < argc)
        {
            epochs = std::atoll(argv[++i]);
        }
        else
        {
            csv = argv[i];
        }
    }
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

    auto [x_aug, y_aug] = example::shifted_copies(x_train, y_train);
    auto train_in = xe::inputs::from_arrays<32, 64>(x_aug, y_aug, {.num_epochs = epochs, .shuffle = true, .seed = 1});
    auto test_in = xe::inputs::from_arrays<32, 64>(x_test, y_test);
    // The learning rate decays from 3e-3 to 0 over the whole run (Keras' CosineDecay).
    auto const steps = static_cast<std::int64_t>((x_aug.shape()[0] + 31) / 32) * epochs;
    using optimizer = xe::optim::with_schedule<xe::optim::adam, xe::optim::cosine_decay>;
    xe::estimator<digits_cnn, optimizer> est({.random_seed = 1, .log_step_count_steps = 1000},
                                             {.opt = {}, .schedule = {.initial_learning_rate = 3e-3f, .decay_steps = steps}});
    auto trained = est.train(train_in);
    auto r = est.evaluate(test_in);
    std::printf("trained %lld steps (%s); test loss %.4f, test accuracy %.4f\n", static_cast<long long>(trained.steps),
                xe::to_string(trained.reason), r.loss, r["accuracy"]);
    if (min_accuracy >= 0.0 && !(r["accuracy"] >= min_accuracy))
    {
        std::fprintf(stderr, "test accuracy %.4f is below the required %.4f\n", r["accuracy"], min_accuracy);
        return 1;
    }
    return 0;
}
