// Complex number usable in host and device code.
// std::complex's members are not __device__, and cuda::std::complex would tie host builds to
// libcu++; amplitudes need only this small arithmetic set.
#pragma once

#include <cmath>

#include "Macros.hh"
#include "Types.hh"

namespace fathom
{
struct Complex
{
    real_type re{0};
    real_type im{0};

    FATHOM_FORCEINLINE_FUNCTION constexpr Complex& operator+=(Complex const& o)
    {
        re += o.re;
        im += o.im;
        return *this;
    }
    FATHOM_FORCEINLINE_FUNCTION constexpr Complex& operator-=(Complex const& o)
    {
        re -= o.re;
        im -= o.im;
        return *this;
    }
    FATHOM_FORCEINLINE_FUNCTION constexpr Complex& operator*=(Complex const& o)
    {
        real_type r = re * o.re - im * o.im;
        im = re * o.im + im * o.re;
        re = r;
        return *this;
    }
    FATHOM_FORCEINLINE_FUNCTION constexpr Complex& operator*=(real_type a)
    {
        re *= a;
        im *= a;
        return *this;
    }
    FATHOM_FORCEINLINE_FUNCTION constexpr Complex& operator/=(real_type a)
    {
        re /= a;
        im /= a;
        return *this;
    }
};

FATHOM_FORCEINLINE_FUNCTION constexpr Complex operator+(Complex a, Complex const& b) { return a += b; }
FATHOM_FORCEINLINE_FUNCTION constexpr Complex operator-(Complex a, Complex const& b) { return a -= b; }
FATHOM_FORCEINLINE_FUNCTION constexpr Complex operator*(Complex a, Complex const& b) { return a *= b; }
FATHOM_FORCEINLINE_FUNCTION constexpr Complex operator*(Complex a, real_type s) { return a *= s; }
FATHOM_FORCEINLINE_FUNCTION constexpr Complex operator*(real_type s, Complex a) { return a *= s; }
FATHOM_FORCEINLINE_FUNCTION constexpr Complex operator/(Complex a, real_type s) { return a /= s; }
FATHOM_FORCEINLINE_FUNCTION constexpr Complex operator-(Complex const& a) { return {-a.re, -a.im}; }
FATHOM_FORCEINLINE_FUNCTION constexpr Complex operator+(Complex const& a, real_type s) { return {a.re + s, a.im}; }
FATHOM_FORCEINLINE_FUNCTION constexpr Complex operator-(Complex const& a, real_type s) { return {a.re - s, a.im}; }
FATHOM_FORCEINLINE_FUNCTION constexpr bool operator==(Complex const& a, Complex const& b)
{
    return a.re == b.re && a.im == b.im;
}
FATHOM_FORCEINLINE_FUNCTION constexpr bool operator!=(Complex const& a, Complex const& b) { return !(a == b); }

//! Complex conjugate.
FATHOM_FORCEINLINE_FUNCTION constexpr Complex conj(Complex const& a) { return {a.re, -a.im}; }
//! |a|^2 (no square root: this is what squared amplitudes need).
FATHOM_FORCEINLINE_FUNCTION constexpr real_type norm2(Complex const& a) { return a.re * a.re + a.im * a.im; }
//! |a|, overflow-safe. (Not called abs: that would hide ::abs for reals inside namespace fathom.)
FATHOM_FORCEINLINE_FUNCTION real_type magnitude(Complex const& a) { return std::hypot(a.re, a.im); }
//! i a, exact (no multiplication by zero components: keeps signed zeros and infinities sane).
FATHOM_FORCEINLINE_FUNCTION constexpr Complex times_i(Complex const& a) { return {-a.im, a.re}; }
//! -i a, exact.
FATHOM_FORCEINLINE_FUNCTION constexpr Complex times_minus_i(Complex const& a) { return {a.im, -a.re}; }

//! a / b, scaled by the larger component of b (Smith's algorithm) to avoid overflow of |b|^2.
FATHOM_FORCEINLINE_FUNCTION constexpr Complex operator/(Complex const& a, Complex const& b)
{
    if ((b.re < 0 ? -b.re : b.re) >= (b.im < 0 ? -b.im : b.im))
    {
        real_type r = b.im / b.re;
        real_type d = b.re + b.im * r;
        return {(a.re + a.im * r) / d, (a.im - a.re * r) / d};
    }
    real_type r = b.re / b.im;
    real_type d = b.re * r + b.im;
    return {(a.re * r + a.im) / d, (a.im * r - a.re) / d};
}
FATHOM_FORCEINLINE_FUNCTION constexpr Complex operator/(real_type s, Complex const& b)
{
    return Complex{s, 0} / b;
}
}  // namespace fathom
