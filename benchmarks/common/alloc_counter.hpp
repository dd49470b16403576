#ifndef XESTIMATOR_BENCHMARKS_COMMON_ALLOC_COUNTER_HPP
#define XESTIMATOR_BENCHMARKS_COMMON_ALLOC_COUNTER_HPP

// Counts calls of the global allocation functions of the whole program (alloc_counter.cpp
// replaces operator new; link it into exactly one program).

#include <cstdint>

namespace bench
{
    /// Allocations (operator new of any form) since the program started.
    std::int64_t allocations() noexcept;
}

#endif
