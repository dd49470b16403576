// Trains the seed model y = x·W + b (MSE, SGD, learning rate 0.01) on three examples stored in
// flash, then prints the losses and the final params. The same source builds for a host
// (board_host.cpp): the two outputs must match bit for bit when both are built with
// -ffp-contract=off.
#include <array>
#include <cstdint>

#include <xestimator/init.hpp>
#include <xestimator/optim/gradient_descent.hpp>

#include "board.hpp"
#include "engine_trainer.hpp"

namespace
{
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

    constexpr std::array<float, 3> train_x = {1.0f, 2.0f, 3.0f};
    constexpr std::array<float, 3> train_y = {2.0f, 4.0f, 5.9f};

    using trainer = firmware::engine_trainer<seed_linear, xest::optim::gradient_descent, 1, 1, float, xest::shape<1, 1>>;
    trainer t({.learning_rate = 0.01f}, 42);
}

int main()
{
    for (std::uint32_t step = 0; step < 300; ++step)
    {
        std::uint32_t const i = step % 3;
        float const loss = t.step(&train_x[i], &train_y[i]);
        if (step % 50 == 0)
        {
            board::write("step ");
            board::write_uint(step);
            board::write_value(" loss", loss);
        }
    }
    firmware::print_params(t.model());
    board::write("stack bytes used: ");
    board::write_uint(board::stack_high_water());
    board::write("\n");
    return 0;
}
