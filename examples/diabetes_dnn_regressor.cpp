// canned::dnn_regressor on the diabetes data (tf.estimator.DNNRegressor with its defaults:
// ReLU hidden layers, Glorot-uniform kernels, Adagrad at 0.05). Features and target are
// standardised with the training rows' statistics; every fifth patient is held out. The program
// fails (exit 1) when the held-out R^2 is below 0.4.
//
//   diabetes_dnn_regressor [path/to/diabetes.csv]    (default: data/diabetes.csv next to this source file)
#include <cmath>
#include <cstdio>

#include <xestimator/canned.hpp>
#include <xestimator/hooks/progress_bar.hpp>

#include "example_data.hpp"

int main(int argc, char** argv)
{
    auto const all = example::read_csv<10, float>(example::data_file(argc, argv, "diabetes.csv"), "target");
    auto [train, test] = example::split(all, [](std::size_t i) { return i % 5 == 4; });
    example::standardize(train.x, test.x);
    // The target too (disease progression 25..346): the regressor learns z-scores.
    double const mean = xt::mean(train.y)();
    double const sd = xt::stddev(train.y)();
    train.y = (train.y - mean) / sd;
    test.y = (test.y - mean) / sd;

    auto train_in = xest::inputs::from_arrays<32, 10>(train.x, train.y, {.num_epochs = xest::inputs::repeat, .shuffle = true, .seed = 5});
    auto test_in = xest::inputs::from_arrays<32, 10>(test.x, test.y);

    xest::canned::dnn_regressor<10, xest::canned::hidden<32>> regressor(
        {.model_dir = "diabetes_dnn_model", .random_seed = 2, .log_step_count_steps = 0});
    regressor.train(train_in, xest::max_steps{400}, xest::hooks::progress_bar{});
    auto const r = regressor.evaluate(test_in);
    // R^2 = 1 - SS_res / SS_tot: average_loss is SS_res / n, the labels' variance SS_tot / n.
    double const r_squared = 1.0 - r["average_loss"] / xt::variance(test.y)();
    std::printf("held-out (%zu patients): average_loss %.4f, label/mean %.4f, prediction/mean %.4f, R^2 %.4f\n",
                test.y.size(), r["average_loss"], r["label/mean"], r["prediction/mean"], r_squared);
    return r_squared >= 0.4 ? 0 : 1;
}
