// Complex Lorentz vector: polarisation vectors, fermion currents and off-shell vector bosons.
//
// Components are contravariant, V^mu = (V^0, V^1, V^2, V^3), metric (+,-,-,-) as FourVector.
#pragma once

#include "fathom/base/Complex.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"
#include "fathom/kinematics/FourVector.hh"

namespace fathom
{
struct ComplexFourVector
{
    Complex c[4];

    FATHOM_FORCEINLINE_FUNCTION constexpr Complex& operator[](size_type mu) { return c[mu]; }
    FATHOM_FORCEINLINE_FUNCTION constexpr Complex const& operator[](size_type mu) const { return c[mu]; }

    FATHOM_FORCEINLINE_FUNCTION constexpr ComplexFourVector& operator+=(ComplexFourVector const& o)
    {
        for (int mu = 0; mu < 4; ++mu)
            c[mu] += o.c[mu];
        return *this;
    }
    FATHOM_FORCEINLINE_FUNCTION constexpr ComplexFourVector& operator-=(ComplexFourVector const& o)
    {
        for (int mu = 0; mu < 4; ++mu)
            c[mu] -= o.c[mu];
        return *this;
    }
    FATHOM_FORCEINLINE_FUNCTION constexpr ComplexFourVector& operator*=(Complex const& s)
    {
        for (int mu = 0; mu < 4; ++mu)
            c[mu] *= s;
        return *this;
    }
    FATHOM_FORCEINLINE_FUNCTION constexpr ComplexFourVector& operator*=(real_type s)
    {
        for (int mu = 0; mu < 4; ++mu)
            c[mu] *= s;
        return *this;
    }
};

FATHOM_FORCEINLINE_FUNCTION constexpr ComplexFourVector
operator+(ComplexFourVector a, ComplexFourVector const& b) { return a += b; }
FATHOM_FORCEINLINE_FUNCTION constexpr ComplexFourVector
operator-(ComplexFourVector a, ComplexFourVector const& b) { return a -= b; }
FATHOM_FORCEINLINE_FUNCTION constexpr ComplexFourVector
operator*(Complex const& s, ComplexFourVector a) { return a *= s; }
FATHOM_FORCEINLINE_FUNCTION constexpr ComplexFourVector
operator*(real_type s, ComplexFourVector a) { return a *= s; }

//! Real four-vector as a complex one (e.g. a momentum in place of a polarisation: gauge checks).
FATHOM_FORCEINLINE_FUNCTION constexpr ComplexFourVector to_complex(FourVector const& p)
{
    return {{{p.e, 0}, {p.px, 0}, {p.py, 0}, {p.pz, 0}}};
}

//! Componentwise complex conjugate (outgoing polarisation vectors are eps^*).
FATHOM_FORCEINLINE_FUNCTION constexpr ComplexFourVector conj(ComplexFourVector const& a)
{
    return {{conj(a.c[0]), conj(a.c[1]), conj(a.c[2]), conj(a.c[3])}};
}

//! Bilinear Minkowski product a.b (no conjugation: contraction of Lorentz indices).
FATHOM_FORCEINLINE_FUNCTION constexpr Complex dot(ComplexFourVector const& a, ComplexFourVector const& b)
{
    return a.c[0] * b.c[0] - a.c[1] * b.c[1] - a.c[2] * b.c[2] - a.c[3] * b.c[3];
}
FATHOM_FORCEINLINE_FUNCTION constexpr Complex dot(ComplexFourVector const& a, FourVector const& p)
{
    return a.c[0] * p.e - a.c[1] * p.px - a.c[2] * p.py - a.c[3] * p.pz;
}
FATHOM_FORCEINLINE_FUNCTION constexpr Complex dot(FourVector const& p, ComplexFourVector const& a)
{
    return dot(a, p);
}
}  // namespace fathom
