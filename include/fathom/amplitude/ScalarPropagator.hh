// Propagator of a spin-0 particle, applied HELAS-style to the amputated vertex it continues.
//
// Feynman rule, with its factor of i (as the vector and fermion propagators of Propagators.hh):
//   i / (q^2 - M^2 + i M Gamma)      (fixed width; Gamma = 0 for a stable or space-like line)
// A scalar line carries no spin, so |M|^2 of a diagram with one such propagator factorises
// exactly into |production|^2 x |decay|^2 x 1 / ((q^2 - M^2)^2 + M^2 Gamma^2), helicity by helicity.
#pragma once

#include "fathom/base/Complex.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"
#include "fathom/kinematics/FourVector.hh"

namespace fathom
{
struct ScalarPropagator
{
    real_type mass{0};   //!< GeV
    real_type width{0};  //!< GeV, fixed width

    //! i / (q^2 - M^2 + i M Gamma)
    FATHOM_FORCEINLINE_FUNCTION Complex factor(FourVector const& q) const
    {
        return Complex{0, 1} / Complex{mass2(q) - mass * mass, mass * width};
    }

    //! Off-shell scalar wavefunction: the amputated vertex times i / (q^2 - M^2 + i M Gamma).
    FATHOM_FORCEINLINE_FUNCTION Complex operator()(Complex const& amputated, FourVector const& q) const
    {
        return amputated * this->factor(q);
    }
};
}  // namespace fathom
