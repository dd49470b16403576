// Replaces the global allocation functions with counting ones (see alloc_counter.hpp).
#include "alloc_counter.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace
{
    std::atomic<std::int64_t> count{0};

    void* counted(std::size_t n)
    {
        count.fetch_add(1, std::memory_order_relaxed);
        if (void* p = std::malloc(n == 0 ? 1 : n))
        {
            return p;
        }
        throw std::bad_alloc();
    }

    void* counted_aligned(std::size_t n, std::align_val_t a)
    {
        count.fetch_add(1, std::memory_order_relaxed);
        std::size_t const al = static_cast<std::size_t>(a);
        std::size_t const size = (n + al - 1) / al * al;
        if (void* p = std::aligned_alloc(al, size == 0 ? al : size))
        {
            return p;
        }
        throw std::bad_alloc();
    }
}

std::int64_t bench::allocations() noexcept
{
    return count.load(std::memory_order_relaxed);
}

void* operator new(std::size_t n) { return counted(n); }
void* operator new[](std::size_t n) { return counted(n); }
void* operator new(std::size_t n, std::align_val_t a) { return counted_aligned(n, a); }
void* operator new[](std::size_t n, std::align_val_t a) { return counted_aligned(n, a); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
