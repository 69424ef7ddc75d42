// Where cuRAND's curand_init(seed, subsequence, offset=0, Philox state) puts its
// inputs in the Philox4x32-10 key and counter, and how it steps the counter.
#pragma once

#include <cstdint>

#include "fathom/base/Array.hh"
#include "fathom/base/Macros.hh"

namespace fathom
{
//! Philox4x32 key: two 32-bit words.
using PhiloxKey = Array<std::uint32_t, 2>;
//! Philox4x32 counter: four 32-bit words, word 0 least significant.
using PhiloxCounter = Array<std::uint32_t, 4>;

//---------------------------------------------------------------------------//
/*!
 * Key from a 64-bit seed: (low 32 bits, high 32 bits).
 *
 * Same as cuRAND's curand_init (curand_kernel.h, CUDA 13) and its host
 * Philox generator (checked in tests/random/test_philox_core.cc).
 */
FATHOM_FORCEINLINE_FUNCTION PhiloxKey philox_key(std::uint64_t seed)
{
    return {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
}

//---------------------------------------------------------------------------//
/*!
 * First counter of a subsequence: (0, 0, low 32 bits, high 32 bits).
 *
 * curand_init zeroes the counter and adds the subsequence to its upper 64
 * bits (each subsequence is 2^64 blocks = 2^66 words long); with offset 0 the
 * first block returned is Philox(counter, key) at exactly this counter.
 */
FATHOM_FORCEINLINE_FUNCTION PhiloxCounter philox_start_counter(std::uint64_t subsequence)
{
    return {{0u,
             0u,
             static_cast<std::uint32_t>(subsequence),
             static_cast<std::uint32_t>(subsequence >> 32)}};
}

//---------------------------------------------------------------------------//
/*!
 * Step to the next block: add one to the counter as a 128-bit integer.
 *
 * cuRAND carries through all four words; a stream would need 2^64 blocks to
 * reach word 2, so this only matters for bit-exactness in principle.
 */
FATHOM_FORCEINLINE_FUNCTION void increment(PhiloxCounter& ctr)
{
    for (std::uint32_t& word : ctr.data_)
    {
        if (++word != 0)
            return;
    }
}
}  // namespace fathom
