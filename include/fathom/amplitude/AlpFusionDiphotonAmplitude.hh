// e+(p0) e-(p1) -> e+(p2) e-(p3) gamma(k4) gamma(k5) through the ALP: e+e- -> e+e- a*, a* -> gamma gamma.
//
// The two resonant diagrams of AlpFusionAmplitude.hh (photon fusion and annihilation) with the ALP
// decaying: the external ALP wavefunction 1 becomes the off-shell ALP of the photon pair,
//   D = i / (p^2 - m^2 + i m Gamma) x i g eps(-k4, eps*_4, -k5, eps*_5),   p = k4 + k5,
// (ScalarPropagator.hh, AlpPhotonVertex.hh). The ALP carries no spin, so summed over helicities
// the |M|^2 factorises exactly:
//   me2 = me2(e+e- -> e+e- a*)|_{p_a = k4 + k5} x R(p^2) x 1/2,
// R from AlpLineshape.hh (Breit-Wigner x g^2 p^4/2, or the narrow-width pi/(m Gamma) x g^2 m^4/2),
// 1/2 for the identical photons. Averaged over the 4 initial helicities, summed over the final ones;
// GeV^-4 (reference README convention). The non-resonant ALP diagrams (an ALP exchanged between two
// photon lines, O(g^2) as well) and the QED diagrams are not included (reference column me2).
//
// Lineshape (AlpParams::lineshape):
// - breit_wigner: the expression above at any m_gg, equal to the coherent helicity-amplitude sum
//   of amplitude() (tests/alp);
// - narrow_width (default): the coefficient of delta(p^2 - m^2), for momenta with m_gg = m_a.
//   A sampler generates e+e- -> e+e- a with the ALP on shell, weights with production_me2 and
//   BR(a -> gamma gamma) (= 1 for the default width), and decays the ALP isotropically in its rest
//   frame; narrow_width_me2 is the same thing expressed on the 2 -> 4 phase space (AlpLineshape.hh).
#pragma once

#include "fathom/base/Complex.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"
#include "fathom/kinematics/FourVector.hh"

#include "AlpFusionAmplitude.hh"
#include "AlpLineshape.hh"
#include "AlpParams.hh"
#include "AlpPhotonVertex.hh"
#include "ComplexFourVector.hh"
#include "ScalarPropagator.hh"

namespace fathom
{
struct AlpFusionDiphotonAmplitude
{
    AlpParams params;

    /*!
     * p[0] = e+ in, p[1] = e- in, p[2] = e+ out, p[3] = e- out, p[4], p[5] = photons (GeV, any frame).
     * The lineshape of params selects the Breit-Wigner or the narrow-width form.
     */
    FATHOM_FUNCTION real_type operator()(FourVector const* p) const { return this->components(p).total; }

    //! me2 and its fusion / annihilation / interference parts (each x R(p^2) / 2).
    FATHOM_FUNCTION AlpFusionMe components(FourVector const* p) const;

    //! me2(e+e- -> e+e- a) with the ALP momentum p[4] + p[5] (GeV^-2; AlpFusionAmplitude).
    FATHOM_FUNCTION real_type production_me2(FourVector const* p) const
    {
        return AlpFusionAmplitude{params}(p);
    }

    /*!
     * i M with the Breit-Wigner propagator for the lepton helicities helicity[0..3] (+1 / -1, legs as
     * in p) and the outgoing photons' wavefunctions photon[0], photon[1] (eps*, or a momentum for a
     * Ward-identity check). Summed over helicities, |i M|^2 / 4 / 2 is the breit_wigner me2.
     */
    FATHOM_FUNCTION Complex amplitude(FourVector const* p, int const* helicity, ComplexFourVector const* photon) const
    {
        ScalarPropagator const propagate{params.mass, params.width()};
        Complex const alp
            = propagate(alp_vertex_scalar(-p[4], photon[0], -p[5], photon[1], params.coupling), p[4] + p[5]);
        AlpFusionDiagrams const d = AlpFusionAmplitude{params}.diagrams(p, helicity, alp);
        return d.fusion + d.annihilation;
    }
};

FATHOM_FUNCTION inline AlpFusionMe AlpFusionDiphotonAmplitude::components(FourVector const* p) const
{
    // The production momenta: the leptons as given (p[4], the ALP, is not read by AlpFusionAmplitude,
    // whose photons are fixed by the leptons: p_a = p0 + p1 - p2 - p3 = k4 + k5).
    AlpFusionMe me = AlpFusionAmplitude{params}.components(p);
    // 1/2: identical photons
    real_type const factor = alp_diphoton_resonance_factor(mass2(p[4] + p[5]), params) / 2;
    me.total *= factor;
    me.fusion *= factor;
    me.annihilation *= factor;
    me.interference *= factor;
    return me;
}
}  // namespace fathom
