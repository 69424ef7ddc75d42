// Complex number usable in host and device code.
// std::complex's members are not __device__, and cuda::std::complex would tie host builds to
// libcu++; amplitudes need only this small arithmetic set.
//
// A template on the real type (BasicComplex<T>) so that amplitude code can also run in long double
// or __float128 on the host (RealMath.hh); Complex = BasicComplex<real_type> is what physics uses.
// Real operands of mixed operations are taken as std::type_identity_t<T>, so that e.g. z * 2 and
// 2.0 * z keep working exactly as for a non-template type.
#pragma once

#include <cmath>
#include <type_traits>

#include "Macros.hh"
#include "RealMath.hh"
#include "Types.hh"

namespace fathom
{
template<class T = real_type>
struct BasicComplex
{
    using value_type = T;

    T re{0};
    T im{0};

    FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex& operator+=(BasicComplex const& o)
    {
        re += o.re;
        im += o.im;
        return *this;
    }
    FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex& operator-=(BasicComplex const& o)
    {
        re -= o.re;
        im -= o.im;
        return *this;
    }
    FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex& operator*=(BasicComplex const& o)
    {
        T r = re * o.re - im * o.im;
        im = re * o.im + im * o.re;
        re = r;
        return *this;
    }
    FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex& operator*=(T a)
    {
        re *= a;
        im *= a;
        return *this;
    }
    FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex& operator/=(T a)
    {
        re /= a;
        im /= a;
        return *this;
    }
};

//! The complex type of all physics code.
using Complex = BasicComplex<real_type>;

template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex<T> operator+(BasicComplex<T> a, BasicComplex<T> const& b)
{
    return a += b;
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex<T> operator-(BasicComplex<T> a, BasicComplex<T> const& b)
{
    return a -= b;
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex<T> operator*(BasicComplex<T> a, BasicComplex<T> const& b)
{
    return a *= b;
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex<T> operator*(BasicComplex<T> a, std::type_identity_t<T> s)
{
    return a *= s;
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex<T> operator*(std::type_identity_t<T> s, BasicComplex<T> a)
{
    return a *= s;
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex<T> operator/(BasicComplex<T> a, std::type_identity_t<T> s)
{
    return a /= s;
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex<T> operator-(BasicComplex<T> const& a)
{
    return {-a.re, -a.im};
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex<T> operator+(BasicComplex<T> const& a, std::type_identity_t<T> s)
{
    return {a.re + s, a.im};
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex<T> operator-(BasicComplex<T> const& a, std::type_identity_t<T> s)
{
    return {a.re - s, a.im};
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr bool operator==(BasicComplex<T> const& a, BasicComplex<T> const& b)
{
    return a.re == b.re && a.im == b.im;
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr bool operator!=(BasicComplex<T> const& a, BasicComplex<T> const& b)
{
    return !(a == b);
}

//! Complex conjugate.
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex<T> conj(BasicComplex<T> const& a)
{
    return {a.re, -a.im};
}
//! c ? a : b for complex values (lane by lane for SIMD packs).
template<class M, class T>
FATHOM_FORCEINLINE_FUNCTION BasicComplex<T> real_select(M const& c, BasicComplex<T> const& a, BasicComplex<T> const& b)
{
    return {real_select(c, a.re, b.re), real_select(c, a.im, b.im)};
}
//! |a|^2 (no square root: this is what squared amplitudes need).
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr T norm2(BasicComplex<T> const& a)
{
    return a.re * a.re + a.im * a.im;
}
//! |a|, overflow-safe. (Not called abs: that would hide ::abs for reals inside namespace fathom.)
//! Standard floating-point types only (std::hypot).
template<class T>
FATHOM_FORCEINLINE_FUNCTION T magnitude(BasicComplex<T> const& a)
{
    return std::hypot(a.re, a.im);
}
//! i a, exact (no multiplication by zero components: keeps signed zeros and infinities sane).
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex<T> times_i(BasicComplex<T> const& a)
{
    return {-a.im, a.re};
}
//! -i a, exact.
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex<T> times_minus_i(BasicComplex<T> const& a)
{
    return {a.im, -a.re};
}

//! a / b, scaled by the larger component of b (Smith's algorithm) to avoid overflow of |b|^2.
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex<T> operator/(BasicComplex<T> const& a, BasicComplex<T> const& b)
{
    if constexpr (RealTraits<T>::is_simd)
    {
        // both branches, chosen lane by lane (each lane gets exactly the scalar branch's value)
        auto const re_larger = real_select(b.re < 0, T(-b.re), b.re) >= real_select(b.im < 0, T(-b.im), b.im);
        T const r = real_select(re_larger, T(b.im / b.re), T(b.re / b.im));
        T const d = real_select(re_larger, T(b.re + b.im * r), T(b.re * r + b.im));
        return {real_select(re_larger, T((a.re + a.im * r) / d), T((a.re * r + a.im) / d)),
                real_select(re_larger, T((a.im - a.re * r) / d), T((a.im * r - a.re) / d))};
    }
    else
    {
        if ((b.re < 0 ? -b.re : b.re) >= (b.im < 0 ? -b.im : b.im))
        {
            T r = b.im / b.re;
            T d = b.re + b.im * r;
            return {(a.re + a.im * r) / d, (a.im - a.re * r) / d};
        }
        T r = b.re / b.im;
        T d = b.re * r + b.im;
        return {(a.re * r + a.im) / d, (a.im * r - a.re) / d};
    }
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex<T> operator/(std::type_identity_t<T> s, BasicComplex<T> const& b)
{
    return BasicComplex<T>{s, 0} / b;
}
}  // namespace fathom
