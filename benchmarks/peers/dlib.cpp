// dlib DNN: the network as a type, trained either by the manual loop its documentation describes
// (compute_parameter_gradients + update_parameters with one solver per layer) or by dnn_trainer.
// W5's CNN uses the same manual loop.

#include <dlib/dnn.h>

#include <vector>

#include "common.hpp"

namespace
{
    using namespace peers;
    using sample = dlib::matrix<float, 0, 1>;

    using w2_net = dlib::loss_multiclass_log<
        dlib::fc<w2_out, dlib::relu<dlib::fc<w2_hidden, dlib::input<sample>>>>>;
    using w3_net = dlib::loss_multiclass_log<dlib::fc<
        w3_out, dlib::relu<dlib::fc<w3_h2, dlib::relu<dlib::fc<w3_h1, dlib::input<sample>>>>>>>;

    /// @brief Writes the shared initial kernel (fan_in x fan_out, row-major, which is dlib's
    /// own layout) and a zero bias row into an fc layer's parameters.
    template <class Layer>
    void load_fc(Layer& layer, int fan_in, int fan_out, std::uint64_t seed)
    {
        dlib::tensor& p = layer.layer_details().get_layer_params();
        if (p.size() != std::size_t(fan_in + 1) * std::size_t(fan_out))
        {
            std::fprintf(stderr, "dlib fc layer has %zu parameters, expected %d\n", p.size(), (fan_in + 1) * fan_out);
            std::exit(1);
        }
        float* h = p.host();
        fill_glorot(h, fan_in, fan_out, seed);
        std::fill(h + std::size_t(fan_in) * fan_out, h + p.size(), 0.0f);
    }

    std::vector<sample> rows(float const* x, int n, int cols)
    {
        sample proto;
        proto.set_size(cols);
        std::vector<sample> out(std::size_t(n), proto);
        for (int r = 0; r < n; ++r)
        {
            std::copy(x + std::size_t(r) * cols, x + std::size_t(r + 1) * cols, out[std::size_t(r)].begin());
        }
        return out;
    }

    void run_w1(options const& o)
    {
        long const steps = w1_step_count(o, w1_steps);
        using net_type = dlib::loss_mean_squared<dlib::fc<1, dlib::input<sample>>>;
        net_type net;
        std::vector<dlib::resizable_tensor> xs(3);
        for (int i = 0; i < 3; ++i)
        {
            std::vector<sample> one(1, sample(1));
            one[0](0) = w1_x[i];
            net.to_tensor(one.begin(), one.end(), xs[std::size_t(i)]);
        }
        net.subnet().forward(xs[0]);  // allocates the parameters
        float* p = dlib::layer<1>(net).layer_details().get_layer_params().host();
        p[0] = w1_w0;
        p[1] = 0.0f;

        // dlib's mean squared loss back-propagates (pred - y), half the gradient of (pred - y)^2,
        // so the learning rate is doubled to take the same steps.
        std::vector<dlib::sgd> solvers(net_type::num_computational_layers, dlib::sgd(0.0f, 0.0f));
        double const lr = 2.0 * double(w1_lr);
        int i = 0;
        timer t;
        for (long s = 0; s < steps; ++s)
        {
            net.compute_parameter_gradients(xs[std::size_t(i)], &w1_y[i]);
            net.update_parameters(solvers, lr);
            i = (i == 2) ? 0 : i + 1;
        }
        t.stop();
        p = dlib::layer<1>(net).layer_details().get_layer_params().host();
        result("dlib", "W1", t, steps, w1_extra(steps, p[0], p[1]));
    }

    double w2_accuracy(w2_net& net, digits const& d)
    {
        std::vector<sample> test = rows(d.x.data() + std::size_t(w2_train) * w2_in, w2_test, w2_in);
        std::vector<unsigned long> pred = net(test);
        int correct = 0;
        for (int r = 0; r < w2_test; ++r)
        {
            correct += (pred[std::size_t(r)] == static_cast<unsigned long>(d.y[std::size_t(w2_train + r)]));
        }
        return double(correct) / w2_test;
    }

    void w2_init(w2_net& net, std::vector<sample> const& train)
    {
        dlib::resizable_tensor x;
        net.to_tensor(train.begin(), train.begin() + w2_batch, x);
        net.subnet().forward(x);  // allocates the parameters
        load_fc(dlib::layer<3>(net), w2_in, w2_hidden, w2_layer_seed(0));
        load_fc(dlib::layer<1>(net), w2_hidden, w2_out, w2_layer_seed(1));
    }

    void run_w2(options const& o)
    {
        digits const d = load_digits(o.data);
        std::vector<sample> const train = rows(d.x.data(), w2_batches * w2_batch, w2_in);
        std::vector<unsigned long> const labels(d.y.begin(), d.y.begin() + w2_batches * w2_batch);
        int const epochs = w2_epoch_count(o);
        int const steps = epochs * w2_batches;

        // Manual loop: batches converted to tensors once, outside the timed region.
        {
            w2_net net;
            w2_init(net, train);
            std::vector<dlib::resizable_tensor> xb(w2_batches);
            for (int k = 0; k < w2_batches; ++k)
            {
                net.to_tensor(train.begin() + k * w2_batch, train.begin() + (k + 1) * w2_batch, xb[std::size_t(k)]);
            }
            std::vector<dlib::adam> solvers(w2_net::num_computational_layers, dlib::adam(0.0f, w2_beta1, w2_beta2));
            timer t;
            for (int step = 0; step < steps; ++step)
            {
                int const k = step % w2_batches;
                net.compute_parameter_gradients(xb[std::size_t(k)], labels.begin() + k * w2_batch);
                net.update_parameters(solvers, w2_lr);
            }
            t.stop();
            result("dlib", "W2", t, steps, w2_extra(steps, w2_accuracy(net, d)));
        }

        // dnn_trainer: the same data (1408 rows, so no partial batch), no shuffling in train(),
        // learning-rate shrinking switched off.
        {
            w2_net net;
            w2_init(net, train);
            dlib::dnn_trainer<w2_net, dlib::adam> trainer(net, dlib::adam(0.0f, w2_beta1, w2_beta2));
            trainer.set_learning_rate(w2_lr);
            trainer.set_mini_batch_size(w2_batch);
            trainer.set_max_num_epochs(std::size_t(epochs));
            trainer.set_learning_rate_shrink_factor(1.0);
            trainer.set_iterations_without_progress_threshold(1'000'000'000);
            timer t;
            trainer.train(train, labels);
            t.stop();
            net.clean();
            result("dlib-trainer", "W2", t, steps, w2_extra(steps, w2_accuracy(net, d)));
        }
    }

    void run_w3(options const& o)
    {
        pool const p = make_w3_pool();
        std::vector<sample> const all = rows(p.x.data(), w3_pool, w3_in);
        std::vector<unsigned long> const labels(p.y.begin(), p.y.end());
        constexpr int batches = w3_pool / w3_batch;

        w3_net net;
        std::vector<dlib::resizable_tensor> xb(batches);
        for (int k = 0; k < batches; ++k)
        {
            net.to_tensor(all.begin() + k * w3_batch, all.begin() + (k + 1) * w3_batch, xb[std::size_t(k)]);
        }
        net.subnet().forward(xb[0]);  // allocates the parameters
        load_fc(dlib::layer<5>(net), w3_in, w3_h1, w3_layer_seed(0));
        load_fc(dlib::layer<3>(net), w3_h1, w3_h2, w3_layer_seed(1));
        load_fc(dlib::layer<1>(net), w3_h2, w3_out, w3_layer_seed(2));
        // dlib's sgd: v = momentum v - lr g (no weight decay here); w += v. The Keras rule.
        std::vector<dlib::sgd> solvers(w3_net::num_computational_layers, dlib::sgd(0.0f, w3_momentum));

        int const steps = w3_step_count(o);
        double loss = 0.0;
        timer t;
        for (int step = 0; step < steps; ++step)
        {
            int const k = step % batches;
            loss = net.compute_parameter_gradients(xb[std::size_t(k)], labels.begin() + k * w3_batch);
            net.update_parameters(solvers, w3_lr);
        }
        t.stop();
        result("dlib", "W3", t, steps, w3_extra(steps, t.wall, float(loss)));
    }

    // ---- W5: a small CNN ----------------------------------------------------------------------

    using image = dlib::matrix<float>;
    // conv 3x3 x16 at stride 1 (dlib pads by 1 on each side: TensorFlow's "same") -> relu ->
    // 2x2 max pool -> fc 10. con<> is dlib's convolution with a bias.
    using w5_net = dlib::loss_multiclass_log<dlib::fc<
        w5_out, dlib::max_pool<2, 2, 2, 2, dlib::relu<dlib::con<w5_filters, 3, 3, 1, 1, dlib::input<image>>>>>>;

    std::vector<image> images(float const* x, int n)
    {
        std::vector<image> out(std::size_t(n), image(w5_side, w5_side));
        for (int i = 0; i < n; ++i)
        {
            std::copy(x + std::size_t(i) * 64, x + std::size_t(i + 1) * 64, out[std::size_t(i)].begin());
        }
        return out;
    }

    /// @brief The shared initial weights in dlib's layouts: con holds the filters (F, 1, 3, 3)
    /// then F biases; fc holds (inputs + 1) x 10 with the bias row last, its inputs in dlib's
    /// (filter, row, column) order.
    void w5_load(w5_net& net)
    {
        dlib::tensor& cp = dlib::layer<4>(net).layer_details().get_layer_params();
        dlib::tensor& fp = dlib::layer<1>(net).layer_details().get_layer_params();
        if (cp.size() != std::size_t(10 * w5_filters) || fp.size() != std::size_t((w5_pooled + 1) * w5_out))
        {
            std::fprintf(stderr, "dlib layers have %zu and %zu parameters, expected %d and %d\n", cp.size(), fp.size(),
                         10 * w5_filters, (w5_pooled + 1) * w5_out);
            std::exit(1);
        }
        fill_w5_channels_first(cp.host(), fp.host());
        std::fill(cp.host() + 9 * w5_filters, cp.host() + cp.size(), 0.0f);
        std::fill(fp.host() + w5_pooled * w5_out, fp.host() + fp.size(), 0.0f);
    }

    void run_w5(options const& o)
    {
        digits const d = load_digits(o.data);
        std::vector<image> const train = images(d.x.data(), w2_batches * w2_batch);
        std::vector<unsigned long> const labels(d.y.begin(), d.y.begin() + w2_batches * w2_batch);

        w5_net net;
        // Manual loop: batches converted to tensors once, outside the timed region.
        std::vector<dlib::resizable_tensor> xb(w2_batches);
        for (int k = 0; k < w2_batches; ++k)
        {
            net.to_tensor(train.begin() + k * w2_batch, train.begin() + (k + 1) * w2_batch, xb[std::size_t(k)]);
        }
        net.subnet().forward(xb[0]);  // allocates the parameters
        w5_load(net);
        std::vector<dlib::adam> solvers(w5_net::num_computational_layers, dlib::adam(0.0f, w2_beta1, w2_beta2));

        int const steps = w5_step_count(o);
        timer t;
        for (int step = 0; step < steps; ++step)
        {
            int const k = step % w2_batches;
            net.compute_parameter_gradients(xb[std::size_t(k)], labels.begin() + k * w2_batch);
            net.update_parameters(solvers, w2_lr);
        }
        t.stop();

        std::vector<unsigned long> const pred = net(images(d.x.data() + std::size_t(w2_train) * 64, w2_test));
        int correct = 0;
        for (int r = 0; r < w2_test; ++r)
        {
            correct += (pred[std::size_t(r)] == static_cast<unsigned long>(d.y[std::size_t(w2_train + r)]));
        }
        result("dlib", "W5", t, steps, w2_extra(steps, double(correct) / w2_test));
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
        std::fprintf(stderr, "dlib: no %s here (run_peers.sh runs only Eigen on it)\n", o.workload.c_str());
        return 2;
    }
    return 0;
}
