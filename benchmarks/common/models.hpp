#ifndef XEST_BENCH_COMMON_MODELS_HPP
#define XEST_BENCH_COMMON_MODELS_HPP

// The benchmark workloads' models, written as a user writes them for the estimator: W1 seed
// linear regression, W2 64-32-10 ReLU network, W3 784-256-256-10 network, W4 13-100-3 network
// (sizes that are multiples of no vector width).

#include <xestimator/xestimator.hpp>

namespace bench
{
    struct seed_linear
    {
        xest::param<"weights", xest::shape<1, 1>> W{xest::init::zeros{}};
        xest::param<"bias", xest::shape<1>> b{xest::init::zeros{}};

        template <class Mode>
        auto operator()(auto const& x, auto const& y, Mode m) const
        {
            auto pred = xest::matmul(x, W) + b;
            return xest::spec(m).loss(xest::losses::mean_squared_error(y, pred)).predictions(pred);
        }
    };

    struct mlp
    {
        xest::nn::dense<64, 32, xest::nn::relu, "hidden"> h;
        xest::nn::dense<32, 10, xest::nn::linear, "out"> o;

        template <class Mode>
        auto operator()(auto const& x, auto const& y, Mode m) const
        {
            auto logits = o(h(x));
            return xest::spec(m)
                .loss(xest::losses::sparse_softmax_cross_entropy(y, logits))
                .predictions(logits)
                .eval_metric("accuracy", xest::metrics::accuracy(y, logits));
        }
    };

    struct wide
    {
        xest::nn::dense<784, 256, xest::nn::relu, "l1"> l1;
        xest::nn::dense<256, 256, xest::nn::relu, "l2"> l2;
        xest::nn::dense<256, 10, xest::nn::linear, "l3"> l3;

        template <class Mode>
        auto operator()(auto const& x, auto const& y, Mode m) const
        {
            auto logits = l3(l2(l1(x)));
            return xest::spec(m).loss(xest::losses::sparse_softmax_cross_entropy(y, logits)).predictions(logits);
        }
    };

    struct awkward
    {
        xest::nn::dense<13, 100, xest::nn::relu, "l1"> l1;
        xest::nn::dense<100, 3, xest::nn::linear, "l2"> l2;

        template <class Mode>
        auto operator()(auto const& x, auto const& y, Mode m) const
        {
            auto logits = l2(l1(x));
            return xest::spec(m).loss(xest::losses::sparse_softmax_cross_entropy(y, logits)).predictions(logits);
        }
    };
}

#endif
