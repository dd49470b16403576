// canned::dnn_classifier on the handwritten digits (tf.estimator.DNNClassifier with its
// defaults: ReLU hidden layers, Glorot-uniform kernels, Adagrad at 0.05). The first 1437 images
// train, the last 360 test; the program fails (exit 1) when the test accuracy is below 0.90.
// (It measures 0.917. The last 360 rows are harder than a random split: the 64-32-10 Adam MLP of
// digits_mlp.cpp reaches 0.911 on them, and no width or learning rate tried here reached 0.95.)
//
//   digits_dnn_classifier [path/to/digits.csv]    (default: data/digits.csv next to this source file)
#include <cstdint>
#include <cstdio>

#include <xestimator/canned.hpp>
#include <xestimator/estimator/train_and_evaluate.hpp>
#include <xestimator/hooks/progress_bar.hpp>

#include "example_data.hpp"

int main(int argc, char** argv)
{
    auto all = example::read_csv<64, std::int32_t>(example::data_file(argc, argv, "digits.csv"), "label");
    all.x /= 16.0f;  // pixels 0..16 to 0..1
    std::size_t const n_train = 1437;
    auto [train, test] = example::split(all, [&](std::size_t i) { return i >= n_train; });

    auto train_in = xest::inputs::from_arrays<32, 64>(train.x, train.y, {.num_epochs = xest::inputs::repeat, .shuffle = true, .seed = 1});
    auto test_in = xest::inputs::from_arrays<32, 64>(test.x, test.y);

    xest::canned::dnn_classifier<64, xest::canned::hidden<64>, 10> classifier(
        {.model_dir = "digits_dnn_model", .random_seed = 1, .log_step_count_steps = 0});
    // Evaluated every 500 steps, so the model directory holds an evaluation curve
    // (python3 examples/plot_model_dir.py digits_dnn_model --tag loss --tag accuracy).
    auto const r = xest::train_and_evaluate(classifier, xest::train_spec{train_in, 2000},
                                            xest::eval_spec{test_in, {}, "", 500}, xest::hooks::progress_bar{});
    std::printf("test (%zu images): loss %.4f, accuracy %.4f\n", test.y.size(), r.loss, r["accuracy"]);
    return r["accuracy"] >= 0.90 ? 0 : 1;
}
