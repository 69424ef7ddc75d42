// Atomic integer addition for host and device. Only integer atomics are needed: weights are
// accumulated in exact fixed point (see ExactSum.hh), so the order of additions never matters.
#pragma once

#include <cstdint>

#include "Macros.hh"

namespace fathom
{
//! Atomically add v to *addr and return the previous value.
FATHOM_FORCEINLINE_FUNCTION std::uint64_t atomic_add(std::uint64_t* addr, std::uint64_t v)
{
#if FATHOM_DEVICE_COMPILE
    static_assert(sizeof(unsigned long long) == sizeof(std::uint64_t));
    return atomicAdd(reinterpret_cast<unsigned long long*>(addr), static_cast<unsigned long long>(v));
#else
    return __atomic_fetch_add(addr, v, __ATOMIC_RELAXED);
#endif
}

//! Atomically raise *addr to at least v (for non-negative doubles: their bit patterns order as
//! unsigned integers, so an integer max is exact).
FATHOM_FORCEINLINE_FUNCTION void atomic_max_bits(std::uint64_t* addr, std::uint64_t v)
{
#if FATHOM_DEVICE_COMPILE
    atomicMax(reinterpret_cast<unsigned long long*>(addr), static_cast<unsigned long long>(v));
#else
    std::uint64_t old = __atomic_load_n(addr, __ATOMIC_RELAXED);
    while (old < v
           && !__atomic_compare_exchange_n(addr, &old, v, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
    {
    }
#endif
}
}  // namespace fathom
