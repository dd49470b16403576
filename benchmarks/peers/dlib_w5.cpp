// W5 (benchmarks/README.md) with dlib's DNN, as its documentation writes a network: the layers
// as a type, trained by the manual loop (compute_parameter_gradients + update_parameters, one
// Adam solver per layer), from the same initial weights as workloads/w5_cnn.cpp.
//
//   dlib_w5 [--smoke] [--steps N] [--data DIR]
//   g++ -std=c++20 -O3 -march=native -fno-math-errno -Iinclude benchmarks/peers/dlib_w5.cpp $(pkg-config --libs dlib-1)
#include <dlib/dnn.h>

#include <cstdio>
#include <string>
#include <vector>

#include "../common/digits.hpp"
#include "../common/result.hpp"
#include "../common/weights.hpp"

namespace
{
    using image = dlib::matrix<float>;
    // conv 3x3 x16 (stride 1: dlib pads by 1, TensorFlow's same) -> relu -> 2x2 max pool -> fc 10.
    using w5_net = dlib::loss_multiclass_log<
        dlib::fc<10, dlib::max_pool<2, 2, 2, 2, dlib::relu<dlib::con<16, 3, 3, 1, 1, dlib::input<image>>>>>>;

    constexpr std::size_t F = 16;
    constexpr std::size_t P = 4 * 4 * F;

    std::vector<image> images(std::vector<float> const& x, std::size_t n)
    {
        std::vector<image> out(n, image(8, 8));
        for (std::size_t i = 0; i < n; ++i)
        {
            for (long r = 0; r < 8; ++r)
            {
                for (long c = 0; c < 8; ++c)
                {
                    out[i](r, c) = x[i * 64 + std::size_t(r * 8 + c)];
                }
            }
        }
        return out;
    }

    // The shared initial weights in dlib's layouts: con filters (F, 1, 3, 3) then F biases; fc
    // (inputs + 1) x 10 with the bias row last, inputs in dlib's (filter, row, column) order.
    void load_weights(w5_net& net)
    {
        std::vector<float> k(9 * F);
        std::vector<float> w(P * 10);
        bench::glorot_uniform(k, 9, 9 * F, 31);
        bench::glorot_uniform(w, P, 10, 32);
        dlib::tensor& cp = dlib::layer<4>(net).layer_details().get_layer_params();
        dlib::tensor& fp = dlib::layer<1>(net).layer_details().get_layer_params();
        if (cp.size() != 9 * F + F || fp.size() != (P + 1) * 10)
        {
            std::fprintf(stderr, "dlib layers have %zu and %zu parameters, expected %zu and %zu\n", cp.size(), fp.size(),
                         9 * F + F, (P + 1) * 10);
            std::exit(1);
        }
        float* c = cp.host();
        for (std::size_t f = 0; f < F; ++f)
        {
            for (std::size_t t = 0; t < 9; ++t)
            {
                c[f * 9 + t] = k[t * F + f];  // ours: <ky, kx, 1, F>
            }
            c[9 * F + f] = 0.0f;
        }
        float* h = fp.host();
        for (std::size_t f = 0; f < F; ++f)
        {
            for (std::size_t p = 0; p < 16; ++p)
            {
                for (std::size_t j = 0; j < 10; ++j)
                {
                    h[(f * 16 + p) * 10 + j] = w[(p * F + f) * 10 + j];  // ours: (row, column, filter)
                }
            }
        }
        std::fill(h + P * 10, h + (P + 1) * 10, 0.0f);
    }
}

int main(int argc, char** argv)
{
    std::string data = XEST_BENCH_DATA_DIR;
    long steps = 44 * 20;
    for (int i = 1; i < argc; ++i)
    {
        std::string const a = argv[i];
        if (a == "--smoke") steps = 44 * 2;
        else if (a == "--steps" && i + 1 < argc) steps = std::atol(argv[++i]);
        else if (a == "--data" && i + 1 < argc) data = argv[++i];
        else
        {
            std::fprintf(stderr, "usage: dlib_w5 [--smoke] [--steps N] [--data DIR]\n");
            return 2;
        }
    }
    bench::digits const d = bench::load_digits(data);
    std::vector<image> const train = images(d.train_x, bench::digits::used_train_rows);
    std::vector<unsigned long> const labels(d.train_y.begin(), d.train_y.end());
    constexpr long batch = 32;
    constexpr long batches = 44;

    w5_net net;
    std::vector<dlib::resizable_tensor> xb(batches);
    for (long k = 0; k < batches; ++k)
    {
        net.to_tensor(train.begin() + k * batch, train.begin() + (k + 1) * batch, xb[std::size_t(k)]);
    }
    net.subnet().forward(xb[0]);  // allocates the parameters
    load_weights(net);
    std::vector<dlib::adam> solvers(w5_net::num_computational_layers, dlib::adam(0.0f, 0.9f, 0.999f));
    bench::timer t;
    for (long s = 0; s < steps; ++s)
    {
        long const k = s % batches;
        net.compute_parameter_gradients(xb[std::size_t(k)], labels.begin() + k * batch);
        net.update_parameters(solvers, 1e-3);
    }
    t.stop();

    std::vector<image> const test = images(d.test_x, bench::digits::test_rows);
    std::vector<unsigned long> const predicted = net(test);
    std::size_t correct = 0;
    for (std::size_t i = 0; i < predicted.size(); ++i)
    {
        correct += predicted[i] == static_cast<unsigned long>(d.test_y[i]);
    }
    double const n = static_cast<double>(steps);
    std::printf("RESULT contender=dlib workload=W5 value=%.6g unit=us/step extra=test_acc:%.4f,cpu:%.6g\n", t.wall / n * 1e6,
                double(correct) / double(test.size()), t.cpu / n * 1e6);
    return 0;
}
