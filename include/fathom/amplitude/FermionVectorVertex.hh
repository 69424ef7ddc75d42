// The fermion-fermion-vector vertex  -i gamma^mu (left P_L + right P_R)  (ChiralCoupling.hh),
// with one of its three legs left open (amputated) or all three closed (an amplitude).
//
// Leaving a leg open and then applying a propagator (Propagators.hh) builds off-shell wavefunctions;
// closing the last vertex of a diagram gives its amplitude i M (up to the Fermi sign).
// Templates on the real type T (see Complex.hh).
#pragma once

#include "fathom/base/Complex.hh"
#include "fathom/base/Macros.hh"

#include "ChiralCoupling.hh"
#include "ComplexFourVector.hh"
#include "DiracAlgebra.hh"
#include "Spinor.hh"

namespace fathom
{
//! Vector leg open: -i psibar gamma^mu (left P_L + right P_R) psi' (upper index mu).
template<class T>
FATHOM_FORCEINLINE_FUNCTION BasicComplexFourVector<T>
vertex_vector_current(BasicBarSpinor<T> const& b, BasicSpinor<T> const& s, BasicChiralCoupling<T> const& g)
{
    BasicComplexFourVector<T> j = vector_bilinear(b, s, g);
    for (int mu = 0; mu < 4; ++mu)
        j.c[mu] = times_minus_i(j.c[mu]);
    return j;
}

//! All legs closed: -i psibar Vslash (left P_L + right P_R) psi'.
template<class T>
FATHOM_FORCEINLINE_FUNCTION BasicComplex<T> vertex_amplitude(BasicBarSpinor<T> const& b,
                                                          BasicSpinor<T> const& s,
                                                          BasicComplexFourVector<T> const& v,
                                                          BasicChiralCoupling<T> const& g)
{
    return times_minus_i(b * slash(v, chiral_weight(g, s)));
}

//! Outgoing fermion leg open: -i Vslash (left P_L + right P_R) psi (a column, before its propagator).
template<class T>
FATHOM_FORCEINLINE_FUNCTION BasicSpinor<T>
vertex_spinor(BasicComplexFourVector<T> const& v, BasicSpinor<T> const& s, BasicChiralCoupling<T> const& g)
{
    BasicSpinor<T> r = slash(v, chiral_weight(g, s));
    for (int i = 0; i < 4; ++i)
        r.c[i] = times_minus_i(r.c[i]);
    return r;
}

//! Incoming fermion leg open: -i psibar Vslash (left P_L + right P_R) (a row, before its propagator).
template<class T>
FATHOM_FORCEINLINE_FUNCTION BasicBarSpinor<T>
vertex_bar_spinor(BasicBarSpinor<T> const& b, BasicComplexFourVector<T> const& v, BasicChiralCoupling<T> const& g)
{
    BasicBarSpinor<T> r = chiral_weight(slash(b, v), g);
    for (int i = 0; i < 4; ++i)
        r.c[i] = times_minus_i(r.c[i]);
    return r;
}
}  // namespace fathom
