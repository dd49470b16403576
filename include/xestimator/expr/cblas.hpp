#ifndef XESTIMATOR_EXPR_CBLAS_HPP
#define XESTIMATOR_EXPR_CBLAS_HPP

/// @file
/// @brief Optional CBLAS matrix products for large static shapes.
///
/// Define XESTIMATOR_USE_CBLAS (CMake: -DXESTIMATOR_USE_CBLAS=ON) and link a CBLAS such as
/// OpenBLAS (Debian libopenblas-dev) to let matmul hand products of at least
/// `cblas_min_flops` multiply-adds to sgemm/dgemm; smaller ones keep the library's own loops,
/// which beat a BLAS call's fixed cost there. The choice is made at compile time per shape.
/// OpenBLAS uses all cores unless OPENBLAS_NUM_THREADS=1 is set.

#include <cstddef>
#include <type_traits>

#if defined(XESTIMATOR_USE_CBLAS)
#include <cblas.h>
#endif

namespace xest::expr::detail
{
#if defined(XESTIMATOR_USE_CBLAS)
    inline constexpr bool has_cblas = true;
#else
    inline constexpr bool has_cblas = false;
#endif

    /// @brief Products with fewer multiply-adds than this stay on the library's loops
    /// (measured: a 64x784x256 product gains 3x from OpenBLAS, a 32x64x32 one loses).
    inline constexpr std::size_t cblas_min_flops = std::size_t{1} << 20;

    template <class T, std::size_t M, std::size_t K, std::size_t N>
    inline constexpr bool use_cblas = has_cblas && (std::is_same_v<T, float> || std::is_same_v<T, double>)
                                      && M * K * N >= cblas_min_flops;

#if defined(XESTIMATOR_USE_CBLAS)
    /// @brief Row-major C = alpha op(A) op(B) + beta C.
    template <class T>
    inline void gemm(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k, T const* a, std::size_t lda,
                     T const* b, std::size_t ldb, T beta, T* c, std::size_t ldc) noexcept
    {
        auto const ta = trans_a ? CblasTrans : CblasNoTrans;
        auto const tb = trans_b ? CblasTrans : CblasNoTrans;
        if constexpr (std::is_same_v<T, float>)
        {
            cblas_sgemm(CblasRowMajor, ta, tb, int(m), int(n), int(k), 1.0f, a, int(lda), b, int(ldb), beta, c, int(ldc));
        }
        else
        {
            cblas_dgemm(CblasRowMajor, ta, tb, int(m), int(n), int(k), 1.0, a, int(lda), b, int(ldb), beta, c, int(ldc));
        }
    }
#endif
}

#endif
