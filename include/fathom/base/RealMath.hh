// Elementary functions of the real type of templated physics code.
//
// Amplitude building blocks are templates on their real type T (default real_type = double) so
// that the same code can be evaluated in long double or __float128 on the host as a
// high-precision reference. Their few elementary functions go through these overloads: for the
// standard floating-point types they are exactly std:: (so double results are unchanged), and
// __float128 (host only; the standard library has no functions for it in strict C++ mode) gets
// its own.
#pragma once

#include <cmath>

#include "Macros.hh"

namespace fathom
{
//! Square root: std::sqrt for float, double, long double (correctly rounded, IEEE 754).
template<class T>
FATHOM_FORCEINLINE_FUNCTION T real_sqrt(T x)
{
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
