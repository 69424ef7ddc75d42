// Complex Lorentz vector: polarisation vectors, fermion currents and off-shell vector bosons.
//
// Components are contravariant, V^mu = (V^0, V^1, V^2, V^3), metric (+,-,-,-) as FourVector.
// A template on the real type (see Complex.hh); ComplexFourVector is the real_type instance.
#pragma once

#include <type_traits>

#include "fathom/base/Complex.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"
#include "fathom/kinematics/FourVector.hh"

namespace fathom
{
template<class T = real_type>
struct BasicComplexFourVector
{
    using value_type = T;

    BasicComplex<T> c[4];

    FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex<T>& operator[](size_type mu) { return c[mu]; }
    FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex<T> const& operator[](size_type mu) const { return c[mu]; }

    FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplexFourVector& operator+=(BasicComplexFourVector const& o)
    {
        for (int mu = 0; mu < 4; ++mu)
            c[mu] += o.c[mu];
        return *this;
    }
    FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplexFourVector& operator-=(BasicComplexFourVector const& o)
    {
        for (int mu = 0; mu < 4; ++mu)
            c[mu] -= o.c[mu];
        return *this;
    }
    FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplexFourVector& operator*=(BasicComplex<T> const& s)
    {
        for (int mu = 0; mu < 4; ++mu)
            c[mu] *= s;
        return *this;
    }
    FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplexFourVector& operator*=(T s)
    {
        for (int mu = 0; mu < 4; ++mu)
            c[mu] *= s;
        return *this;
    }
};

using ComplexFourVector = BasicComplexFourVector<real_type>;

template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplexFourVector<T>
operator+(BasicComplexFourVector<T> a, BasicComplexFourVector<T> const& b) { return a += b; }
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplexFourVector<T>
operator-(BasicComplexFourVector<T> a, BasicComplexFourVector<T> const& b) { return a -= b; }
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplexFourVector<T>
operator*(BasicComplex<T> const& s, BasicComplexFourVector<T> a) { return a *= s; }
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplexFourVector<T>
operator*(std::type_identity_t<T> s, BasicComplexFourVector<T> a) { return a *= s; }

//! Real four-vector as a complex one (e.g. a momentum in place of a polarisation: gauge checks).
template<class T = real_type>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplexFourVector<T> to_complex(FourVectorArg<T> const& p)
{
    return {{{p.e, 0}, {p.px, 0}, {p.py, 0}, {p.pz, 0}}};
}

//! Componentwise complex conjugate (outgoing polarisation vectors are eps^*).
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplexFourVector<T> conj(BasicComplexFourVector<T> const& a)
{
    return {{conj(a.c[0]), conj(a.c[1]), conj(a.c[2]), conj(a.c[3])}};
}

//! Bilinear Minkowski product a.b (no conjugation: contraction of Lorentz indices).
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex<T>
dot(BasicComplexFourVector<T> const& a, BasicComplexFourVector<T> const& b)
{
    return a.c[0] * b.c[0] - a.c[1] * b.c[1] - a.c[2] * b.c[2] - a.c[3] * b.c[3];
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex<T>
dot(BasicComplexFourVector<T> const& a, FourVectorArg<T> const& p)
{
    return a.c[0] * p.e - a.c[1] * p.px - a.c[2] * p.py - a.c[3] * p.pz;
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex<T>
dot(FourVectorArg<T> const& p, BasicComplexFourVector<T> const& a)
{
    return dot(a, p);
}
}  // namespace fathom
