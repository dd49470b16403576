// A linear softmax classifier on iris: from_csv, adam, train_and_evaluate, accuracy.
//
//   iris_classifier [path/to/iris.csv]    (default: data/iris.csv next to this source file)
#include <cstdint>
#include <cstdio>
#include <filesystem>

#include <xestimator/xestimator.hpp>

namespace xe = xest;

struct iris_model
{
    xe::nn::dense<4, 3, xe::nn::linear, "logits"> layer;

    template <class Mode>
    auto operator()(auto const& features, auto const& labels, Mode mode) const
    {
        auto logits = layer(features);
        return xe::spec(mode)
            .loss(xe::losses::sparse_softmax_cross_entropy(labels, logits))
            .predictions(xe::softmax(logits))
            .eval_metric("accuracy", xe::metrics::accuracy(labels, logits));
    }
};

int main(int argc, char** argv)
{
    std::filesystem::path const csv =
        argc > 1 ? std::filesystem::path(argv[1]) : std::filesystem::path(__FILE__).parent_path() / "data" / "iris.csv";
    if (!std::filesystem::exists(csv))
    {
        std::fprintf(stderr, "%s not found; pass the path of iris.csv: %s path/to/iris.csv\n", csv.string().c_str(), argv[0]);
        return 2;
    }

    // Four feature columns, the class id (0, 1, 2) in "species".
    auto train_in = xe::inputs::from_csv<16, 4, 1, std::int32_t>(
        csv, {.label_column = "species", .input = {.num_epochs = xe::repeat, .shuffle = true, .seed = 42}});
    auto eval_in = xe::inputs::from_csv<32, 4, 1, std::int32_t>(csv, {.label_column = "species"});

    xe::estimator<iris_model, xe::optim::adam> est({.random_seed = 7, .log_step_count_steps = 0}, {.learning_rate = 0.05f});
    xe::eval_result r = xe::train_and_evaluate(est, xe::train_spec{train_in, 1500}, xe::eval_spec{eval_in, {}, "", 500},
                                               xe::hooks::early_stopping{.patience = 2});
    std::printf("global step %lld: loss %.4f, accuracy %.3f\n", static_cast<long long>(r.global_step), r.loss, r["accuracy"]);

    // Class probabilities of the first flower of the file.
    auto const p = est.predict(eval_in).front();
    std::printf("first flower: P(setosa) = %.3f, P(versicolor) = %.3f, P(virginica) = %.3f\n", double(p(0)), double(p(1)),
                double(p(2)));
}
