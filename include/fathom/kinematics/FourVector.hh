// Minkowski four-vectors (E, px, py, pz) with metric (+,-,-,-), in GeV.
#pragma once

#include <cmath>

#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"

namespace fathom
{
struct FourVector
{
    real_type e{0}, px{0}, py{0}, pz{0};

    FATHOM_FORCEINLINE_FUNCTION FourVector& operator+=(FourVector const& o)
    {
        e += o.e; px += o.px; py += o.py; pz += o.pz;
        return *this;
    }
    FATHOM_FORCEINLINE_FUNCTION FourVector& operator-=(FourVector const& o)
    {
        e -= o.e; px -= o.px; py -= o.py; pz -= o.pz;
        return *this;
    }
    FATHOM_FORCEINLINE_FUNCTION FourVector& operator*=(real_type a)
    {
        e *= a; px *= a; py *= a; pz *= a;
        return *this;
    }
};

FATHOM_FORCEINLINE_FUNCTION FourVector operator+(FourVector a, FourVector const& b) { return a += b; }
FATHOM_FORCEINLINE_FUNCTION FourVector operator-(FourVector a, FourVector const& b) { return a -= b; }
FATHOM_FORCEINLINE_FUNCTION FourVector operator*(real_type s, FourVector a) { return a *= s; }
FATHOM_FORCEINLINE_FUNCTION FourVector operator-(FourVector a) { return a *= real_type(-1); }

//! Minkowski product a.b = a0 b0 - a.b (3-vector)
FATHOM_FORCEINLINE_FUNCTION real_type dot(FourVector const& a, FourVector const& b)
{
    return a.e * b.e - a.px * b.px - a.py * b.py - a.pz * b.pz;
}
FATHOM_FORCEINLINE_FUNCTION real_type mass2(FourVector const& p) { return dot(p, p); }
//! Invariant mass, with a negative sign for space-like vectors (so rounding below zero is visible).
FATHOM_FORCEINLINE_FUNCTION real_type mass(FourVector const& p)
{
    real_type m2 = mass2(p);
    return m2 >= 0 ? std::sqrt(m2) : -std::sqrt(-m2);
}
FATHOM_FORCEINLINE_FUNCTION real_type p2(FourVector const& p)
{
    return p.px * p.px + p.py * p.py + p.pz * p.pz;
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
