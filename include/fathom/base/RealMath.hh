// Elementary functions of the real type of templated physics code.
//
// Amplitude building blocks are templates on their real type T (default real_type = double) so
// that the same code can be evaluated in long double or __float128 on the host as a
// high-precision reference. Their few elementary functions go through these overloads: for the
// standard floating-point types they are exactly std:: (so double results are unchanged), and
// __float128 (host only; the standard library has no functions for it in strict C++ mode) gets
// its own.
//
// The same code also runs on packs of events at once (SIMD across events, host only): T is then
// a SIMD vector of doubles (SimdReal.hh), whose comparisons give a lane mask instead of a bool.
// Physics code therefore chooses between values with real_select(condition, a, b), never with
// `if` or `?:` on a comparison of T values; for scalars real_select is exactly c ? a : b.
// RealTraits<T> is the customisation point (specialised in SimdReal.hh).
#pragma once

#include <cmath>

#include "Macros.hh"

namespace fathom
{
//! Scalars: T itself, conditions are bool. SimdReal.hh specialises this for SIMD packs.
template<class T>
struct RealTraits
{
    using scalar_type = T;
    using mask_type = bool;
    static constexpr int lanes = 1;
    static constexpr bool is_simd = false;
};

//! The scalar (lane) type of T: double for double and for a SIMD pack of doubles.
template<class T>
using real_scalar_t = typename RealTraits<T>::scalar_type;
//! What a comparison of T values gives: bool, or a lane mask.
template<class T>
using real_mask_t = typename RealTraits<T>::mask_type;

//! c ? a : b, lane by lane for SIMD packs (both a and b are evaluated by the caller).
template<class M, class T>
FATHOM_FORCEINLINE_FUNCTION T real_select(M const& c, T const& a, T const& b)
{
    if constexpr (RealTraits<T>::is_simd)
        return RealTraits<T>::select(c, a, b);
    else
        return c ? a : b;
}

//! Square root: std::sqrt for float, double, long double (correctly rounded, IEEE 754), and
//! lane by lane (also correctly rounded) for SIMD packs.
template<class T>
FATHOM_FORCEINLINE_FUNCTION T real_sqrt(T x)
{
    if constexpr (RealTraits<T>::is_simd)
        return RealTraits<T>::sqrt(x);
    else
        return std::sqrt(x);
}

//! pi to the precision of T, formed from a double-double pair (exactly the double pi for T = double).
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr T real_pi()
{
    return T(3.141592653589793) + T(1.2246467991473532e-16);
}

#if defined(__SIZEOF_FLOAT128__) && !defined(__CUDACC__)
//! __float128 square root: one Newton step from the long double root (64 -> ~128 correct bits,
//! so the result is within an ulp of the exact root). Host only; no libquadmath needed.
inline __float128 real_sqrt(__float128 x)
{
    if (!(x > 0) || x != x || x - x != 0)  // zero, negative, NaN, infinity: long double semantics
        return static_cast<__float128>(std::sqrt(static_cast<long double>(x)));
    __float128 const y = static_cast<__float128>(std::sqrt(static_cast<long double>(x)));
    return (y + x / y) / 2;
}
#endif
}  // namespace fathom
