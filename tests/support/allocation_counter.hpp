// Counting replacements of the global allocation functions, for the tests that prove a code path
// does not touch the heap. Include this header in exactly one file of a test program: the
// replacements apply to the whole program.
//
// Under AddressSanitizer the sanitizer owns operator new/delete, and replacing them makes it report
// mismatches, so nothing is replaced there and `allocation_counting` is false: such tests call
// `skip_without_allocation_counting()` (the sanitizer run checks memory safety; the ordinary g++
// and clang++ runs check allocations).
#ifndef XEST_TESTS_ALLOCATION_COUNTER_HPP
#define XEST_TESTS_ALLOCATION_COUNTER_HPP

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#define XEST_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define XEST_TEST_ASAN 1
#endif
#endif

namespace xest_test
{
#ifdef XEST_TEST_ASAN
    inline constexpr bool allocation_counting = false;
#else
    inline constexpr bool allocation_counting = true;
#endif

    /// Allocations counted so far (only while `armed`, when arming is used).
    inline std::atomic<long> allocations{0};
    /// When false, allocations are not counted (to ignore set-up).
    inline std::atomic<bool> armed{true};

    inline void skip_without_allocation_counting()
    {
        if constexpr (!allocation_counting)
        {
            std::printf("skipped: allocation counting is off under AddressSanitizer\n");
            std::exit(77);
        }
    }

    /// Allocations made by f().
    template <class F>
    long allocations_in(F&& f)
    {
        long const before = allocations.load();
        f();
        return allocations.load() - before;
    }

    namespace detail
    {
        inline void* counted(std::size_t n, std::size_t align = 0)
        {
            if (armed.load(std::memory_order_relaxed))
            {
                allocations.fetch_add(1, std::memory_order_relaxed);
            }
            if (n == 0)
            {
                n = 1;
            }
            void* p = align > alignof(std::max_align_t) ? std::aligned_alloc(align, (n + align - 1) / align * align)
                                                        : std::malloc(n);
            return p;
        }
    }
}

#ifndef XEST_TEST_ASAN
// gcc sees free() release memory from operator new once these are inlined; here that is the point.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

void* operator new(std::size_t n)
{
    if (void* p = xest_test::detail::counted(n))
    {
        return p;
    }
    throw std::bad_alloc();
}
void* operator new[](std::size_t n)
{
    return ::operator new(n);
}
void* operator new(std::size_t n, std::align_val_t a)
{
    if (void* p = xest_test::detail::counted(n, static_cast<std::size_t>(a)))
    {
        return p;
    }
    throw std::bad_alloc();
}
void* operator new[](std::size_t n, std::align_val_t a)
{
    return ::operator new(n, a);
}
void* operator new(std::size_t n, std::nothrow_t const&) noexcept
{
    return xest_test::detail::counted(n);
}
void* operator new[](std::size_t n, std::nothrow_t const&) noexcept
{
    return xest_test::detail::counted(n);
}
void operator delete(void* p) noexcept
{
    std::free(p);
}
void operator delete[](void* p) noexcept
{
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept
{
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept
{
    std::free(p);
}
void operator delete(void* p, std::align_val_t) noexcept
{
    std::free(p);
}
void operator delete[](void* p, std::align_val_t) noexcept
{
    std::free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept
{
    std::free(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept
{
    std::free(p);
}
void operator delete(void* p, std::nothrow_t const&) noexcept
{
    std::free(p);
}
void operator delete[](void* p, std::nothrow_t const&) noexcept
{
    std::free(p);
}

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#endif

#endif
