// canned::linear_classifier on iris (tf.estimator.LinearClassifier with its defaults: FTRL at
// min(0.2, 1/sqrt(4)) = 0.2). Every fifth flower is held out; the program fails (exit 1) when the
// held-out accuracy is below 0.93.
//
//   iris_linear_classifier [path/to/iris.csv]    (default: data/iris.csv next to this source file)
#include <cstdint>
#include <cstdio>

#include <xestimator/canned.hpp>
#include <xestimator/hooks/progress_bar.hpp>

#include "example_data.hpp"

int main(int argc, char** argv)
{
    auto const all = example::read_csv<4, std::int32_t>(example::data_file(argc, argv, "iris.csv"), "species");
    auto [train, test] = example::split(all, [](std::size_t i) { return i % 5 == 4; });
    example::standardize(train.x, test.x);

    auto train_in = xest::inputs::from_arrays<16, 4>(train.x, train.y, {.num_epochs = xest::inputs::repeat, .shuffle = true, .seed = 3});
    auto test_in = xest::inputs::from_arrays<16, 4>(test.x, test.y);

    xest::canned::linear_classifier<4, 3> classifier({.model_dir = "iris_linear_model", .log_step_count_steps = 0});
    // max_steps: a second run finds the checkpoint at step 800 and only evaluates it.
    classifier.train(train_in, xest::max_steps{800}, xest::hooks::progress_bar{});
    auto const r = classifier.evaluate(test_in);
    std::printf("held-out (%zu flowers): loss %.4f, accuracy %.4f, average_loss %.4f\n", test.y.size(), r.loss,
                r["accuracy"], r["average_loss"]);
    return r["accuracy"] >= 0.93 ? 0 : 1;
}
