#ifndef XESTIMATOR_KERNELS_TARGET_HPP
#define XESTIMATOR_KERNELS_TARGET_HPP

/// @file
/// @brief What the compilation target offers the matrix kernels: its vector width, its number of
/// vector registers, whether it has a data cache; and the vector types built on them.
///
/// Everything is decided by the compiler's target macros (-march=...), never at run time: a
/// training step has no dispatch. Vectors are the GCC/Clang vector extensions, so the same code
/// becomes AVX-512, AVX2, SSE2 or NEON instructions, or plain scalar code on a target without
/// floating-point vectors (a Cortex-M4: its FPU is scalar).

#include <cstddef>
#include <cstring>
#include <type_traits>

namespace xest::kernels
{
    /// @brief Bytes in one vector register (0: no floating-point vector unit).
#if defined(__AVX512F__)
    inline constexpr std::size_t vector_bytes = 64;
#elif defined(__AVX__)
    inline constexpr std::size_t vector_bytes = 32;
#elif defined(__SSE2__) || defined(__ARM_NEON) || defined(__ALTIVEC__) || defined(__wasm_simd128__)
    inline constexpr std::size_t vector_bytes = 16;
#else
    inline constexpr std::size_t vector_bytes = 0;
#endif

    /// @brief Architectural floating-point registers the accumulator tile may use.
    /// (x86-64 without AVX-512 and 32-bit ARM NEON: 16; AVX-512, AArch64, and the 32 single
    /// registers of a Cortex-M4F FPU: 32.)
#if defined(__AVX512F__) || defined(__aarch64__) || (defined(__ARM_ARCH) && !defined(__ARM_NEON))
    inline constexpr std::size_t vector_registers = 32;
#else
    inline constexpr std::size_t vector_registers = 16;
#endif

    /// @brief Whether operand panels may be packed into a stack buffer. A microcontroller
    /// (ARM M profile) has no data cache to win from packing, and a small stack to lose.
#if defined(__ARM_ARCH_PROFILE) && (__ARM_ARCH_PROFILE == 'M')
    inline constexpr bool packing_allowed = false;
#else
    inline constexpr bool packing_allowed = true;
#endif

    /// @brief Bytes of level-1 data cache the kernels plan a packed panel for (half of 32 KiB,
    /// the smallest L1D of current x86-64 and AArch64 cores; the other half holds the rest).
    inline constexpr std::size_t panel_bytes = 16384;

    /// @brief Lanes of T in one full vector register (1 without vectors).
    template <class T>
    inline constexpr std::size_t target_lanes = vector_bytes >= 2 * sizeof(T) ? vector_bytes / sizeof(T) : 1;

    /// @brief The narrowest vector worth using: 16 bytes (SSE2, NEON); fewer columns are scalar.
    template <class T>
    inline constexpr std::size_t min_lanes = target_lanes<T> > 1 ? 16 / sizeof(T) : 1;

    namespace detail
    {
        template <class T, std::size_t L>
        struct simd
        {
            typedef T type __attribute__((vector_size(L * sizeof(T))));
        };

        template <class T>
        struct simd<T, 1>
        {
            using type = T;
        };
    }

    /// @brief L lanes of T in one register (L = 1: T itself, so one kernel serves both).
    template <class T, std::size_t L>
    using simd_t = typename detail::simd<T, L>::type;

    /// @brief Unaligned load of a vector (memcpy: one vector move, no aliasing question). A
    /// scalar is read as itself: a memcpy would be a 4-byte integer move to the compiler, which
    /// then keeps a small model's params in integer registers and may not assume that a store
    /// to them leaves the graph's pointers alone (measured: 5.6 to 7.9 ns per seed-model step).
    template <class V, class T>
    [[gnu::always_inline]] inline V load(T const* p) noexcept
    {
        if constexpr (std::is_same_v<V, T>)
        {
            return *p;
        }
        else
        {
            V v;
            std::memcpy(&v, p, sizeof(V));
            return v;
        }
    }

    template <class V, class T>
    [[gnu::always_inline]] inline void store(T* p, V const& v) noexcept
    {
        if constexpr (std::is_same_v<V, T>)
        {
            *p = v;
        }
        else
        {
            std::memcpy(p, &v, sizeof(V));
        }
    }

    /// @brief max(x, 0) lane by lane; NaN becomes 0, as the relu rule of the expressions.
    template <class T, std::size_t L>
    [[gnu::always_inline]] inline simd_t<T, L> relu(simd_t<T, L> x) noexcept
    {
        if constexpr (L == 1)
        {
            return x > T(0) ? x : T(0);
        }
        else
        {
            using mask_type = decltype(x > x);
            simd_t<T, L> const zero{};
            return (simd_t<T, L>)((mask_type)x & (x > zero));
        }
    }

    /// @brief x[i] = max(x[i], 0) over Size values, a full vector at a time.
    template <class T, std::size_t Size>
    inline void relu_in_place(T* x) noexcept
    {
        constexpr std::size_t L = target_lanes<T>;
        constexpr std::size_t full = Size / L * L;
        using V = simd_t<T, L>;
        for (std::size_t i = 0; i < full; i += L)
        {
            store(x + i, relu<T, L>(load<V>(x + i)));
        }
        for (std::size_t i = full; i < Size; ++i)
        {
            x[i] = relu<T, 1>(x[i]);
        }
    }

    /// @brief dz[i] = out[i] > 0 ? dout[i] : 0 over Size values: the gradient through a ReLU
    /// from its output (out > 0 exactly where its input is).
    template <class T, std::size_t Size>
    inline void relu_gradient(T* __restrict dz, T const* __restrict dout, T const* __restrict out) noexcept
    {
        constexpr std::size_t L = target_lanes<T>;
        constexpr std::size_t full = L > 1 ? Size / L * L : 0;
        using V = simd_t<T, L>;
        if constexpr (L > 1)
        {
            using mask_type = decltype(V{} > V{});
            for (std::size_t i = 0; i < full; i += L)
            {
                V const o = load<V>(out + i);
                store(dz + i, (V)((mask_type)load<V>(dout + i) & (o > V{})));
            }
        }
        for (std::size_t i = full; i < Size; ++i)
        {
            dz[i] = out[i] > T(0) ? dout[i] : T(0);
        }
    }

    /// @brief relu_gradient over an <M, N> matrix and, in the same pass, sums[j] = the sum of
    /// dz(i, j) over its first `rows` rows (at most M): the gradient through a ReLU layer and
    /// the gradient of its bias row, whose padding rows add nothing.
    template <class T, std::size_t M, std::size_t N>
    inline void relu_gradient_column_sums(T* __restrict dz, T* __restrict sums, T const* __restrict dout,
                                          T const* __restrict out, std::size_t rows) noexcept
    {
        constexpr std::size_t L = target_lanes<T>;
        constexpr std::size_t full = L > 1 ? N / L * L : 0;
        using V = simd_t<T, L>;
        for (std::size_t j = 0; j < N; ++j)
        {
            sums[j] = T(0);
        }
        for (std::size_t i = 0; i < M; ++i)
        {
            T* __restrict z = dz + i * N;
            T const* __restrict g = dout + i * N;
            T const* __restrict o = out + i * N;
            if (i < rows)
            {
                if constexpr (L > 1)
                {
                    using mask_type = decltype(V{} > V{});
                    for (std::size_t j = 0; j < full; j += L)
                    {
                        V const v = (V)((mask_type)load<V>(g + j) & (load<V>(o + j) > V{}));
                        store(z + j, v);
                        store(sums + j, load<V>(sums + j) + v);
                    }
                }
                for (std::size_t j = full; j < N; ++j)
                {
                    T const v = o[j] > T(0) ? g[j] : T(0);
                    z[j] = v;
                    sums[j] += v;
                }
            }
            else
            {
                relu_gradient<T, N>(z, g, o);
            }
        }
    }
}

#endif
