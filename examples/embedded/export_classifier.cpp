// Host program of the export round trip (tests/embedded): trains the iris classifier as
// classifier_firmware.cpp does, prints its predictions of the 150 flowers (the bits of every
// logit), and exports the trained params with xest::export_header to the path given.
//
//   export_classifier path/to/iris_weights.hpp
#include <cstddef>
#include <cstdint>
#include <cstdio>

#include <xestimator/export.hpp>
#include <xestimator/optim/adam.hpp>

#include "board.hpp"
#include "engine_trainer.hpp"
#include "iris_model.hpp"

namespace
{
    constexpr std::size_t batches = 150 / iris::batch;
    using trainer = firmware::engine_trainer<iris::mlp, xest::optim::adam, iris::batch, 4, std::int32_t, xest::shape<iris::batch>>;
    trainer t({.learning_rate = 0.01f}, 42);
}

int main(int argc, char** argv)
{
    if (argc != 2)
    {
        std::fprintf(stderr, "usage: %s path/to/iris_weights.hpp\n", argv[0]);
        return 2;
    }
    for (std::uint32_t step = 0; step < 400; ++step)
    {
        std::size_t const first = (step % batches) * iris::batch;
        t.step(&iris::features[first][0], &iris::labels[first]);
    }
    auto const& m = t.model();
    std::uint32_t const hits = iris::predict_all(m.hidden_kernel, m.hidden_bias, m.logits_kernel, m.logits_bias, true);
    board::write("training accuracy: ");
    board::write_uint(hits);
    board::write(" / 150\n");
    xest::export_header(t.model(), argv[1], "iris_weights");
    return 0;
}
