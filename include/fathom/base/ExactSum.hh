// Exact, order-independent accumulation of doubles in 256-bit two's-complement fixed point.
//
// Why: fathom's results must be bit-identical for any thread count, batch size, GPU atomic
// order, MPI rank split or resumed run. Floating-point sums depend on the order of additions;
// integer sums do not. Each double is converted exactly (down to the resolution) into a
// fixed-point integer with 128 integer and 128 fractional bits, and integers are added with
// carries, plainly or with 64-bit atomics.
//
// Range and resolution: |x| < 2^127 (~1.7e38); bits below 2^-128 (~2.9e-39) are truncated
// towards zero, deterministically. A value out of range is refused by add() (returns false),
// and the caller counts it like a non-finite weight.
#pragma once

#include <cmath>
#include <cstdint>

#include "Atomics.hh"
#include "Macros.hh"

namespace fathom
{
struct ExactSum
{
    static constexpr int num_limbs = 4;
    static constexpr int fraction_bits = 128;

    //! Little-endian 64-bit limbs of a signed 256-bit integer; value = integer * 2^-128.
    std::uint64_t limb[num_limbs]{0, 0, 0, 0};
};

namespace detail
{
//! Fixed-point image of x as 256-bit two's complement limbs. False if x is out of range.
FATHOM_FORCEINLINE_FUNCTION bool to_fixed(double x, std::uint64_t (&out)[ExactSum::num_limbs])
{
    for (auto& l : out)
        l = 0;
    if (!(std::isfinite(x)))
        return false;
    if (x == 0)
        return true;
    int e = 0;
    double m = std::frexp(std::fabs(x), &e);  // |x| = m 2^e, m in [0.5, 1)
    // 53-bit integer mantissa: |x| = M 2^(e - 53); in fixed units: M 2^(e - 53 + 128)
    auto mant = static_cast<std::uint64_t>(std::ldexp(m, 53));
    int shift = e - 53 + ExactSum::fraction_bits;
    if (shift + 53 > 255)
        return false;  // |x| >= 2^127: the sign bit would be reached
    if (shift < 0)
    {
        if (shift <= -64)
            return true;  // below resolution: truncates to zero
        mant >>= -shift;
        shift = 0;
    }
    int k = shift / 64;
    int b = shift % 64;
    out[k] = mant << b;
    if (b > 0 && k + 1 < ExactSum::num_limbs)
        out[k + 1] = mant >> (64 - b);
    if (x < 0)
    {
        // two's complement negation: invert and add one
        std::uint64_t carry = 1;
        for (auto& l : out)
        {
            l = ~l + carry;
            carry = (carry && l == 0) ? 1 : 0;
        }
    }
    return true;
}
}  // namespace detail

//! Add a fixed-point integer to the sum (not thread safe).
FATHOM_FORCEINLINE_FUNCTION void
add_limbs(ExactSum& s, std::uint64_t const (&v)[ExactSum::num_limbs])
{
    std::uint64_t carry = 0;
    for (int i = 0; i < ExactSum::num_limbs; ++i)
    {
        std::uint64_t a = s.limb[i] + v[i];
        std::uint64_t c1 = a < v[i];
        std::uint64_t r = a + carry;
        std::uint64_t c2 = r < carry;
        s.limb[i] = r;
        carry = c1 | c2;
    }
}

//! Add x exactly (not thread safe). False (and nothing added) if x is not finite or too large.
FATHOM_FORCEINLINE_FUNCTION bool add(ExactSum& s, double x)
{
    std::uint64_t v[ExactSum::num_limbs];
    if (!detail::to_fixed(x, v))
        return false;
    add_limbs(s, v);
    return true;
}

//! Add another sum exactly (not thread safe).
FATHOM_FORCEINLINE_FUNCTION void merge(ExactSum& s, ExactSum const& other)
{
    add_limbs(s, other.limb);
}

//! Add a fixed-point integer with 64-bit atomics. Each limb's atomic detects its own wrap
//! and carries it into the next limb, so the 256-bit total is exact in any interleaving.
FATHOM_FORCEINLINE_FUNCTION void
atomic_add_limbs(ExactSum* s, std::uint64_t const (&v)[ExactSum::num_limbs])
{
    std::uint64_t carry = 0;
    for (int i = 0; i < ExactSum::num_limbs; ++i)
    {
        std::uint64_t a = v[i] + carry;
        carry = (a < carry) ? 1 : 0;  // v[i] == 2^64-1 and carry 1: add 0, carry on
        if (a != 0)
        {
            std::uint64_t old = atomic_add(&s->limb[i], a);
            carry |= (old + a < old) ? 1 : 0;
        }
        else if (carry == 0)
        {
            bool rest_zero = true;
            for (int j = i + 1; j < ExactSum::num_limbs; ++j)
                rest_zero = rest_zero && v[j] == 0;
            if (rest_zero)
                return;  // positive values: nothing left to add above this limb
        }
    }
}

//! Atomically add x exactly. False (and nothing added) if x is not finite or too large.
FATHOM_FORCEINLINE_FUNCTION bool atomic_add(ExactSum* s, double x)
{
    std::uint64_t v[ExactSum::num_limbs];
    if (!detail::to_fixed(x, v))
        return false;
    atomic_add_limbs(s, v);
    return true;
}

//! Atomically add another sum exactly.
FATHOM_FORCEINLINE_FUNCTION void atomic_merge(ExactSum* s, ExactSum const& other)
{
    atomic_add_limbs(s, other.limb);
}

//! Nearest double (within a few ulp) of the exact value; deterministic for equal sums.
FATHOM_FUNCTION inline double to_double(ExactSum const& s)
{
    std::uint64_t mag[ExactSum::num_limbs];
    bool negative = (s.limb[ExactSum::num_limbs - 1] >> 63) != 0;
    std::uint64_t carry = 1;
    for (int i = 0; i < ExactSum::num_limbs; ++i)
    {
        mag[i] = negative ? ~s.limb[i] + carry : s.limb[i];
        if (negative)
            carry = (carry && mag[i] == 0) ? 1 : 0;
    }
    // Sum from the most significant limb down so the big terms dominate the rounding.
    double result = 0;
    for (int i = ExactSum::num_limbs - 1; i >= 0; --i)
        result += std::ldexp(static_cast<double>(mag[i]), 64 * i - ExactSum::fraction_bits);
    return negative ? -result : result;
}
}  // namespace fathom
