// The seed model of seed_firmware.cpp trained through xest::in_memory_estimator instead of the
// engine alone: on the Cortex-M4 and on the host, bit for bit, and with the same losses and
// params as seed_firmware.cpp. The data are constexpr arrays, read in place: the estimator, its
// input and its built-in hooks allocate nothing, and no allocator is linked.
#include <array>
#include <cstdint>

#include <xestimator/estimator/in_memory.hpp>
#include <xestimator/estimator/spec.hpp>
#include <xestimator/expr.hpp>
#include <xestimator/init.hpp>
#include <xestimator/inputs/array_input.hpp>
#include <xestimator/losses.hpp>
#include <xestimator/optim/gradient_descent.hpp>

#include "board.hpp"
#include "print_params.hpp"

namespace
{
    constexpr std::array<float, 3> train_x = {1.0f, 2.0f, 3.0f};
    constexpr std::array<float, 3> train_y = {2.0f, 4.0f, 5.9f};

    struct seed_linear
    {
        xest::param<"weights", xest::shape<1, 1>> W{xest::init::random_normal{.seed = 7}};
        xest::param<"bias", xest::shape<1>> b{xest::init::zeros{}};

        template <class Mode>
        auto operator()(auto const& x, auto const& y, Mode m) const
        {
            auto pred = xest::matmul(x, W) + b;
            return xest::spec(m).loss(xest::losses::mean_squared_error(y, pred)).predictions(pred);
        }
    };
}

int main()
{
    static xest::in_memory_estimator<seed_linear, xest::optim::gradient_descent> est(
        {.random_seed = 42, .log_step_count_steps = 0}, {.learning_rate = 0.01f});
    auto input = xest::inputs::from_arrays<1>(train_x, train_y, {.num_epochs = xest::repeat});
    est.train(input, xest::steps{300},
              [](xest::step_info const& s)
              {
                  // s.step counts from 1: s.step - 1 is seed_firmware.cpp's step.
                  if ((s.step - 1) % 50 == 0)
                  {
                      board::write("step ");
                      board::write_uint(static_cast<std::uint32_t>(s.step - 1));
                      board::write_value(" loss", s.loss);
                  }
              });
    firmware::print_params(est.model());
    board::write("stack bytes used: ");
    board::write_uint(board::stack_high_water());
    board::write("\n");
    return 0;
}
