// The resonant ALP line a* -> gamma gamma of e+e- -> X a*(-> gamma gamma): propagator weight and decay.
//
// The ALP is a scalar, so the resonant |M|^2 factorises exactly (ScalarPropagator.hh):
//   |M(e+e- -> X gamma gamma)|^2 = |M(e+e- -> X a*)|^2 x BW(p^2) x |M(a* -> gamma gamma)|^2 x S,
// with p = k1 + k2 the diphoton momentum, |M(a* -> gamma gamma)|^2 = g^2 p^4 / 2 (summed over the
// photon helicities, AlpPhotonVertex.hh), BW(p^2) = 1 / ((p^2 - m^2)^2 + m^2 Gamma^2), and S the
// identical-particle factor of the photons (1/2 for two photons). This file provides the factor
//   R(p^2) = BW(p^2) x |M(a* -> gamma gamma)|^2
// for either lineshape of AlpParams:
//
// - AlpLineshape::breit_wigner: R = g^2 p^4 / 2 / ((p^2 - m^2)^2 + m^2 Gamma^2), any p^2.
// - AlpLineshape::narrow_width: BW -> (pi / (m Gamma)) delta(p^2 - m^2), and R = (pi / (m Gamma)) g^2 m^4 / 2
//   is the coefficient of delta(p^2 - m^2). A resonant |M|^2 in this mode is meaningful only at
//   momenta with p^2 = m^2 and is a density with respect to the phase space with p^2 integrated out.
//
// What a sampler does with the narrow-width form. Split the n-body phase space at the ALP,
//   dPhi_n = dPhi_{n-1}(..., p^2) (dp^2 / 2 pi) dPhi_2(p -> k1 k2),  dPhi_2 = dOmega* / (32 pi^2) (rest frame of p),
// generate p^2 = m^2 (the delta function removes dp^2) and weight each event with
//   w = me2_narrow_width / flux x (1 / 2 pi) x dPhi_{n-1} x dPhi_2 ,
// i.e. dsigma = dsigma(e+e- -> X a, on-shell a) x BR(a -> gamma gamma) x dOmega* / (4 pi):
// production with an on-shell ALP times an isotropic decay in its rest frame. The identity behind it,
//   (1/2pi) (pi/(m Gamma)) (1/2) integral dPhi_2 g^2 m^4/2 = Gamma_gg / Gamma = BR,
// is checked in tests/alp. With three photons (e+e- -> gamma gamma gamma through the ALP) the
// narrow-width form takes the photons ordered (recoil photon first, then the decay pair): the
// 1/3! of the identical photons times the 3 ways of choosing the recoil photon is the 1/2 above.
#pragma once

#include "fathom/base/Constants.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"

#include "AlpParams.hh"
#include "AlpPhotonVertex.hh"

namespace fathom
{
//! 1 / ((p2 - m^2)^2 + m^2 Gamma^2)  (|i / (p2 - m^2 + i m Gamma)|^2).
FATHOM_FORCEINLINE_FUNCTION constexpr real_type alp_breit_wigner(real_type p2, real_type mass, real_type width)
{
    real_type const d = p2 - mass * mass;
    real_type const mg = mass * width;
    return 1 / (d * d + mg * mg);
}

//! pi / (m Gamma) = integral over p^2 of the Breit-Wigner: its narrow-width delta-function weight.
FATHOM_FORCEINLINE_FUNCTION constexpr real_type alp_narrow_width_weight(real_type mass, real_type width)
{
    return constants::pi / (mass * width);
}

/*!
 * R(p2) = lineshape weight x |M(a* -> gamma gamma)|^2 summed over photon helicities, per
 * params.lineshape (see above): Breit-Wigner at p2, or the narrow-width coefficient of
 * delta(p^2 - m^2) (p2 not used).
 */
FATHOM_FORCEINLINE_FUNCTION constexpr real_type alp_diphoton_resonance_factor(real_type p2, AlpParams const& params)
{
    real_type const width = params.width();
    if (params.lineshape == AlpLineshape::narrow_width)
    {
        real_type const m2 = params.mass * params.mass;
        return alp_narrow_width_weight(params.mass, width) * alp_diphoton_decay_me2(m2, params.coupling);
    }
    return alp_breit_wigner(p2, params.mass, width) * alp_diphoton_decay_me2(p2, params.coupling);
}
}  // namespace fathom
