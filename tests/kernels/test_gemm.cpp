// kernels::gemm_nn / gemm_nt / gemm_tn against a naive double-precision triple loop, in float and
// double, over shapes that reach every path of the kernels: tails in M (a short last row tile),
// in N (narrower vectors, then scalars) and in K; sums cut into slices (K past a panel of L1);
// packed panels of B; bias rows, per-row biases, ReLU, accumulation into C, and the kernel
// gradient over fewer real rows than the batch. Every output buffer has guard cells after C,
// which must be untouched.

#include <cmath>
#include <cstdint>
#include <vector>

#include <doctest/doctest.h>

#include <xestimator/kernels/gemm.hpp>

namespace
{
    // Fixed pseudo-random values in [-1, 1), some exactly zero (ReLU's edge).
    template <class T>
    std::vector<T> values(std::size_t n, std::uint64_t seed)
    {
        std::vector<T> v(n);
        std::uint64_t s = seed * 0x9E3779B97F4A7C15ull + 1;
        for (std::size_t i = 0; i < n; ++i)
        {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            auto const u = static_cast<std::int64_t>(s >> 40) % 17;
            v[i] = static_cast<T>(u - 8) / T(8);
        }
        return v;
    }

    constexpr double guard = 12345.0;

    template <class T>
    void check_close(std::vector<T> const& got, std::vector<double> const& want, std::size_t terms)
    {
        REQUIRE(got.size() == want.size() + 8);
        // Values are multiples of 1/8 and 1/64: errors are from rounding the sums alone.
        double const tol = (std::is_same_v<T, float> ? 1e-6 : 1e-14) * double(terms + 1);
        for (std::size_t i = 0; i < want.size(); ++i)
        {
            INFO("element ", i, " got ", double(got[i]), " want ", want[i]);
            CHECK(std::abs(double(got[i]) - want[i]) <= tol * (1.0 + std::abs(want[i])));
        }
        for (std::size_t i = want.size(); i < got.size(); ++i)
        {
            INFO("guard cell ", i - want.size(), " after C was written");
            CHECK(double(got[i]) == guard);
        }
    }

    template <class T, std::size_t M, std::size_t K, std::size_t N>
    struct dims
    {
        using value_type = T;
        static constexpr std::size_t m = M, k = K, n = N;
    };

    // Tails in every dimension (AVX2 float: MR 6, NR 16; AVX-512: MR 8, NR 32; vectors of 4 and
    // 8 lanes for the leftover columns), 1x1x1, slices (K = 600 > 256 terms per slice) and packed
    // panels (K N sizeof(T) above 32 KiB with more than one row tile), and products of 1 to 3
    // columns with enough rows to be computed transposed (vectors along the rows).
#define GEMM_SHAPES(T)                                                                                                    \
    dims<T, 1, 1, 1>, dims<T, 1, 3, 5>, dims<T, 7, 5, 3>, dims<T, 13, 9, 19>, dims<T, 6, 16, 16>, dims<T, 32, 64, 32>,    \
        dims<T, 50, 13, 100>, dims<T, 50, 100, 3>, dims<T, 11, 600, 37>, dims<T, 20, 300, 64>, dims<T, 9, 40, 71>,       \
        dims<T, 20, 3, 2>, dims<T, 16, 300, 2>
}

TEST_CASE_TEMPLATE("gemm_nn: C = A B (+ bias) (+ ReLU) equals a naive loop", D, GEMM_SHAPES(float), GEMM_SHAPES(double))
{
    using T = typename D::value_type;
    constexpr std::size_t M = D::m, K = D::k, N = D::n;
    auto const a = values<T>(M * K, 1);
    auto const b = values<T>(K * N, 2);
    auto const bias = values<T>(M * N, 3);
    std::vector<double> prod(M * N, 0.0);
    for (std::size_t i = 0; i < M; ++i)
        for (std::size_t j = 0; j < N; ++j)
            for (std::size_t p = 0; p < K; ++p) prod[i * N + j] += double(a[i * K + p]) * double(b[p * N + j]);

    std::vector<T> c(M * N + 8, T(guard));
    xest::kernels::gemm_nn<T, M, K, N>(a.data(), b.data(), nullptr, c.data());
    check_close(c, prod, K);

    // A bias row shared by every row, then ReLU.
    std::vector<double> want(M * N);
    for (std::size_t x = 0; x < M * N; ++x) want[x] = std::max(0.0, prod[x] + double(bias[x % N]));
    std::fill(c.begin(), c.end(), T(guard));
    xest::kernels::gemm_nn<T, M, K, N, true, 0, true>(a.data(), b.data(), bias.data(), c.data());
    check_close(c, want, K);

    // A bias per row, no ReLU.
    for (std::size_t x = 0; x < M * N; ++x) want[x] = prod[x] + double(bias[x]);
    std::fill(c.begin(), c.end(), T(guard));
    xest::kernels::gemm_nn<T, M, K, N, true, N>(a.data(), b.data(), bias.data(), c.data());
    check_close(c, want, K);
}

TEST_CASE_TEMPLATE("gemm_nt: C (=, +=) D B^T equals a naive loop", D, GEMM_SHAPES(float), GEMM_SHAPES(double))
{
    // C<M, K> = D<M, N> B<K, N>^T: the input gradient of a product.
    using T = typename D::value_type;
    constexpr std::size_t M = D::m, K = D::k, N = D::n;
    auto const d = values<T>(M * N, 4);
    auto const b = values<T>(K * N, 5);
    auto const c0 = values<T>(M * K, 6);
    std::vector<double> prod(M * K, 0.0);
    for (std::size_t i = 0; i < M; ++i)
        for (std::size_t k = 0; k < K; ++k)
            for (std::size_t j = 0; j < N; ++j) prod[i * K + k] += double(d[i * N + j]) * double(b[k * N + j]);

    std::vector<T> c(M * K + 8, T(guard));
    xest::kernels::gemm_nt<T, M, K, N>(d.data(), b.data(), c.data());
    check_close(c, prod, N);

    std::copy(c0.begin(), c0.end(), c.begin());
    std::vector<double> want(M * K);
    for (std::size_t x = 0; x < M * K; ++x) want[x] = prod[x] + double(c0[x]);
    xest::kernels::gemm_nt<T, M, K, N, true>(d.data(), b.data(), c.data());
    check_close(c, want, N);
}

TEST_CASE_TEMPLATE("gemm_tn: C (=, +=) A^T D over the real rows equals a naive loop", D, GEMM_SHAPES(float),
                   GEMM_SHAPES(double))
{
    // C<K, N> = A<rows, K>^T D<rows, N>: the kernel gradient of a product, for a full batch, a
    // batch with padding rows (rows < M) and an empty one.
    using T = typename D::value_type;
    constexpr std::size_t M = D::m, K = D::k, N = D::n;
    auto const a = values<T>(M * K, 7);
    auto const d = values<T>(M * N, 8);
    auto const c0 = values<T>(K * N, 9);
    for (std::size_t rows : {M, M / 2 + 1, std::size_t{0}})
    {
        INFO("rows ", rows);
        std::vector<double> prod(K * N, 0.0);
        for (std::size_t i = 0; i < rows; ++i)
            for (std::size_t k = 0; k < K; ++k)
                for (std::size_t j = 0; j < N; ++j) prod[k * N + j] += double(a[i * K + k]) * double(d[i * N + j]);

        std::vector<T> c(K * N + 8, T(guard));
        xest::kernels::gemm_tn<T, M, K, N>(rows, a.data(), d.data(), c.data());
        check_close(c, prod, rows);

        std::copy(c0.begin(), c0.end(), c.begin());
        std::vector<double> want(K * N);
        for (std::size_t x = 0; x < K * N; ++x) want[x] = prod[x] + double(c0[x]);
        xest::kernels::gemm_tn<T, M, K, N, true>(rows, a.data(), d.data(), c.data());
        check_close(c, want, rows);
    }
}

TEST_CASE("kernels: block sizes follow the shape")
{
    using namespace xest::kernels;
    // A tile never has more rows than the product, and a short product is one tile.
    CHECK(tile_rows<float, 1> == 1);
    CHECK(tile_rows<float, 3> <= 3);
    CHECK(tile_rows<double, 50> <= max_tile_rows<double>);
    // Leftover columns take vectors that fit in them, or scalars below 16 bytes.
    CHECK(lanes_for<float, 3> == 1);
    CHECK(lanes_for<float, 10> <= 8);
    CHECK(lanes_for<double, 1> == 1);
    // A sum that fits a panel is one slice; a longer one is cut into equal slices that fit.
    CHECK(slice_terms<float, 64> == 64);
    CHECK(slice_terms<float, 784> * tile_columns<float> * sizeof(float) <= panel_bytes);
    CHECK(slice_terms<float, 784> * ((784 + slice_terms<float, 784> - 1) / slice_terms<float, 784>) >= 784);
    // Three columns at batch 50 are computed transposed (vectors along the rows) where the
    // target has vectors; sixteen are not.
    CHECK(transpose_pays<float, 50, 3> == (min_lanes<float> > 1));
    CHECK_FALSE(transpose_pays<float, 50, 16>);
    // Packing: not for a B that fits L1 (W2's 64 x 32), yes for W3's 784 x 256 at batch 64.
    CHECK_FALSE(pack_pays<float, 32, 64, 32>);
    CHECK(pack_pays<float, 64, 784, 256> == packing_allowed);
}
