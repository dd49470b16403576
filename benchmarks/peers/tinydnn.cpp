// tiny-dnn: a sequential network of fully_connected_layer<activation> (W5: convolutional_layer,
// max_pooling_layer, fully_connected_layer), trained with network::fit / network::train as its
// examples do. Single thread (CNN_SINGLE_THREAD), the AVX backend (CNN_USE_AVX) since the
// machine has it.

#ifndef CNN_SINGLE_THREAD
#define CNN_SINGLE_THREAD
#endif
#ifndef CNN_USE_AVX
#define CNN_USE_AVX
#endif

#include <tiny_dnn/tiny_dnn.h>

#include <algorithm>
#include <vector>

#include "common.hpp"

namespace
{
    using namespace peers;
    namespace td = tiny_dnn;
    using td::activation::identity;
    using td::activation::relu;
    using td::activation::softmax;
    using net_type = td::network<td::sequential>;

    /// @brief Writes the shared kernel (fan_in x fan_out row-major: tiny-dnn's own layout,
    /// W[in * out_size + out]) and a zero bias into layer `index`.
    void load_fc(net_type& nn, std::size_t index, int fan_in, int fan_out, std::uint64_t seed)
    {
        std::vector<td::vec_t*> w = nn[index]->weights();
        if (w.size() != 2 || w[0]->size() != std::size_t(fan_in) * std::size_t(fan_out) ||
            w[1]->size() != std::size_t(fan_out))
        {
            std::fprintf(stderr, "tiny-dnn layer %zu does not have a %d x %d kernel and a bias\n", index, fan_in,
                         fan_out);
            std::exit(1);
        }
        fill_glorot(w[0]->data(), fan_in, fan_out, seed);
        std::fill(w[1]->begin(), w[1]->end(), 0.0f);
    }

    std::vector<td::vec_t> rows(float const* x, int n, int cols)
    {
        std::vector<td::vec_t> out(static_cast<std::size_t>(n));
        for (int r = 0; r < n; ++r)
        {
            out[std::size_t(r)].assign(x + std::size_t(r) * cols, x + std::size_t(r + 1) * cols);
        }
        return out;
    }

    void run_w1(options const& o)
    {
        long const steps = w1_step_count(o, 1'000'000);
        net_type nn;
        nn << td::fully_connected_layer<identity>(1, 1);
        nn.init_weight();
        std::vector<td::vec_t*> w = nn[0]->weights();
        (*w[0])[0] = w1_w0;
        (*w[1])[0] = 0.0f;

        std::vector<td::vec_t> xs, ys;
        for (int i = 0; i < 3; ++i)
        {
            xs.push_back({w1_x[i]});
            ys.push_back({w1_y[i]});
        }
        // tiny-dnn's mse is the mean of (y - t)^2 over the outputs with the full gradient.
        td::gradient_descent opt;
        opt.alpha = w1_lr;
        // fit() walks whole epochs of the 3 examples; the steps beyond the last whole epoch
        // are a second fit() over the first examples, so the run ends where the cycle would.
        timer t;
        nn.fit<td::mse>(opt, xs, ys, 1, int(steps / 3));
        if (steps % 3 != 0)
        {
            std::vector<td::vec_t> xr(xs.begin(), xs.begin() + steps % 3), yr(ys.begin(), ys.begin() + steps % 3);
            nn.fit<td::mse>(opt, xr, yr, 1, 1);
        }
        t.stop();
        w = nn[0]->weights();
        result("tiny-dnn", "W1", t, steps, w1_extra(steps, (*w[0])[0], (*w[1])[0]));
    }

    void run_w2(options const& o)
    {
        digits const d = load_digits(o.data);
        std::vector<td::vec_t> const train = rows(d.x.data(), w2_batches * w2_batch, w2_in);
        std::vector<td::label_t> const labels(d.y.begin(), d.y.begin() + w2_batches * w2_batch);

        net_type nn;
        nn << td::fully_connected_layer<relu>(w2_in, w2_hidden) << td::fully_connected_layer<softmax>(w2_hidden, w2_out);
        nn.init_weight();
        load_fc(nn, 0, w2_in, w2_hidden, w2_layer_seed(0));
        load_fc(nn, 1, w2_hidden, w2_out, w2_layer_seed(1));

        td::adam opt;
        opt.alpha = w2_lr;
        opt.b1 = w2_beta1;
        opt.b2 = w2_beta2;
        // tiny-dnn multiplies b1_t, b2_t by beta before the first update, so starting them at
        // beta (its default) corrects the bias with beta^(t+1); starting at 1 gives beta^t.
        opt.b1_t = 1.0f;
        opt.b2_t = 1.0f;

        int const epochs = w2_epoch_count(o);
        int const steps = epochs * w2_batches;
        timer t;
        nn.train<td::cross_entropy_multiclass>(opt, train, labels, w2_batch, epochs);
        t.stop();

        int correct = 0;
        for (int r = 0; r < w2_test; ++r)
        {
            std::size_t const row = std::size_t(w2_train + r);
            td::vec_t x(d.x.begin() + std::ptrdiff_t(row * w2_in), d.x.begin() + std::ptrdiff_t((row + 1) * w2_in));
            correct += (nn.predict_label(x) == td::label_t(d.y[row]));
        }
        result("tiny-dnn", "W2", t, steps, w2_extra(steps, double(correct) / w2_test));
    }

    void run_w3(options const& o)
    {
        pool const p = make_w3_pool();
        constexpr int batches = w3_pool / w3_batch;
        int const steps = w3_step_count(o);
        // Whole passes over the pool when the step count allows it (300 = 15 x 20), else one
        // pass over the first `steps` batches.
        int const epochs = steps % batches == 0 ? steps / batches : 1;
        int const used = steps % batches == 0 ? w3_pool : steps * w3_batch;
        std::vector<td::vec_t> const xs = rows(p.x.data(), used, w3_in);
        std::vector<td::label_t> const labels(p.y.begin(), p.y.begin() + used);

        net_type nn;
        nn << td::fully_connected_layer<relu>(w3_in, w3_h1) << td::fully_connected_layer<relu>(w3_h1, w3_h2)
           << td::fully_connected_layer<softmax>(w3_h2, w3_out);
        nn.init_weight();
        load_fc(nn, 0, w3_in, w3_h1, w3_layer_seed(0));
        load_fc(nn, 1, w3_h1, w3_h2, w3_layer_seed(1));
        load_fc(nn, 2, w3_h2, w3_out, w3_layer_seed(2));

        // tiny-dnn's momentum: V = mu V - alpha g; W += V (the Keras rule).
        td::momentum opt;
        opt.alpha = w3_lr;
        opt.mu = w3_momentum;
        opt.lambda = 0.0f;

        // The loss the last step computes before its update (what the other contenders report),
        // evaluated from the batch callback once the second-to-last update is done.
        auto batch_loss = [&](int k) {
            double sum = 0.0;
            for (int r = k * w3_batch; r < (k + 1) * w3_batch; ++r)
            {
                td::vec_t const out = nn.predict(xs[std::size_t(r)]);
                sum -= std::log(double(out[std::size_t(labels[std::size_t(r)])]));
            }
            return float(sum / w3_batch);
        };
        int done = 0;
        float loss = steps == 1 ? batch_loss(0) : 0.0f;
        auto on_batch = [&]() {
            if (++done == steps - 1)
            {
                loss = batch_loss(done % (used / w3_batch));
            }
        };
        timer t;
        nn.train<td::cross_entropy_multiclass>(opt, xs, labels, w3_batch, epochs, on_batch, [] {});
        t.stop();
        result("tiny-dnn", "W3", t, steps, w3_extra(steps, t.wall, loss));
    }

    void run_w5(options const& o)
    {
        digits const d = load_digits(o.data);
        int const steps = w5_step_count(o);
        // Whole epochs of the 44 batches when the step count allows it (880 = 20 x 44), else one
        // pass over the first `steps` batches.
        int const epochs = steps % w2_batches == 0 ? steps / w2_batches : 1;
        int const used = (steps % w2_batches == 0 ? w2_batches : steps) * w2_batch;
        // An 8x8x1 image in tiny-dnn's (channel, row, column) order is the row of 64 pixels.
        std::vector<td::vec_t> const train = rows(d.x.data(), used, 64);
        std::vector<td::label_t> const labels(d.y.begin(), d.y.begin() + used);

        // conv 3x3 x16 with zero padding to the same size and a bias, ReLU inside the layer;
        // 2x2 max pool (stride 2); fully connected 256 -> 10 with softmax (the loss layer below
        // is cross-entropy over its probabilities).
        net_type nn;
        nn << td::convolutional_layer<relu>(w5_side, w5_side, 3, 1, w5_filters, td::padding::same)
           << td::max_pooling_layer<identity>(w5_side, w5_side, w5_filters, 2)
           << td::fully_connected_layer<softmax>(w5_pooled, w5_out);
        nn.init_weight();
        // The shared kernels in tiny-dnn's layouts: conv W[(in_channel * F + f) * 9 + ky * 3 + kx]
        // (one input channel), fully connected W[in * 10 + out] over the (filter, row, column)
        // order of its pooled image.
        std::vector<td::vec_t*> cw = nn[0]->weights();
        std::vector<td::vec_t*> fw = nn[2]->weights();
        if (cw.size() != 2 || cw[0]->size() != std::size_t(9 * w5_filters) || fw.size() != 2 ||
            fw[0]->size() != std::size_t(w5_pooled * w5_out))
        {
            std::fprintf(stderr, "tiny-dnn W5 layers do not have the expected kernels and biases\n");
            std::exit(1);
        }
        fill_w5_channels_first(cw[0]->data(), fw[0]->data());
        std::fill(cw[1]->begin(), cw[1]->end(), 0.0f);
        std::fill(fw[1]->begin(), fw[1]->end(), 0.0f);

        // Adam as in W2 (tiny-dnn's epsilon stays inside the square root: README, Deviations).
        td::adam opt;
        opt.alpha = w2_lr;
        opt.b1 = w2_beta1;
        opt.b2 = w2_beta2;
        opt.b1_t = 1.0f;
        opt.b2_t = 1.0f;

        timer t;
        nn.train<td::cross_entropy_multiclass>(opt, train, labels, w2_batch, epochs);
        t.stop();

        int correct = 0;
        for (int r = 0; r < w2_test; ++r)
        {
            std::size_t const row = std::size_t(w2_train + r);
            td::vec_t x(d.x.begin() + std::ptrdiff_t(row * 64), d.x.begin() + std::ptrdiff_t((row + 1) * 64));
            correct += (nn.predict_label(x) == td::label_t(d.y[row]));
        }
        result("tiny-dnn", "W5", t, steps, w2_extra(steps, double(correct) / w2_test));
    }
}

int main(int argc, char** argv)
{
    options const o = parse(argc, argv);
    if (o.workload == "W1")
    {
        run_w1(o);
    }
    else if (o.workload == "W2")
    {
        run_w2(o);
    }
    else if (o.workload == "W3")
    {
        run_w3(o);
    }
    else if (o.workload == "W5")
    {
        run_w5(o);
    }
    else
    {
        std::fprintf(stderr, "tiny-dnn: no %s here (run_peers.sh runs only Eigen on it)\n", o.workload.c_str());
        return 2;
    }
    return 0;
}
