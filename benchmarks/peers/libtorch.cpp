// libtorch (C++ frontend), written the way its documentation shows: torch::nn modules,
// autograd, torch::optim, one compute thread. W5's CNN: Conv2d, ReLU, MaxPool2d, Flatten, Linear.

#include <torch/torch.h>

#include <vector>

#include "common.hpp"

namespace
{
    using namespace peers;

    /// @brief Copies a fan_in x fan_out row-major kernel into a Linear layer (whose weight is
    /// out x in) and zeroes its bias.
    void load_dense(torch::nn::Linear& layer, int fan_in, int fan_out, std::uint64_t seed)
    {
        std::vector<float> w(std::size_t(fan_in) * fan_out);
        fill_glorot(w.data(), fan_in, fan_out, seed);
        torch::NoGradGuard no_grad;
        layer->weight.copy_(torch::from_blob(w.data(), {fan_in, fan_out}, torch::kFloat32).t());
        layer->bias.zero_();
    }

    void run_w1(options const& o)
    {
        long const steps = w1_step_count(o, 100'000);
        torch::nn::Linear lin(1, 1);
        {
            torch::NoGradGuard no_grad;
            lin->weight.fill_(w1_w0);
            lin->bias.zero_();
        }
        std::vector<torch::Tensor> xs, ys;
        for (int i = 0; i < 3; ++i)
        {
            xs.push_back(torch::full({1, 1}, w1_x[i]));
            ys.push_back(torch::full({1, 1}, w1_y[i]));
        }
        torch::optim::SGD opt(lin->parameters(), torch::optim::SGDOptions(w1_lr));
        int i = 0;
        timer t;
        for (long s = 0; s < steps; ++s)
        {
            opt.zero_grad();
            torch::Tensor loss = torch::mse_loss(lin(xs[std::size_t(i)]), ys[std::size_t(i)]);
            loss.backward();
            opt.step();
            i = (i == 2) ? 0 : i + 1;
        }
        t.stop();
        result("libtorch", "W1", t, steps, w1_extra(steps, lin->weight.item<float>(), lin->bias.item<float>()));
    }

    void run_w2(options const& o)
    {
        digits d = load_digits(o.data);
        torch::Tensor x_all = torch::from_blob(d.x.data(), {d.rows, w2_in}, torch::kFloat32);
        std::vector<std::int64_t> labels(d.y.begin(), d.y.end());
        torch::Tensor y_all = torch::from_blob(labels.data(), {d.rows}, torch::kInt64);

        std::vector<torch::Tensor> xb, yb;
        for (int k = 0; k < w2_batches; ++k)
        {
            xb.push_back(x_all.narrow(0, k * w2_batch, w2_batch).clone());
            yb.push_back(y_all.narrow(0, k * w2_batch, w2_batch).clone());
        }

        torch::nn::Linear l1(w2_in, w2_hidden), l2(w2_hidden, w2_out);
        load_dense(l1, w2_in, w2_hidden, w2_layer_seed(0));
        load_dense(l2, w2_hidden, w2_out, w2_layer_seed(1));
        torch::nn::Sequential net(l1, torch::nn::ReLU(), l2);
        torch::optim::Adam opt(net->parameters(),
                               torch::optim::AdamOptions(w2_lr).betas({w2_beta1, w2_beta2}).eps(w2_eps));

        int const steps = w2_epoch_count(o) * w2_batches;
        timer t;
        for (int step = 0; step < steps; ++step)
        {
            int const k = step % w2_batches;
            opt.zero_grad();
            torch::Tensor loss = torch::nn::functional::cross_entropy(net->forward(xb[std::size_t(k)]), yb[std::size_t(k)]);
            loss.backward();
            opt.step();
        }
        t.stop();

        torch::NoGradGuard no_grad;
        torch::Tensor pred = net->forward(x_all.narrow(0, w2_train, w2_test)).argmax(1);
        double const acc = pred.eq(y_all.narrow(0, w2_train, w2_test)).sum().item<std::int64_t>() / double(w2_test);
        result("libtorch", "W2", t, steps, w2_extra(steps, acc));
    }

    void run_w3(options const& o)
    {
        pool p = make_w3_pool();
        torch::Tensor x_all = torch::from_blob(p.x.data(), {w3_pool, w3_in}, torch::kFloat32);
        std::vector<std::int64_t> labels(p.y.begin(), p.y.end());
        torch::Tensor y_all = torch::from_blob(labels.data(), {w3_pool}, torch::kInt64);
        constexpr int batches = w3_pool / w3_batch;
        std::vector<torch::Tensor> xb, yb;
        for (int k = 0; k < batches; ++k)
        {
            xb.push_back(x_all.narrow(0, k * w3_batch, w3_batch).clone());
            yb.push_back(y_all.narrow(0, k * w3_batch, w3_batch).clone());
        }

        torch::nn::Linear l1(w3_in, w3_h1), l2(w3_h1, w3_h2), l3(w3_h2, w3_out);
        load_dense(l1, w3_in, w3_h1, w3_layer_seed(0));
        load_dense(l2, w3_h1, w3_h2, w3_layer_seed(1));
        load_dense(l3, w3_h2, w3_out, w3_layer_seed(2));
        torch::nn::Sequential net(l1, torch::nn::ReLU(), l2, torch::nn::ReLU(), l3);
        // torch's momentum buffer is b = 0.9 b + g, w -= lr b: the same iterates as the Keras
        // rule v = 0.9 v - lr g, w += v while lr is constant.
        torch::optim::SGD opt(net->parameters(), torch::optim::SGDOptions(w3_lr).momentum(w3_momentum));

        int const steps = w3_step_count(o);
        torch::Tensor loss;
        timer t;
        for (int step = 0; step < steps; ++step)
        {
            int const k = step % batches;
            opt.zero_grad();
            loss = torch::nn::functional::cross_entropy(net->forward(xb[std::size_t(k)]), yb[std::size_t(k)]);
            loss.backward();
            opt.step();
        }
        t.stop();
        result("libtorch", "W3", t, steps, w3_extra(steps, t.wall, loss.item<float>()));
    }

    void run_w5(options const& o)
    {
        digits d = load_digits(o.data);
        // NCHW: each row of 64 pixels is one 1 x 8 x 8 image.
        torch::Tensor x_all = torch::from_blob(d.x.data(), {d.rows, 1, w5_side, w5_side}, torch::kFloat32);
        std::vector<std::int64_t> labels(d.y.begin(), d.y.end());
        torch::Tensor y_all = torch::from_blob(labels.data(), {d.rows}, torch::kInt64);
        std::vector<torch::Tensor> xb, yb;
        for (int k = 0; k < w2_batches; ++k)
        {
            xb.push_back(x_all.narrow(0, k * w2_batch, w2_batch).clone());
            yb.push_back(y_all.narrow(0, k * w2_batch, w2_batch).clone());
        }

        // padding 1 on each side of a 3x3 window at stride 1 is TensorFlow's "same".
        torch::nn::Conv2d conv(torch::nn::Conv2dOptions(1, w5_filters, 3).padding(1));
        torch::nn::Linear out(w5_pooled, w5_out);
        {
            // The shared kernels in torch's layouts: conv weight (F, 1, 3, 3), Linear weight
            // out x in over the (filter, row, column) flatten of NCHW.
            std::vector<float> k(std::size_t(9 * w5_filters)), w(std::size_t(w5_pooled * w5_out));
            fill_w5_channels_first(k.data(), w.data());
            torch::NoGradGuard no_grad;
            conv->weight.copy_(torch::from_blob(k.data(), {w5_filters, 1, 3, 3}, torch::kFloat32));
            conv->bias.zero_();
            out->weight.copy_(torch::from_blob(w.data(), {w5_pooled, w5_out}, torch::kFloat32).t());
            out->bias.zero_();
        }
        torch::nn::Sequential net(conv, torch::nn::ReLU(), torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2)),
                                  torch::nn::Flatten(), out);
        torch::optim::Adam opt(net->parameters(),
                               torch::optim::AdamOptions(w2_lr).betas({w2_beta1, w2_beta2}).eps(w2_eps));

        int const steps = w5_step_count(o);
        timer t;
        for (int step = 0; step < steps; ++step)
        {
            int const k = step % w2_batches;
            opt.zero_grad();
            torch::Tensor loss = torch::nn::functional::cross_entropy(net->forward(xb[std::size_t(k)]), yb[std::size_t(k)]);
            loss.backward();
            opt.step();
        }
        t.stop();

        torch::NoGradGuard no_grad;
        torch::Tensor pred = net->forward(x_all.narrow(0, w2_train, w2_test)).argmax(1);
        double const acc = pred.eq(y_all.narrow(0, w2_train, w2_test)).sum().item<std::int64_t>() / double(w2_test);
        result("libtorch", "W5", t, steps, w2_extra(steps, acc));
    }
}

int main(int argc, char** argv)
{
    options const o = parse(argc, argv);
    torch::set_num_threads(1);
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
        std::fprintf(stderr, "libtorch: no %s here (run_peers.sh runs only Eigen on it)\n", o.workload.c_str());
        return 2;
    }
    return 0;
}
