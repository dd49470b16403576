#ifndef XEST_EXAMPLES_EMBEDDED_IRIS_MODEL_HPP
#define XEST_EXAMPLES_EMBEDDED_IRIS_MODEL_HPP

// The 4-16-3 iris classifier: one forward function, used by the model that trains
// (classifier_firmware.cpp, export_classifier.cpp) over its params and by the predict-only
// firmware (predict_firmware.cpp) over the weights exported by xest::export_header.

#include <cstddef>
#include <cstdint>

#include <xestimator/estimator/spec.hpp>
#include <xestimator/expr.hpp>
#include <xestimator/init.hpp>
#include <xestimator/losses.hpp>

#include "board.hpp"
#include "iris_data.hpp"

namespace iris
{
    /// @brief Logits of x: tanh hidden layer of 16 units, then 3 linear units.
    template <class X, class HK, class HB, class OK, class OB>
    auto logits(X const& x, HK const& hidden_kernel, HB const& hidden_bias, OK const& logits_kernel, OB const& logits_bias)
    {
        return xest::matmul(xest::tanh(xest::matmul(x, hidden_kernel) + hidden_bias), logits_kernel) + logits_bias;
    }

    struct mlp
    {
        xest::param<"hidden/kernel", xest::shape<4, 16>> hidden_kernel{xest::init::glorot_uniform{}};
        xest::param<"hidden/bias", xest::shape<16>> hidden_bias{xest::init::zeros{}};
        xest::param<"logits/kernel", xest::shape<16, 3>> logits_kernel{xest::init::glorot_uniform{}};
        xest::param<"logits/bias", xest::shape<3>> logits_bias{xest::init::zeros{}};

        template <class Mode>
        auto operator()(auto const& x, auto const& y, Mode m) const
        {
            auto z = logits(x, hidden_kernel, hidden_bias, logits_kernel, logits_bias);
            return xest::spec(m).loss(xest::losses::sparse_softmax_cross_entropy(y, z)).predictions(z);
        }
    };

    inline constexpr std::size_t batch = 15;

    /// @brief Runs the forward program over the 150 flowers, 15 at a time; returns how many get
    /// their class as the largest logit, and prints every logit's bits when `print` is set.
    template <class HK, class HB, class OK, class OB>
    std::uint32_t predict_all(HK const& hk, HB const& hb, OK const& ok, OB const& ob, bool print)
    {
        using x_leaf = xest::expr::data_leaf<xest::expr::features_tag, float, xest::shape<batch, 4>>;
        xest::tensor<float, xest::shape<batch, 4>> xb{};
        x_leaf const x{xb.data()};
        auto z = logits(x, hk, hb, ok, ob);
        xest::expr::program<false, decltype(z)> program{z};
        std::uint32_t hits = 0;
        for (std::size_t first = 0; first < 150; first += batch)
        {
            for (std::size_t i = 0; i < batch * 4; ++i)
            {
                xb.data()[i] = features[first + i / 4][i % 4];
            }
            program.set_rows(batch);
            program.template forward<0>();
            float const* out = program.template value<0>();
            for (std::size_t r = 0; r < batch; ++r)
            {
                std::size_t best = 0;
                for (std::size_t c = 0; c < 3; ++c)
                {
                    best = out[r * 3 + c] > out[r * 3 + best] ? c : best;
                }
                hits += static_cast<std::int32_t>(best) == labels[first + r] ? 1u : 0u;
                if (print)
                {
                    board::write("prediction ");
                    board::write_uint(static_cast<std::uint32_t>(first + r));
                    for (std::size_t c = 0; c < 3; ++c)
                    {
                        board::write(" 0x");
                        board::write_bits(out[r * 3 + c]);
                    }
                    board::write("\n");
                }
            }
        }
        return hits;
    }
}

#endif
