#ifndef XESTIMATOR_EXPR_ROW_ACCUMULATOR_HPP
#define XESTIMATOR_EXPR_ROW_ACCUMULATOR_HPP

/// @file
/// @brief A row of N values summed in vector registers: the inner kernel of matmul.
///
/// Written with the vector extensions of g++ and clang++ rather than left to the
/// auto-vectorizer: summing a row of a small layer (N = 10 ... 64) into a plain array makes the
/// compiler load and store it for every term, which the benchmarks measured as the largest cost
/// of a training step. With the row held as a few vector values it stays in registers.

#include <cstddef>
#include <cstring>

namespace xest::expr::detail
{
#if defined(__AVX512F__)
    inline constexpr std::size_t vector_bytes = 64;
#elif defined(__AVX__)
    inline constexpr std::size_t vector_bytes = 32;
#else
    inline constexpr std::size_t vector_bytes = 16;
#endif

    template <class T, std::size_t N>
    struct row_accumulator
    {
        static constexpr std::size_t lanes = vector_bytes / sizeof(T);
        static constexpr std::size_t full = N / lanes;
        static constexpr std::size_t rest = N % lanes;
        typedef T vector_type __attribute__((vector_size(vector_bytes)));

        vector_type v[full > 0 ? full : 1];
        T tail[rest > 0 ? rest : 1];

        void set_zero() noexcept
        {
            for (std::size_t c = 0; c < full; ++c)
            {
                v[c] = vector_type{};
            }
            for (std::size_t j = 0; j < rest; ++j)
            {
                tail[j] = T(0);
            }
        }

        void load(T const* x) noexcept
        {
            for (std::size_t c = 0; c < full; ++c)
            {
                std::memcpy(&v[c], x + c * lanes, vector_bytes);
            }
            for (std::size_t j = 0; j < rest; ++j)
            {
                tail[j] = x[full * lanes + j];
            }
        }

        /// @brief row = a * x[0..N) (the first term of a sum: no addition of zero)
        void set_scaled(T a, T const* x) noexcept
        {
            for (std::size_t c = 0; c < full; ++c)
            {
                vector_type xv;
                std::memcpy(&xv, x + c * lanes, vector_bytes);
                v[c] = a * xv;
            }
            for (std::size_t j = 0; j < rest; ++j)
            {
                tail[j] = a * x[full * lanes + j];
            }
        }

        /// @brief row += a * x[0..N)
        void add_scaled(T a, T const* x) noexcept
        {
            for (std::size_t c = 0; c < full; ++c)
            {
                vector_type xv;
                std::memcpy(&xv, x + c * lanes, vector_bytes);
                v[c] += a * xv;
            }
            for (std::size_t j = 0; j < rest; ++j)
            {
                tail[j] += a * x[full * lanes + j];
            }
        }

        void store(T* out) const noexcept
        {
            for (std::size_t c = 0; c < full; ++c)
            {
                std::memcpy(out + c * lanes, &v[c], vector_bytes);
            }
            for (std::size_t j = 0; j < rest; ++j)
            {
                out[full * lanes + j] = tail[j];
            }
        }
    };

    /// @brief d[0..N) = (Assign ? 0 : d) + sum over i < rows of scale(i) * x[i N .. i N + N).
    ///
    /// The gradient sums of matmul (dB = A^T dC, one row of dB per call) and of a bias (scale 1).
    /// With Assign the sum starts from its first term, not from zero: one operation less on the
    /// dependency chain of a small model's step.
    template <bool Assign, std::size_t N, class T, class Scale>
    inline void sum_scaled_rows(T* __restrict d, T const* __restrict x, std::size_t rows, Scale scale) noexcept
    {
        row_accumulator<T, N> acc;
        std::size_t first = 0;
        if constexpr (Assign)
        {
            if (rows > 0)
            {
                acc.set_scaled(scale(0), x);
                first = 1;
            }
            else
            {
                acc.set_zero();
            }
        }
        else
        {
            acc.load(d);
        }
        for (std::size_t i = first; i < rows; ++i)
        {
            acc.add_scaled(scale(i), x + i * N);
        }
        acc.store(d);
    }
}

#endif
