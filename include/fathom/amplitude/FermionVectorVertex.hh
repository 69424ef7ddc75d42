// The fermion-fermion-vector vertex  -i gamma^mu (left P_L + right P_R)  (ChiralCoupling.hh),
// with one of its three legs left open (amputated) or all three closed (an amplitude).
//
// Leaving a leg open and then applying a propagator (Propagators.hh) builds off-shell wavefunctions;
// closing the last vertex of a diagram gives its amplitude i M (up to the Fermi sign).
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
FATHOM_FORCEINLINE_FUNCTION ComplexFourVector
vertex_vector_current(BarSpinor const& b, Spinor const& s, ChiralCoupling const& g)
{
    ComplexFourVector j = vector_bilinear(b, s, g);
    for (int mu = 0; mu < 4; ++mu)
        j.c[mu] = times_minus_i(j.c[mu]);
    return j;
}

//! All legs closed: -i psibar Vslash (left P_L + right P_R) psi'.
FATHOM_FORCEINLINE_FUNCTION Complex
vertex_amplitude(BarSpinor const& b, Spinor const& s, ComplexFourVector const& v, ChiralCoupling const& g)
{
    return times_minus_i(b * slash(v, chiral_weight(g, s)));
}

//! Outgoing fermion leg open: -i Vslash (left P_L + right P_R) psi (a column, before its propagator).
FATHOM_FORCEINLINE_FUNCTION Spinor
vertex_spinor(ComplexFourVector const& v, Spinor const& s, ChiralCoupling const& g)
{
    Spinor r = slash(v, chiral_weight(g, s));
    for (int i = 0; i < 4; ++i)
        r.c[i] = times_minus_i(r.c[i]);
    return r;
}

//! Incoming fermion leg open: -i psibar Vslash (left P_L + right P_R) (a row, before its propagator).
FATHOM_FORCEINLINE_FUNCTION BarSpinor
vertex_bar_spinor(BarSpinor const& b, ComplexFourVector const& v, ChiralCoupling const& g)
{
    BarSpinor r = chiral_weight(slash(b, v), g);
    for (int i = 0; i < 4; ++i)
        r.c[i] = times_minus_i(r.c[i]);
    return r;
}
}  // namespace fathom
