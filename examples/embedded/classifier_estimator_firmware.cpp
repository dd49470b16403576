// The iris classifier of classifier_firmware.cpp (iris_model.hpp: 4-16-3, tanh, sparse softmax
// cross-entropy, Adam, learning rate 0.01, batches of 15, 400 steps, the flowers in file order of
// iris_data.hpp) trained through xest::in_memory_estimator; bit for bit on the Cortex-M4 and on
// the host. The input reads the constexpr arrays in place, from flash: nothing is copied and
// nothing is allocated.
#include <cstdint>

#include <xestimator/estimator/in_memory.hpp>
#include <xestimator/inputs/array_input.hpp>
#include <xestimator/optim/adam.hpp>

#include "board.hpp"
#include "iris_model.hpp"
#include "print_params.hpp"

int main()
{
    static xest::in_memory_estimator<iris::mlp, xest::optim::adam> est({.random_seed = 42, .log_step_count_steps = 0},
                                                                        {.learning_rate = 0.01f});
    auto input = xest::inputs::from_arrays<iris::batch, 4, 1>(iris::features, iris::labels, {.num_epochs = xest::repeat});
    est.train(input, xest::steps{400},
              [](xest::step_info const& s)
              {
                  if ((s.step - 1) % 50 == 0 || s.step == 400)
                  {
                      board::write("step ");
                      board::write_uint(static_cast<std::uint32_t>(s.step - 1));
                      board::write_value(" loss", s.loss);
                  }
              });
    auto const& m = est.model();
    std::uint32_t const hits = iris::predict_all(m.hidden_kernel, m.hidden_bias, m.logits_kernel, m.logits_bias, false);
    board::write("training accuracy: ");
    board::write_uint(hits);
    board::write(" / 150\n");
    firmware::print_params(m);
    board::write("stack bytes used: ");
    board::write_uint(board::stack_high_water());
    board::write("\n");
    return hits >= 120 ? 0 : 1;
}
