// W3's roof: the machine's BLAS (OpenBLAS, one thread) running the matrix products of one W3
// step, and its peak on a large square product.
//
//   sgemm_roof [--smoke]
//
// Prints RESULT contender=openblas-sgemm workload=W3 value=<ms per step of the W3 products>
// extra=gflops:<W3 flop count / that time>,peak_gflops:<1024^3 sgemm>. The W3 products are the
// 3 forward products, the 3 kernel gradients and the 2 hidden-layer input gradients (no
// gradient for the features), as every W3 contender computes them.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <cblas.h>

#include "../common/result.hpp"
#include "../common/weights.hpp"

extern "C" void openblas_set_num_threads(int);

namespace
{
    struct matrix
    {
        int rows, cols;
        std::vector<float> v;
        matrix(int r, int c, std::uint64_t seed)
            : rows(r), cols(c), v(static_cast<std::size_t>(r) * static_cast<std::size_t>(c))
        {
            bench::uniform(v, -1.0f, 1.0f, seed);
        }
    };

    // C<m, n> = op(A) op(B) with row-major storage.
    void gemm(bool ta, bool tb, int m, int n, int k, matrix const& a, matrix const& b, matrix& c)
    {
        cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, 1.0f,
                    a.v.data(), a.cols, b.v.data(), b.cols, 0.0f, c.v.data(), c.cols);
    }
}

int main(int argc, char** argv)
{
    bool const smoke = argc > 1 && std::strcmp(argv[1], "--smoke") == 0;
    openblas_set_num_threads(1);
    constexpr int B = 64, I = 784, H = 256, C = 10;
    matrix x(B, I, 1), w1(I, H, 2), w2(H, H, 3), w3(H, C, 4);
    matrix z1(B, H, 5), z2(B, H, 6), z3(B, C, 7);
    matrix d1(B, H, 8), d2(B, H, 9), d3(B, C, 10);
    matrix g1(I, H, 11), g2(H, H, 12), g3(H, C, 13);
    auto step = [&]
    {
        gemm(false, false, B, H, I, x, w1, z1);
        gemm(false, false, B, H, H, z1, w2, z2);
        gemm(false, false, B, C, H, z2, w3, z3);
        gemm(true, false, H, C, B, z2, d3, g3);   // dW3 = H2^T dZ3
        gemm(false, true, B, H, C, d3, w3, d2);   // dH2 = dZ3 W3^T
        gemm(true, false, H, H, B, z1, d2, g2);   // dW2 = H1^T dZ2
        gemm(false, true, B, H, H, d2, w2, d1);   // dH1 = dZ2 W2^T
        gemm(true, false, I, H, B, x, d1, g1);    // dW1 = X^T dZ1
    };
    int const steps = smoke ? 5 : 300;
    step();  // warm-up: first-call set-up of the library
    bench::timer t;
    for (int s = 0; s < steps; ++s) step();
    t.stop();

    constexpr int N = 1024;
    matrix a(N, N, 21), b(N, N, 22), c(N, N, 23);
    gemm(false, false, N, N, N, a, b, c);
    int const reps = smoke ? 1 : 5;
    bench::timer tp;
    for (int r = 0; r < reps; ++r) gemm(false, false, N, N, N, a, b, c);
    tp.stop();
    double const peak = 2.0 * N * N * N * reps / tp.cpu * 1e-9;
    double const gflops = bench::w3_flops_per_step * steps / t.wall * 1e-9;
    std::string const extra = "gflops:" + bench::fmt("%.2f", gflops) + ",peak_gflops:" + bench::fmt("%.2f", peak);
    bench::print_result("openblas-sgemm", "W3", t, steps, extra);
    return 0;
}
