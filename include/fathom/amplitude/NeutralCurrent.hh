// Neutral-current exchange: a fermion pair's currents for the photon and the Z together.
//
// Every photon exchanged between fermion lines comes with a Z when Z exchange is on, with the
// same spinors and only other couplings; the chiral bilinears are computed once for both. An
// exchange between two fermion pairs is then  J_1 . D(q) . J_2 : one pair's current propagated,
// contracted with the other's amputated current (equal to closing the second vertex with
// vertex_amplitude, FermionVectorVertex.hh).
// Templates on the real type T (see Complex.hh); NeutralCouplings, NeutralCurrent and
// NeutralPropagator are the real_type instances.
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
template<class T = real_type>
struct BasicNeutralCouplings
{
    BasicChiralCoupling<T> photon;
    BasicChiralCoupling<T> z;
    bool with_z{false};  //!< false: photon exchange only (the z members are then unused)
};
using NeutralCouplings = BasicNeutralCouplings<real_type>;

//! Amputated vertex currents -i psibar gamma^mu (l P_L + r P_R) psi' for the photon and the Z
//! (or, after NeutralPropagator, the off-shell bosons they emit).
template<class T = real_type>
struct BasicNeutralCurrent
{
    BasicComplexFourVector<T> photon;
    BasicComplexFourVector<T> z;  //!< zero without Z exchange
};
using NeutralCurrent = BasicNeutralCurrent<real_type>;

namespace detail
{
template<class T>
FATHOM_FORCEINLINE_FUNCTION BasicComplexFourVector<T> weighted_current(BasicChiralCoupling<T> const& g,
                                                                       BasicComplexFourVector<T> const& left,
                                                                       BasicComplexFourVector<T> const& right)
{
    BasicComplexFourVector<T> j;
    for (int mu = 0; mu < 4; ++mu)
        j.c[mu] = times_minus_i(g.left * left.c[mu] + g.right * right.c[mu]);
    return j;
}
}  // namespace detail

//! Currents of the pair (b, s) for the photon and, if enabled, the Z.
template<class T>
FATHOM_FORCEINLINE_FUNCTION BasicNeutralCurrent<T>
neutral_current(BasicBarSpinor<T> const& b, BasicSpinor<T> const& s, BasicNeutralCouplings<T> const& g)
{
    BasicComplexFourVector<T> const left = left_vector_bilinear(b, s);
    BasicComplexFourVector<T> const right = right_vector_bilinear(b, s);
    BasicNeutralCurrent<T> j{detail::weighted_current(g.photon, left, right), BasicComplexFourVector<T>{}};
    if (g.with_z)
        j.z = detail::weighted_current(g.z, left, right);
    return j;
}

//! Photon (Feynman gauge) and Z (unitary gauge, fixed width) propagators applied together.
template<class T = real_type>
struct BasicNeutralPropagator
{
    BasicMassiveVectorPropagator<T> z;
    bool with_z{false};

    FATHOM_FORCEINLINE_FUNCTION BasicNeutralCurrent<T>
    operator()(BasicNeutralCurrent<T> const& j, BasicFourVector<T> const& q) const
    {
        return (*this)(j, q, mass2(q));
    }

    //! The same with q^2 given by the caller (q enters the Z numerator only).
    FATHOM_FORCEINLINE_FUNCTION BasicNeutralCurrent<T>
    operator()(BasicNeutralCurrent<T> const& j, BasicFourVector<T> const& q, T q2) const
    {
        BasicNeutralCurrent<T> v{PhotonPropagator{}(j.photon, q, q2), BasicComplexFourVector<T>{}};
        if (with_z)
            v.z = z(j.z, q, q2);
        return v;
    }
};
using NeutralPropagator = BasicNeutralPropagator<real_type>;

//! Amplitude of a neutral-boson exchange: propagated bosons of one pair times the other's currents.
template<class T>
FATHOM_FORCEINLINE_FUNCTION BasicComplex<T>
exchange_amplitude(BasicNeutralCurrent<T> const& propagated, BasicNeutralCurrent<T> const& current, bool with_z)
{
    BasicComplex<T> a = dot(propagated.photon, current.photon);
    if (with_z)
        a += dot(propagated.z, current.z);
    return a;
}
}  // namespace fathom
