// Trains a 4-16-3 softmax classifier (tanh hidden layer, sparse softmax cross-entropy, Adam,
// learning rate 0.01, batches of 15) on the iris flowers compiled into flash, then prints the
// losses, the training accuracy and the final params. Like seed_firmware.cpp, the same source
// builds for a host and the outputs must match bit for bit (-ffp-contract=off on both).
#include <cstddef>
#include <cstdint>

#include <xestimator/init.hpp>
#include <xestimator/nn.hpp>
#include <xestimator/optim/adam.hpp>

#include "board.hpp"
#include "engine_trainer.hpp"
#include "iris_data.hpp"

namespace
{
    struct iris_mlp
    {
        xest::nn::dense<4, 16, xest::nn::tanh, "hidden"> hidden;
        xest::nn::dense<16, 3, xest::nn::linear, "logits"> logits;

        template <class Mode>
        auto operator()(auto const& x, auto const& y, Mode m) const
        {
            auto z = logits(hidden(x));
            return xest::spec(m).loss(xest::losses::sparse_softmax_cross_entropy(y, z)).predictions(z);
        }
    };

    constexpr std::size_t batch = 15;
    constexpr std::size_t batches = 150 / batch;

    using trainer = firmware::engine_trainer<iris_mlp, xest::optim::adam, batch, 4, std::int32_t, xest::shape<batch>>;
    trainer t({.learning_rate = 0.01f}, 42);

    /// Flowers whose largest logit is their class, with the trained params (plain loops: no
    /// second program needed to predict).
    std::uint32_t correct()
    {
        auto const& m = t.model();
        std::uint32_t hits = 0;
        for (std::size_t r = 0; r < 150; ++r)
        {
            float h[16];
            for (std::size_t j = 0; j < 16; ++j)
            {
                float s = m.hidden.bias.value(j);
                for (std::size_t i = 0; i < 4; ++i)
                {
                    s += iris::features[r][i] * m.hidden.kernel.value(i, j);
                }
                h[j] = xest::expr::detail::portable::tanh(s);
            }
            std::size_t best = 0;
            float best_z = 0.0f;
            for (std::size_t c = 0; c < 3; ++c)
            {
                float z = m.logits.bias.value(c);
                for (std::size_t j = 0; j < 16; ++j)
                {
                    z += h[j] * m.logits.kernel.value(j, c);
                }
                if (c == 0 || z > best_z)
                {
                    best = c;
                    best_z = z;
                }
            }
            hits += static_cast<std::int32_t>(best) == iris::labels[r] ? 1u : 0u;
        }
        return hits;
    }
}

int main()
{
    for (std::uint32_t step = 0; step < 400; ++step)
    {
        std::size_t const first = (step % batches) * batch;
        float const loss = t.step(&iris::features[first][0], &iris::labels[first]);
        if (step % 50 == 0 || step == 399)
        {
            board::write("step ");
            board::write_uint(step);
            board::write_value(" loss", loss);
        }
    }
    std::uint32_t const hits = correct();
    board::write("training accuracy: ");
    board::write_uint(hits);
    board::write(" / 150\n");
    firmware::print_params(t.model());
    board::write("stack bytes used: ");
    board::write_uint(board::stack_high_water());
    board::write("\n");
    // Exit status: 0 when the classifier learned (a chance-level model gets about 50 of 150).
    return hits >= 120 ? 0 : 1;
}
