// Two 32-bit random words -> one uniform double, bit-for-bit as cuRAND's
// curand_uniform2_double does it for each half of a Philox4x32-10 block.
#pragma once

#include <cstdint>

#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"

namespace fathom
{
//---------------------------------------------------------------------------//
/*!
 * Map two random 32-bit words (x, y) to a double in (0, 1].
 *
 * The formula (read from CUDA 13's curand_uniform.h, reimplemented here):
 *
 *   z = uint64(x) XOR (uint64(y) << 21)          z in [0, 2^53 - 1]
 *   u = z * 2^-53 + 2^-54                       (one IEEE double rounding)
 *
 * y fills bits 21..52 and x bits 0..31, so bits 21..31 are x XOR y: z is
 * uniform on [0, 2^53) when x and y are. The product z * 2^-53 is exact
 * (z < 2^53), so only the addition rounds, to nearest-even:
 *  - z <  2^52: u = (2z + 1) * 2^-54 exactly (odd multiples of 2^-54,
 *    smallest 2^-54 at z = 0, never 0);
 *  - z >= 2^52: (2z + 1) * 2^-54 is a tie between two doubles 2^-53 apart and
 *    rounds to the even one, u = (z + (z & 1)) * 2^-53; the largest, z =
 *    2^53 - 1, gives exactly 1.
 * So u is in [2^-54, 1]: log(u) is always finite, 1 - u may be 0.
 * An FMA contraction (nvcc's default) gives the same result because the
 * product is exact. Note that x = y = 0xffffffff does NOT give 1: the
 * overlapping bits cancel, z = 2^53 - 2^32 + 2^21 - 1, u = 1 - 2^-21 + 2^-32.
 *
 * curand_uniform2_double returns (u(w0, w1), u(w2, w3)) for the four words
 * w0..w3 of one Philox4x32-10 output block.
 */
FATHOM_FORCEINLINE_FUNCTION real_type uniform_from_bits(std::uint32_t x, std::uint32_t y)
{
    constexpr real_type two_m53 = 0x1p-53;  // 2^-53, exact
    std::uint64_t z = static_cast<std::uint64_t>(x) ^ (static_cast<std::uint64_t>(y) << 21);
    return static_cast<real_type>(z) * two_m53 + two_m53 / 2;
}
}  // namespace fathom
