// Minkowski four-vectors (E, px, py, pz) with metric (+,-,-,-), in GeV.
//
// BasicFourVector<T> is a template on the real type so that amplitude code can run in long double
// or __float128 on the host (a high-precision reference); FourVector = BasicFourVector<real_type>
// is the four-vector of all physics. Arithmetic, dot, mass2 and p2 are generic; the other
// functions (angles, boosts) are for FourVector only.
#pragma once

#include <cmath>
#include <type_traits>

#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"

namespace fathom
{
template<class T = real_type>
struct BasicFourVector
{
    using value_type = T;

    T e{0}, px{0}, py{0}, pz{0};

    FATHOM_FORCEINLINE_FUNCTION BasicFourVector& operator+=(BasicFourVector const& o)
    {
        e += o.e; px += o.px; py += o.py; pz += o.pz;
        return *this;
    }
    FATHOM_FORCEINLINE_FUNCTION BasicFourVector& operator-=(BasicFourVector const& o)
    {
        e -= o.e; px -= o.px; py -= o.py; pz -= o.pz;
        return *this;
    }
    FATHOM_FORCEINLINE_FUNCTION BasicFourVector& operator*=(T a)
    {
        e *= a; px *= a; py *= a; pz *= a;
        return *this;
    }
};

//! The four-vector of all physics code.
using FourVector = BasicFourVector<real_type>;

/*!
 * A four-vector parameter of a function template that takes no part in deducing T (a non-deduced
 * context): T comes from the other arguments or defaults to real_type, so that braced lists and
 * conversions to FourVector work as for a plain function; other real types pass T explicitly,
 * e.g. polarization_vector<long double>(k, 1).
 */
template<class T = real_type>
using FourVectorArg = std::type_identity_t<BasicFourVector<T>>;

template<class T>
FATHOM_FORCEINLINE_FUNCTION BasicFourVector<T> operator+(BasicFourVector<T> a, BasicFourVector<T> const& b)
{
    return a += b;
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION BasicFourVector<T> operator-(BasicFourVector<T> a, BasicFourVector<T> const& b)
{
    return a -= b;
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION BasicFourVector<T> operator*(std::type_identity_t<T> s, BasicFourVector<T> a)
{
    return a *= s;
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION BasicFourVector<T> operator-(BasicFourVector<T> a)
{
    return a *= T(-1);
}

//! Minkowski product a.b = a0 b0 - a.b (3-vector)
template<class T>
FATHOM_FORCEINLINE_FUNCTION T dot(BasicFourVector<T> const& a, BasicFourVector<T> const& b)
{
    return a.e * b.e - a.px * b.px - a.py * b.py - a.pz * b.pz;
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION T mass2(BasicFourVector<T> const& p)
{
    return dot(p, p);
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION T p2(BasicFourVector<T> const& p)
{
    return p.px * p.px + p.py * p.py + p.pz * p.pz;
}
// FourVector overloads of the generic functions (so that arguments converting to FourVector, e.g.
// braced lists, keep working as before the template).
FATHOM_FORCEINLINE_FUNCTION real_type dot(FourVector const& a, FourVector const& b)
{
    return dot<real_type>(a, b);
}
FATHOM_FORCEINLINE_FUNCTION real_type mass2(FourVector const& p) { return mass2<real_type>(p); }
FATHOM_FORCEINLINE_FUNCTION real_type p2(FourVector const& p) { return p2<real_type>(p); }

//! Invariant mass, with a negative sign for space-like vectors (so rounding below zero is visible).
FATHOM_FORCEINLINE_FUNCTION real_type mass(FourVector const& p)
{
    real_type m2 = mass2(p);
    return m2 >= 0 ? std::sqrt(m2) : -std::sqrt(-m2);
}
FATHOM_FORCEINLINE_FUNCTION real_type pabs(FourVector const& p) { return std::sqrt(p2(p)); }
FATHOM_FORCEINLINE_FUNCTION real_type pt(FourVector const& p)
{
    return std::sqrt(p.px * p.px + p.py * p.py);
}
//! cos of the polar angle to +z (the e- beam direction); 1 for a null 3-vector.
FATHOM_FORCEINLINE_FUNCTION real_type cos_theta(FourVector const& p)
{
    real_type a = pabs(p);
    return a > 0 ? p.pz / a : real_type(1);
}
//! Polar angle in [0, pi], computed with atan2 so that it stays accurate near the beams.
FATHOM_FORCEINLINE_FUNCTION real_type theta(FourVector const& p)
{
    return std::atan2(pt(p), p.pz);
}
//! Azimuth in (-pi, pi].
FATHOM_FORCEINLINE_FUNCTION real_type phi(FourVector const& p) { return std::atan2(p.py, p.px); }
//! Rapidity y = 1/2 ln((E + pz) / (E - pz)).
FATHOM_FORCEINLINE_FUNCTION real_type rapidity(FourVector const& p)
{
    return real_type(0.5) * std::log((p.e + p.pz) / (p.e - p.pz));
}
//! Cosine of the opening angle between the 3-momenta of a and b.
FATHOM_FORCEINLINE_FUNCTION real_type cos_opening(FourVector const& a, FourVector const& b)
{
    real_type d = a.px * b.px + a.py * b.py + a.pz * b.pz;
    return d / std::sqrt(p2(a) * p2(b));
}

//! Boost of p by velocity (bx, by, bz): p is given in the frame moving with -beta.
FATHOM_FUNCTION inline FourVector
boost(FourVector const& p, real_type bx, real_type by, real_type bz)
{
    real_type b2 = bx * bx + by * by + bz * bz;
    if (b2 <= 0)
        return p;
    real_type gamma = 1 / std::sqrt(1 - b2);
    real_type bp = bx * p.px + by * p.py + bz * p.pz;
    real_type g2 = (gamma - 1) / b2;
    real_type f = g2 * bp + gamma * p.e;
    return {gamma * (p.e + bp), p.px + f * bx, p.py + f * by, p.pz + f * bz};
}
}  // namespace fathom
