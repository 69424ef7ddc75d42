// Propagators, applied to the amputated current or spinor they continue (HELAS-style: a propagator
// turns an amputated vertex into an off-shell wavefunction that the next vertex consumes).
//
// Feynman rules, including their factors of i (so that diagrams of any topology have consistent
// phases):
//   photon, Feynman gauge:          -i g_{mu nu} / q^2
//   massive vector, unitary gauge:  -i (g_{mu nu} - q_mu q_nu / M^2) / (q^2 - M^2 + i M Gamma)
//   fermion (q along the arrow):     i (qslash + m) / (q^2 - m^2 + i m Gamma)
// The width is kept in every channel (s and t), as in the reference data (fixed-width scheme, real
// M^2 in the numerator); a width in a t-channel propagator is a convention, not physics.
//
// Each propagator also takes the invariant of its denominator from the caller (q^2, or q^2 - m^2
// for a fermion): where q is a sum of nearly collinear momenta, q^2 formed from q's components
// loses digits that the caller can keep by forming it from invariants (StableInvariants.hh).
// Templates on the real type T (see Complex.hh); FermionPropagator and MassiveVectorPropagator are
// the real_type instances.
#pragma once

#include <type_traits>

#include "fathom/base/Complex.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"
#include "fathom/kinematics/FourVector.hh"

#include "ComplexFourVector.hh"
#include "DiracAlgebra.hh"
#include "Spinor.hh"

namespace fathom
{
//! Massless vector boson in Feynman gauge: V^mu = -i J^mu / q^2.
struct PhotonPropagator
{
    template<class T>
    FATHOM_FORCEINLINE_FUNCTION BasicComplexFourVector<T>
    operator()(BasicComplexFourVector<T> const& current, FourVectorArg<T> const& q) const
    {
        return (*this)(current, q, mass2(q));
    }

    //! The same with q^2 given (q itself is not needed in Feynman gauge).
    template<class T>
    FATHOM_FORCEINLINE_FUNCTION BasicComplexFourVector<T>
    operator()(BasicComplexFourVector<T> const& current, FourVectorArg<T> const&, std::type_identity_t<T> q2) const
    {
        T const inv_q2 = 1 / q2;
        BasicComplexFourVector<T> v;
        for (int mu = 0; mu < 4; ++mu)
            v.c[mu] = times_minus_i(current.c[mu]) * inv_q2;
        return v;
    }
};

//! Massive vector boson (Z, W) in unitary gauge with a fixed width.
template<class T = real_type>
struct BasicMassiveVectorPropagator
{
    T mass{0};
    T width{0};

    //! V^mu = -i (J^mu - q^mu (q.J) / M^2) / (q^2 - M^2 + i M Gamma)
    FATHOM_FORCEINLINE_FUNCTION BasicComplexFourVector<T>
    operator()(BasicComplexFourVector<T> const& current, BasicFourVector<T> const& q) const
    {
        return (*this)(current, q, mass2(q));
    }

    //! The same with q^2 given by the caller (q enters the numerator only).
    FATHOM_FORCEINLINE_FUNCTION BasicComplexFourVector<T>
    operator()(BasicComplexFourVector<T> const& current, BasicFourVector<T> const& q, T q2) const
    {
        T const m2 = mass * mass;
        BasicComplex<T> const factor = BasicComplex<T>{0, -1} / BasicComplex<T>{q2 - m2, mass * width};
        BasicComplex<T> const qj_over_m2 = dot(current, q) * (1 / m2);
        BasicComplexFourVector<T> const qv = to_complex<T>(q);
        BasicComplexFourVector<T> v;
        for (int mu = 0; mu < 4; ++mu)
            v.c[mu] = (current.c[mu] - qj_over_m2 * qv.c[mu]) * factor;
        return v;
    }
};
using MassiveVectorPropagator = BasicMassiveVectorPropagator<real_type>;

//! Dirac fermion with momentum q along the fermion-flow arrow.
template<class T = real_type>
struct BasicFermionPropagator
{
    T mass{0};
    T width{0};

    FATHOM_FORCEINLINE_FUNCTION BasicComplex<T> denominator_factor(BasicFourVector<T> const& q) const
    {
        return this->factor_from_offshellness(mass2(q) - mass * mass);
    }

    //! i / (q^2 - m^2 + i m Gamma) from q^2 - m^2 given by the caller.
    FATHOM_FORCEINLINE_FUNCTION BasicComplex<T> factor_from_offshellness(T q2_minus_m2) const
    {
        return BasicComplex<T>{0, 1} / BasicComplex<T>{q2_minus_m2, mass * width};
    }

    //! i (qslash + m) psi / (q^2 - m^2 + i m Gamma): continues a line that flows into a vertex.
    FATHOM_FORCEINLINE_FUNCTION BasicSpinor<T> operator()(BasicSpinor<T> const& s, BasicFourVector<T> const& q) const
    {
        return this->apply(s, q, this->denominator_factor(q));
    }

    //! psibar i (qslash + m) / (q^2 - m^2 + i m Gamma): continues a line that flows out of a vertex.
    FATHOM_FORCEINLINE_FUNCTION BasicBarSpinor<T>
    operator()(BasicBarSpinor<T> const& b, BasicFourVector<T> const& q) const
    {
        return this->apply(b, q, this->denominator_factor(q));
    }

    //! The same two with q^2 - m^2 given by the caller (q enters the numerator only).
    FATHOM_FORCEINLINE_FUNCTION BasicSpinor<T>
    operator()(BasicSpinor<T> const& s, BasicFourVector<T> const& q, T q2_minus_m2) const
    {
        return this->apply(s, q, this->factor_from_offshellness(q2_minus_m2));
    }
    FATHOM_FORCEINLINE_FUNCTION BasicBarSpinor<T>
    operator()(BasicBarSpinor<T> const& b, BasicFourVector<T> const& q, T q2_minus_m2) const
    {
        return this->apply(b, q, this->factor_from_offshellness(q2_minus_m2));
    }

  private:
    FATHOM_FORCEINLINE_FUNCTION BasicSpinor<T>
    apply(BasicSpinor<T> const& s, BasicFourVector<T> const& q, BasicComplex<T> const& f) const
    {
        BasicSpinor<T> r = slash(q, s);
        for (int i = 0; i < 4; ++i)
            r.c[i] = (r.c[i] + mass * s.c[i]) * f;
        return r;
    }
    FATHOM_FORCEINLINE_FUNCTION BasicBarSpinor<T>
    apply(BasicBarSpinor<T> const& b, BasicFourVector<T> const& q, BasicComplex<T> const& f) const
    {
        BasicBarSpinor<T> r = slash(b, q);
        for (int i = 0; i < 4; ++i)
            r.c[i] = (r.c[i] + mass * b.c[i]) * f;
        return r;
    }
};
using FermionPropagator = BasicFermionPropagator<real_type>;
}  // namespace fathom
