// Test helpers: a stream of examples split into fixed batches whose padding rows hold garbage.
#ifndef XESTIMATOR_TESTS_METRICS_BATCHES_HPP
#define XESTIMATOR_TESTS_METRICS_BATCHES_HPP

#include <cstddef>
#include <cstdint>
#include <vector>

#include <xestimator/core/tensor.hpp>

namespace test
{
    // A tiny deterministic generator, independent of the library's.
    struct lcg
    {
        std::uint64_t s;
        double uniform() // [0, 1)
        {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            return static_cast<double>(s >> 11) * (1.0 / 9007199254740992.0);
        }
        int below(int n) { return static_cast<int>(uniform() * n); }
    };

    // Copies examples [first, first + rows) of a flat stream (W values per example) into batch
    // tensor t (B rows) and fills the rows after them with `garbage`.
    template <class T, std::size_t B, std::size_t... W, class V>
    void fill(xt::xtensor_fixed<T, xt::xshape<B, W...>>& t, std::vector<V> const& stream, std::size_t first,
              std::size_t rows, T garbage)
    {
        constexpr std::size_t width = (std::size_t{1} * ... * W);
        auto f = xest::flat(t);
        for (std::size_t r = 0; r < B; ++r)
        {
            for (std::size_t j = 0; j < width; ++j)
            {
                f[r * width + j] = r < rows ? static_cast<T>(stream[(first + r) * width + j]) : garbage;
            }
        }
    }

    // Row counts of the batches that cover n examples with batch size B (last one partial).
    inline std::vector<std::size_t> batch_rows(std::size_t n, std::size_t b)
    {
        std::vector<std::size_t> rows;
        for (std::size_t first = 0; first < n; first += b)
        {
            rows.push_back(first + b <= n ? b : n - first);
        }
        return rows;
    }
}

#endif
