// Dirac spinors in the chiral (Weyl) representation.
//
// Representation (as HELAS and Peskin-Schroeder, upper half left-handed):
//   gamma^0 = [[0, 1], [1, 0]],  gamma^k = [[0, sigma^k], [-sigma^k, 0]],
//   gamma^5 = diag(-1, -1, +1, +1),  P_L = (1 - gamma^5)/2 keeps components 0,1, P_R keeps 2,3.
// so that gamma^mu = [[0, sigma^mu], [sigmabar^mu, 0]], sigma^mu = (1, sigma), sigmabar^mu = (1, -sigma).
//
// Two types keep the fermion flow explicit and make "row times column" the only contraction:
// - Spinor: a column (ket), u(p) of an incoming fermion or v(p) of an outgoing antifermion, or an
//   off-shell fermion line flowing into a vertex;
// - BarSpinor: a row (bra), stored with gamma^0 and the conjugation already applied
//   (ubar = u^dagger gamma^0), so that bra * ket = sum_i bra[i] ket[i].
// Both are templates on the real type (see Complex.hh); Spinor, BarSpinor are the real_type ones.
#pragma once

#include "fathom/base/Complex.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"

namespace fathom
{
//! Column Dirac spinor: components 0,1 left-handed, 2,3 right-handed.
template<class T = real_type>
struct BasicSpinor
{
    using value_type = T;

    BasicComplex<T> c[4];

    FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex<T>& operator[](size_type i) { return c[i]; }
    FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex<T> const& operator[](size_type i) const { return c[i]; }
};

//! Row Dirac spinor (psibar = psi^dagger gamma^0), same component order.
template<class T = real_type>
struct BasicBarSpinor
{
    using value_type = T;

    BasicComplex<T> c[4];

    FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex<T>& operator[](size_type i) { return c[i]; }
    FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex<T> const& operator[](size_type i) const { return c[i]; }
};

using Spinor = BasicSpinor<real_type>;
using BarSpinor = BasicBarSpinor<real_type>;

//! psibar = psi^dagger gamma^0: gamma^0 swaps the chiral halves.
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicBarSpinor<T> dirac_adjoint(BasicSpinor<T> const& s)
{
    return {{conj(s.c[2]), conj(s.c[3]), conj(s.c[0]), conj(s.c[1])}};
}
//! The column whose adjoint is b (inverse of dirac_adjoint).
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicSpinor<T> dirac_adjoint(BasicBarSpinor<T> const& b)
{
    return {{conj(b.c[2]), conj(b.c[3]), conj(b.c[0]), conj(b.c[1])}};
}

//! Scalar bilinear bra * ket.
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex<T> operator*(BasicBarSpinor<T> const& b, BasicSpinor<T> const& s)
{
    return b.c[0] * s.c[0] + b.c[1] * s.c[1] + b.c[2] * s.c[2] + b.c[3] * s.c[3];
}

template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicSpinor<T> operator+(BasicSpinor<T> a, BasicSpinor<T> const& b)
{
    for (int i = 0; i < 4; ++i)
        a.c[i] += b.c[i];
    return a;
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicBarSpinor<T> operator+(BasicBarSpinor<T> a, BasicBarSpinor<T> const& b)
{
    for (int i = 0; i < 4; ++i)
        a.c[i] += b.c[i];
    return a;
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicSpinor<T> operator*(BasicComplex<T> const& z, BasicSpinor<T> a)
{
    for (int i = 0; i < 4; ++i)
        a.c[i] *= z;
    return a;
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicBarSpinor<T> operator*(BasicComplex<T> const& z, BasicBarSpinor<T> a)
{
    for (int i = 0; i < 4; ++i)
        a.c[i] *= z;
    return a;
}
}  // namespace fathom
