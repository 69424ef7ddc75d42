// Off-shell wavefunctions: a vertex with one leg open, continued by that leg's propagator.
//
// These are the shared sub-expressions of tree amplitudes. A process is assembled by building each
// off-shell wavefunction once per helicity configuration of the external legs it depends on and
// closing diagrams with vertex_amplitude; e.g. for e+e- -> e+e- gamma gamma, the 40 diagrams reuse a
// few currents (the four external spinors each dressed with 0, 1 or 2 photons, and the photon
// currents of the two fermion lines), instead of recomputing every chain from scratch.
//
// Momentum conventions: a boson's q may point either way (its propagators are even in q). A
// fermion propagator's q points along the fermion-flow arrow (from the column end of the chain to
// the row end). Along the arrow an external fermion (u, ubar) carries +p and an external
// antifermion (v, vbar) carries -p; a vertex adds the momenta flowing into it. E.g.
//   u(p) absorbing k: q = p + k;   u(p) emitting k: q = p - k;   ubar(p') after emitting k: q = p' + k;
//   vbar(p) of an incoming antifermion emitting k: q = k - p;   v(p') absorbing k: q = k - p'.
// Templates on the real type T (see Complex.hh).
#pragma once

#include "fathom/base/Macros.hh"
#include "fathom/kinematics/FourVector.hh"

#include "ChiralCoupling.hh"
#include "ComplexFourVector.hh"
#include "FermionVectorVertex.hh"
#include "Propagators.hh"
#include "Spinor.hh"

namespace fathom
{
//! Vector boson of momentum q emitted by the fermion pair (b, s): the propagated vertex current.
template<class T, class VectorPropagator>
FATHOM_FORCEINLINE_FUNCTION BasicComplexFourVector<T> off_shell_vector(BasicBarSpinor<T> const& b,
                                                                       BasicSpinor<T> const& s,
                                                                       BasicChiralCoupling<T> const& g,
                                                                       FourVectorArg<T> const& q,
                                                                       VectorPropagator const& propagate)
{
    return propagate(vertex_vector_current(b, s, g), q);
}

//! Fermion line s after a vertex with the vector v, propagating with momentum q (column).
template<class T>
FATHOM_FORCEINLINE_FUNCTION BasicSpinor<T> off_shell_fermion(BasicComplexFourVector<T> const& v,
                                                             BasicSpinor<T> const& s,
                                                             BasicChiralCoupling<T> const& g,
                                                             FourVectorArg<T> const& q,
                                                             BasicFermionPropagator<T> const& propagate)
{
    return propagate(vertex_spinor(v, s, g), q);
}

//! Fermion line b before a vertex with the vector v, propagating with momentum q (row).
template<class T>
FATHOM_FORCEINLINE_FUNCTION BasicBarSpinor<T> off_shell_fermion(BasicBarSpinor<T> const& b,
                                                                BasicComplexFourVector<T> const& v,
                                                                BasicChiralCoupling<T> const& g,
                                                                FourVectorArg<T> const& q,
                                                                BasicFermionPropagator<T> const& propagate)
{
    return propagate(vertex_bar_spinor(b, v, g), q);
}
}  // namespace fathom
