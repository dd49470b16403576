// Shared by the MPI test programs: the W2-like model, deterministic data and small checks.
#ifndef XEST_TESTS_DISTRIBUTE_SUPPORT_HPP
#define XEST_TESTS_DISTRIBUTE_SUPPORT_HPP

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <type_traits>
#include <vector>

#include <xestimator/distribute/mpi.hpp>
#include <xestimator/xestimator.hpp>

namespace xest_test
{
    /// The W2 network: 64-32-10 ReLU, softmax cross-entropy.
    struct mlp
    {
        xest::nn::dense<64, 32, xest::nn::relu, "hidden"> hidden;
        xest::nn::dense<32, 10, xest::nn::linear, "logits"> out;

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            auto logits = out(hidden(features));
            return xest::spec(mode)
                .loss(xest::losses::sparse_softmax_cross_entropy(labels, logits))
                .predictions(logits)
                .eval_metric("accuracy", xest::metrics::accuracy(labels, logits));
        }
    };

    /// Examples whose class is the arg-max of a fixed linear map of the features: learnable, and
    /// the same on every rank (one seed, one generator).
    struct dataset
    {
        xt::xtensor<float, 2> x;
        xt::xtensor<std::int32_t, 1> y;
    };

    inline dataset make_dataset(std::size_t n)
    {
        std::mt19937 gen(12345);
        std::uniform_real_distribution<float> u(-1.0f, 1.0f);
        std::vector<float> map(64 * 10);
        for (auto& m : map)
        {
            m = u(gen);
        }
        dataset d{xt::xtensor<float, 2>::from_shape({n, 64}), xt::xtensor<std::int32_t, 1>::from_shape({n})};
        for (std::size_t i = 0; i < n; ++i)
        {
            for (std::size_t j = 0; j < 64; ++j)
            {
                d.x(i, j) = u(gen);
            }
            float best = -1e30f;
            for (std::int32_t c = 0; c < 10; ++c)
            {
                float s = 0.0f;
                for (std::size_t j = 0; j < 64; ++j)
                {
                    s += d.x(i, j) * map[j * 10 + static_cast<std::size_t>(c)];
                }
                if (s > best)
                {
                    best = s;
                    d.y(i) = c;
                }
            }
        }
        return d;
    }

    /// Every param of an estimator's model, in declaration order.
    template <class Est>
    std::vector<float> params_of(Est const& est)
    {
        std::vector<float> out;
        xest::for_each_model_param(est.model(),
                                   [&](auto const& p)
                                   {
                                       using P = std::remove_cvref_t<decltype(p)>;
                                       out.insert(out.end(), p.value.data(), p.value.data() + P::size);
                                   });
        return out;
    }

    inline double max_abs_difference(std::vector<float> const& a, std::vector<float> const& b)
    {
        double m = a.size() == b.size() ? 0.0 : INFINITY;
        for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
        {
            m = std::max(m, std::abs(double(a[i]) - double(b[i])));
        }
        return m;
    }

    /// True on every rank when `ok` holds on every rank.
    inline bool all_ranks(bool ok)
    {
        int mine = ok ? 1 : 0;
        int all = 0;
        MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
        return all == 1;
    }

    /// Rank 0's values on every rank.
    inline std::vector<float> rank0_copy(std::vector<float> v)
    {
        MPI_Bcast(v.data(), static_cast<int>(v.size()), MPI_FLOAT, 0, MPI_COMM_WORLD);
        return v;
    }

    /// Counts failed checks; prints each one with its rank.
    struct checks
    {
        int rank = 0;
        int failed = 0;

        void operator()(bool ok, char const* what)
        {
            if (!ok)
            {
                ++failed;
            }
            std::fprintf(stderr, "rank %d: %s: %s\n", rank, ok ? "ok" : "FAILED", what);
        }
    };
}

#endif
