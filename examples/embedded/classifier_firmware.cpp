// Trains the 4-16-3 iris classifier of iris_model.hpp (tanh hidden layer, sparse softmax
// cross-entropy, Adam, learning rate 0.01, batches of 15) on the 150 flowers compiled into
// flash, then prints the losses, the training accuracy and the final params. Like
// seed_firmware.cpp, the same source builds for a host and the outputs must match bit for bit
// (-ffp-contract=off on both).
#include <cstddef>
#include <cstdint>

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

int main()
{
    for (std::uint32_t step = 0; step < 400; ++step)
    {
        std::size_t const first = (step % batches) * iris::batch;
        float const loss = t.step(&iris::features[first][0], &iris::labels[first]);
        if (step % 50 == 0 || step == 399)
        {
            board::write("step ");
            board::write_uint(step);
            board::write_value(" loss", loss);
        }
    }
    auto const& m = t.model();
    std::uint32_t const hits = iris::predict_all(m.hidden_kernel, m.hidden_bias, m.logits_kernel, m.logits_bias, false);
    board::write("training accuracy: ");
    board::write_uint(hits);
    board::write(" / 150\n");
    firmware::print_params(m);
    board::write("stack bytes used: ");
    board::write_uint(board::stack_high_water());
    board::write("\n");
    // Exit status: 0 when the classifier learned (chance level is about 50 of 150).
    return hits >= 120 ? 0 : 1;
}
