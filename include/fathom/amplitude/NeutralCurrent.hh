// Neutral-current exchange: a fermion pair's currents for the photon and the Z together.
//
// Every photon exchanged between fermion lines comes with a Z when Z exchange is on, with the
// same spinors and only other couplings; the chiral bilinears are computed once for both. An
// exchange between two fermion pairs is then  J_1 . D(q) . J_2 : one pair's current propagated,
// contracted with the other's amputated current (equal to closing the second vertex with
// vertex_amplitude, FermionVectorVertex.hh).
#pragma once

#include "fathom/base/Complex.hh"
#include "fathom/base/Macros.hh"
#include "fathom/kinematics/FourVector.hh"

#include "ChiralCoupling.hh"
#include "ComplexFourVector.hh"
#include "DiracAlgebra.hh"
#include "Propagators.hh"
#include "Spinor.hh"

namespace fathom
{
//! Couplings of one fermion species to the neutral bosons.
struct NeutralCouplings
{
    ChiralCoupling photon;
    ChiralCoupling z;
    bool with_z{false};  //!< false: photon exchange only (the z members are then unused)
};

//! Amputated vertex currents -i psibar gamma^mu (l P_L + r P_R) psi' for the photon and the Z
//! (or, after NeutralPropagator, the off-shell bosons they emit).
struct NeutralCurrent
{
    ComplexFourVector photon;
    ComplexFourVector z;  //!< zero without Z exchange
};

namespace detail
{
FATHOM_FORCEINLINE_FUNCTION ComplexFourVector
weighted_current(ChiralCoupling const& g, ComplexFourVector const& left, ComplexFourVector const& right)
{
    ComplexFourVector j;
    for (int mu = 0; mu < 4; ++mu)
        j.c[mu] = times_minus_i(g.left * left.c[mu] + g.right * right.c[mu]);
    return j;
}
}  // namespace detail

//! Currents of the pair (b, s) for the photon and, if enabled, the Z.
FATHOM_FORCEINLINE_FUNCTION NeutralCurrent
neutral_current(BarSpinor const& b, Spinor const& s, NeutralCouplings const& g)
{
    ComplexFourVector const left = left_vector_bilinear(b, s);
    ComplexFourVector const right = right_vector_bilinear(b, s);
    NeutralCurrent j{detail::weighted_current(g.photon, left, right), ComplexFourVector{}};
    if (g.with_z)
        j.z = detail::weighted_current(g.z, left, right);
    return j;
}

//! Photon (Feynman gauge) and Z (unitary gauge, fixed width) propagators applied together.
struct NeutralPropagator
{
    MassiveVectorPropagator z;
    bool with_z{false};

    FATHOM_FORCEINLINE_FUNCTION NeutralCurrent operator()(NeutralCurrent const& j, FourVector const& q) const
    {
        NeutralCurrent v{PhotonPropagator{}(j.photon, q), ComplexFourVector{}};
        if (with_z)
            v.z = z(j.z, q);
        return v;
    }
};

//! Amplitude of a neutral-boson exchange: propagated bosons of one pair times the other's currents.
FATHOM_FORCEINLINE_FUNCTION Complex
exchange_amplitude(NeutralCurrent const& propagated, NeutralCurrent const& current, bool with_z)
{
    Complex a = dot(propagated.photon, current.photon);
    if (with_z)
        a += dot(propagated.z, current.z);
    return a;
}
}  // namespace fathom
