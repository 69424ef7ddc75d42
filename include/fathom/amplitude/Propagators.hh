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
#pragma once

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
    FATHOM_FORCEINLINE_FUNCTION ComplexFourVector
    operator()(ComplexFourVector const& current, FourVector const& q) const
    {
        real_type const inv_q2 = 1 / mass2(q);
        ComplexFourVector v;
        for (int mu = 0; mu < 4; ++mu)
            v.c[mu] = times_minus_i(current.c[mu]) * inv_q2;
        return v;
    }
};

//! Massive vector boson (Z, W) in unitary gauge with a fixed width.
struct MassiveVectorPropagator
{
    real_type mass{0};
    real_type width{0};

    //! V^mu = -i (J^mu - q^mu (q.J) / M^2) / (q^2 - M^2 + i M Gamma)
    FATHOM_FORCEINLINE_FUNCTION ComplexFourVector
    operator()(ComplexFourVector const& current, FourVector const& q) const
    {
        real_type const m2 = mass * mass;
        Complex const factor = Complex{0, -1} / Complex{mass2(q) - m2, mass * width};
        Complex const qj_over_m2 = dot(current, q) * (1 / m2);
        ComplexFourVector const qv = to_complex(q);
        ComplexFourVector v;
        for (int mu = 0; mu < 4; ++mu)
            v.c[mu] = (current.c[mu] - qj_over_m2 * qv.c[mu]) * factor;
        return v;
    }
};

//! Dirac fermion with momentum q along the fermion-flow arrow.
struct FermionPropagator
{
    real_type mass{0};
    real_type width{0};

    FATHOM_FORCEINLINE_FUNCTION Complex denominator_factor(FourVector const& q) const
    {
        // i / (q^2 - m^2 + i m Gamma)
        return Complex{0, 1} / Complex{mass2(q) - mass * mass, mass * width};
    }

    //! i (qslash + m) psi / (q^2 - m^2 + i m Gamma): continues a line that flows into a vertex.
    FATHOM_FORCEINLINE_FUNCTION Spinor operator()(Spinor const& s, FourVector const& q) const
    {
        Complex const f = this->denominator_factor(q);
        Spinor r = slash(q, s);
        for (int i = 0; i < 4; ++i)
            r.c[i] = (r.c[i] + mass * s.c[i]) * f;
        return r;
    }

    //! psibar i (qslash + m) / (q^2 - m^2 + i m Gamma): continues a line that flows out of a vertex.
    FATHOM_FORCEINLINE_FUNCTION BarSpinor operator()(BarSpinor const& b, FourVector const& q) const
    {
        Complex const f = this->denominator_factor(q);
        BarSpinor r = slash(b, q);
        for (int i = 0; i < 4; ++i)
            r.c[i] = (r.c[i] + mass * b.c[i]) * f;
        return r;
    }
};
}  // namespace fathom
