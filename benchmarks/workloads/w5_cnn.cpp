// Workload W5, a small CNN on the digits as 8x8 images, trained two ways in one run:
//   xestimator    estimator::train on the model below (what a user writes)
//   handwritten   the same step written as plain fixed-size loops (the inner loops over the 16
//                 filters vectorize fully), the baseline the engine must match
//
//   w5_cnn [--smoke] [--steps N] [--data DIR] [--contender xestimator|handwritten]
//
// W5: W2's data and batches (benchmarks/README.md: the first 1408 training rows in batches of 32,
// cyclically, no shuffling, pixels / 16). Network: the 64 pixels as an image <8, 8, 1>, conv 3x3
// x16 with same padding and a bias -> ReLU -> 2x2 max pool (stride 2) -> flatten (256, in the
// order row, column, filter) -> dense 10; softmax cross-entropy with integer labels, mean over
// the batch; Adam 1e-3 in W2's Keras form. Initial weights: Glorot uniform from the benchmark
// streams (conv kernel <3, 3, 1, 16>, fans 9 and 144, seed 31; dense kernel <256, 10>, seed 32),
// zero biases. 20 epochs = 880 steps. Prints one RESULT line per contender (us/step, test
// accuracy on the last 360 rows).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <xestimator/xestimator.hpp>

#include "../common/digits.hpp"
#include "../common/result.hpp"
#include "../common/weights.hpp"

namespace
{
    constexpr std::uint64_t w5_conv_seed = 31;
    constexpr std::uint64_t w5_dense_seed = 32;
    constexpr std::size_t B = 32;
    constexpr std::size_t F = 16;
    constexpr std::size_t P = 4 * 4 * F;  // pooled features

    struct cnn
    {
        xest::nn::conv2d<F, 3, 3, xest::nn::relu, "conv", xest::nn::conv2d_options{.pad = xest::padding::same}> conv;
        xest::nn::dense<P, 10, xest::nn::linear, "logits"> out;

        template <class Mode>
        auto operator()(auto const& x, auto const& y, Mode m) const
        {
            constexpr std::size_t rows = xest::shape_of_t<decltype(x)>::dims[0];
            auto logits = out(xest::flatten(xest::max_pool2d<2>(conv(xest::reshape<xest::shape<rows, 8, 8, 1>>(x)))));
            return xest::spec(m)
                .loss(xest::losses::sparse_softmax_cross_entropy(y, logits))
                .predictions(logits)
                .eval_metric("accuracy", xest::metrics::accuracy(y, logits));
        }
    };

    struct initial_weights
    {
        std::vector<float> conv = std::vector<float>(9 * F);
        std::vector<float> dense = std::vector<float>(P * 10);
        initial_weights()
        {
            bench::glorot_uniform(conv, 9, 9 * F, w5_conv_seed);
            bench::glorot_uniform(dense, P, 10, w5_dense_seed);
        }
    };

    void print(char const* contender, bench::timer const& t, std::int64_t steps, double accuracy)
    {
        double const n = static_cast<double>(steps);
        std::printf("RESULT contender=%s workload=W5 value=%.6g unit=us/step extra=test_acc:%.4f,cpu:%.6g\n", contender,
                    t.wall / n * 1e6, accuracy, t.cpu / n * 1e6);
        std::fflush(stdout);
    }

    int run_xestimator(bench::digits const& d, initial_weights const& w, std::int64_t steps)
    {
        auto train_x = xt::xtensor<float, 2>::from_shape({bench::digits::used_train_rows, 64});
        std::copy(d.train_x.begin(), d.train_x.end(), train_x.data());
        auto test_x = xt::xtensor<float, 2>::from_shape({bench::digits::test_rows, 64});
        std::copy(d.test_x.begin(), d.test_x.end(), test_x.data());
        auto input = xest::inputs::from_arrays<B, 64>(train_x, d.train_y, {.num_epochs = xest::inputs::repeat, .shuffle = false});
        auto est = std::make_unique<xest::estimator<cnn, xest::optim::adam>>(
            xest::run_config{.log_step_count_steps = 0},
            xest::optim::adam{.learning_rate = 1e-3f, .beta_1 = 0.9f, .beta_2 = 0.999f, .epsilon = 1e-7f});
        auto& m = est->model();
        std::copy(w.conv.begin(), w.conv.end(), m.conv.kernel.value.data());
        std::fill(m.conv.bias.value.begin(), m.conv.bias.value.end(), 0.0f);
        std::copy(w.dense.begin(), w.dense.end(), m.out.kernel.value.data());
        std::fill(m.out.bias.value.begin(), m.out.bias.value.end(), 0.0f);

        bench::timer t;
        est->train(input, xest::steps{steps});
        t.stop();
        auto test_in = xest::inputs::from_arrays<B, 64>(test_x, d.test_y);
        print("xestimator", t, steps, est->evaluate(test_in)["accuracy"]);
        return 0;
    }

    // ---- the same step by hand ---------------------------------------------------------------

    struct adam_state
    {
        std::vector<float> m;
        std::vector<float> v;
        explicit adam_state(std::size_t n) : m(n, 0.0f), v(n, 0.0f) {}
    };

    // W2's Keras form of Adam.
    void adam_update(std::span<float> w, std::span<float const> g, adam_state& s, std::int64_t step)
    {
        double const t = static_cast<double>(step + 1);
        float const lr_t = static_cast<float>(1e-3 * std::sqrt(1.0 - std::pow(0.999, t)) / (1.0 - std::pow(0.9, t)));
        for (std::size_t i = 0; i < w.size(); ++i)
        {
            s.m[i] += (g[i] - s.m[i]) * (1.0f - 0.9f);
            s.v[i] += (g[i] * g[i] - s.v[i]) * (1.0f - 0.999f);
            w[i] -= s.m[i] * lr_t / (std::sqrt(s.v[i]) + 1e-7f);
        }
    }

    struct handwritten_cnn
    {
        alignas(64) std::array<float, 9 * F> k{};
        alignas(64) std::array<float, F> kb{};
        alignas(64) std::array<float, P * 10> w{};
        alignas(64) std::array<float, 10> wb{};
        // Activations and gradients of one step.
        alignas(64) std::array<float, B * 64 * F> conv{};  // after ReLU
        alignas(64) std::array<float, B * P> pooled{};
        std::array<std::uint16_t, B * P> argmax{};
        alignas(64) std::array<float, B * 10> dlogits{};
        alignas(64) std::array<float, B * P> dpooled{};
        alignas(64) std::array<float, B * 64 * F> dconv{};
        alignas(64) std::array<float, 9 * F> dk{};
        alignas(64) std::array<float, F> dkb{};
        alignas(64) std::array<float, P * 10> dw{};
        alignas(64) std::array<float, 10> dwb{};

        // Forward to the logits of `rows` images.
        void forward(float const* x, std::size_t rows, float* logits)
        {
            for (std::size_t b = 0; b < rows; ++b)
            {
                for (int y = 0; y < 8; ++y)
                {
                    for (int xx = 0; xx < 8; ++xx)
                    {
                        float acc[F];
                        for (std::size_t f = 0; f < F; ++f) acc[f] = kb[f];
                        for (int ky = 0; ky < 3; ++ky)
                        {
                            int const iy = y + ky - 1;
                            if (iy < 0 || iy >= 8) continue;
                            for (int kx = 0; kx < 3; ++kx)
                            {
                                int const ix = xx + kx - 1;
                                if (ix < 0 || ix >= 8) continue;
                                float const v = x[b * 64 + std::size_t(iy * 8 + ix)];
                                float const* kr = &k[std::size_t(ky * 3 + kx) * F];
                                for (std::size_t f = 0; f < F; ++f) acc[f] += v * kr[f];
                            }
                        }
                        float* o = &conv[(b * 64 + std::size_t(y * 8 + xx)) * F];
                        for (std::size_t f = 0; f < F; ++f) o[f] = acc[f] > 0.0f ? acc[f] : 0.0f;
                    }
                }
                for (std::size_t py = 0; py < 4; ++py)
                {
                    for (std::size_t px = 0; px < 4; ++px)
                    {
                        for (std::size_t f = 0; f < F; ++f)
                        {
                            std::size_t best = (b * 64 + py * 2 * 8 + px * 2) * F + f;
                            for (std::size_t dy = 0; dy < 2; ++dy)
                                for (std::size_t dx = 0; dx < 2; ++dx)
                                {
                                    std::size_t const at = (b * 64 + (py * 2 + dy) * 8 + px * 2 + dx) * F + f;
                                    if (conv[at] > conv[best]) best = at;
                                }
                            std::size_t const i = b * P + (py * 4 + px) * F + f;
                            pooled[i] = conv[best];
                            argmax[i] = static_cast<std::uint16_t>(best - b * 64 * F);
                        }
                    }
                }
                float* l = logits + b * 10;
                for (std::size_t j = 0; j < 10; ++j) l[j] = wb[j];
                for (std::size_t i = 0; i < P; ++i)
                {
                    float const v = pooled[b * P + i];
                    for (std::size_t j = 0; j < 10; ++j) l[j] += v * w[i * 10 + j];
                }
            }
        }

        void step(float const* x, std::int32_t const* y, std::int64_t t, std::array<adam_state, 4>& opt)
        {
            forward(x, B, dlogits.data());
            // Softmax cross-entropy, mean over the batch: d logits = (softmax - one hot) / B.
            for (std::size_t b = 0; b < B; ++b)
            {
                float* l = &dlogits[b * 10];
                float mx = l[0];
                for (std::size_t j = 1; j < 10; ++j) mx = std::max(mx, l[j]);
                float s = 0.0f;
                for (std::size_t j = 0; j < 10; ++j) s += (l[j] = std::exp(l[j] - mx));
                for (std::size_t j = 0; j < 10; ++j) l[j] = (l[j] / s - (std::int32_t(j) == y[b] ? 1.0f : 0.0f)) / float(B);
            }
            // Dense: dW = pooled^T dlogits, db = sum of dlogits, dpooled = dlogits W^T.
            dw.fill(0.0f);
            dwb.fill(0.0f);
            for (std::size_t b = 0; b < B; ++b)
            {
                float const* g = &dlogits[b * 10];
                for (std::size_t j = 0; j < 10; ++j) dwb[j] += g[j];
                for (std::size_t i = 0; i < P; ++i)
                {
                    float const v = pooled[b * P + i];
                    float s = 0.0f;
                    for (std::size_t j = 0; j < 10; ++j)
                    {
                        dw[i * 10 + j] += v * g[j];
                        s += g[j] * w[i * 10 + j];
                    }
                    dpooled[b * P + i] = s;
                }
            }
            // Max pool and ReLU: the gradient goes to each window's maximum if it was positive.
            dconv.fill(0.0f);
            for (std::size_t b = 0; b < B; ++b)
            {
                for (std::size_t i = 0; i < P; ++i)
                {
                    std::size_t const at = b * 64 * F + argmax[b * P + i];
                    if (conv[at] > 0.0f) dconv[at] += dpooled[b * P + i];
                }
            }
            // Conv: dk[ky, kx, :] = sum of x under it times dconv rows; dbias = sum of dconv rows.
            dk.fill(0.0f);
            dkb.fill(0.0f);
            for (std::size_t b = 0; b < B; ++b)
            {
                for (int yy = 0; yy < 8; ++yy)
                {
                    for (int xx = 0; xx < 8; ++xx)
                    {
                        float const* g = &dconv[(b * 64 + std::size_t(yy * 8 + xx)) * F];
                        for (std::size_t f = 0; f < F; ++f) dkb[f] += g[f];
                        for (int ky = 0; ky < 3; ++ky)
                        {
                            int const iy = yy + ky - 1;
                            if (iy < 0 || iy >= 8) continue;
                            for (int kx = 0; kx < 3; ++kx)
                            {
                                int const ix = xx + kx - 1;
                                if (ix < 0 || ix >= 8) continue;
                                float const v = x[b * 64 + std::size_t(iy * 8 + ix)];
                                float* dr = &dk[std::size_t(ky * 3 + kx) * F];
                                for (std::size_t f = 0; f < F; ++f) dr[f] += v * g[f];
                            }
                        }
                    }
                }
            }
            adam_update(k, dk, opt[0], t);
            adam_update(kb, dkb, opt[1], t);
            adam_update(w, dw, opt[2], t);
            adam_update(wb, dwb, opt[3], t);
        }
    };

    int run_handwritten(bench::digits const& d, initial_weights const& w, std::int64_t steps)
    {
        auto net = std::make_unique<handwritten_cnn>();
        std::copy(w.conv.begin(), w.conv.end(), net->k.begin());
        std::copy(w.dense.begin(), w.dense.end(), net->w.begin());
        std::array<adam_state, 4> opt{adam_state(9 * F), adam_state(F), adam_state(P * 10), adam_state(10)};
        bench::timer t;
        for (std::int64_t s = 0; s < steps; ++s)
        {
            std::size_t const batch = static_cast<std::size_t>(s) % bench::digits::batches_per_epoch;
            net->step(d.train_x.data() + batch * B * 64, d.train_y.data() + batch * B, s, opt);
        }
        t.stop();
        std::size_t correct = 0;
        std::vector<float> logits(B * 10);
        for (std::size_t r = 0; r < bench::digits::test_rows; r += B)
        {
            std::size_t const rows = std::min(B, bench::digits::test_rows - r);
            net->forward(d.test_x.data() + r * 64, rows, logits.data());
            for (std::size_t b = 0; b < rows; ++b)
            {
                auto const* l = &logits[b * 10];
                correct += std::size_t(std::max_element(l, l + 10) - l) == std::size_t(d.test_y[r + b]);
            }
        }
        print("handwritten", t, steps, double(correct) / double(bench::digits::test_rows));
        return 0;
    }
}

int main(int argc, char** argv)
{
    std::string data = XEST_BENCH_DATA_DIR;
    std::string contender;
    std::int64_t steps = 44 * 20;
    for (int i = 1; i < argc; ++i)
    {
        std::string const a = argv[i];
        if (a == "--smoke") steps = 44 * 2;
        else if (a == "--steps" && i + 1 < argc) steps = std::atoll(argv[++i]);
        else if (a == "--data" && i + 1 < argc) data = argv[++i];
        else if (a == "--contender" && i + 1 < argc) contender = argv[++i];
        else
        {
            std::fprintf(stderr, "usage: w5_cnn [--smoke] [--steps N] [--data DIR] [--contender xestimator|handwritten]\n");
            return 2;
        }
    }
    bench::digits const d = bench::load_digits(data);
    initial_weights const w;
    if (contender.empty() || contender == "xestimator") run_xestimator(d, w, steps);
    if (contender.empty() || contender == "handwritten") run_handwritten(d, w, steps);
    return 0;
}
