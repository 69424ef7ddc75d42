// llr_alp: the per-event log-likelihood ratio of the ALP signal against the radiative-Bhabha
// background, from fathom's exact tree-level matrix elements (the Neyman-Pearson statistic: a
// search binned in it, finely enough, is the optimal one).
//
// On the 2 -> 4 phase space dPhi4(e+ e- gamma1 gamma2) both hypotheses have a density:
// - background: dsigma_bg / dPhi4 = |M(e+e- -> e+e- gamma gamma)|^2 / flux (DoubleRadiativeBhabha-
//   Amplitude, 1/2 for the identical photons included);
// - signal: e+e- -> e+e- a at the diphoton momentum P = k1 + k2 of mass m = m_gg, the isotropic
//   decay a -> gamma gamma, and m_gg distributed as a Gaussian G(m; m_a, sigma_m) (the detector's
//   core; BR(a -> gamma gamma) = 1). With dPhi4 = dPhi3(P^2 = m^2) dm^2 / (2 pi) dPhi2 and
//   dPhi2 = dOmega* / (32 pi^2) for the massless pair,
//     dsigma_sig = |M_prod|^2 / flux dPhi3 G(m) dm dOmega* / (4 pi)
//     => dsigma_sig / dPhi4 = |M_prod|^2 / flux x G(m) x 8 pi^2 / m.
//   |M_prod|^2 (AlpFusionAmplitude: fusion, annihilation and their interference) depends only on
//   the lepton momenta; integrated over dPhi4 (both photon labellings) it gives
//   int dm G(m) sigma(e+e- -> e+e- a; m).
// lambda = ln(dsigma_sig / dsigma_bg): ln p_sig / p_bg up to the constant ln(sigma_sig / sigma_bg);
// a constant shift changes no analysis binned in lambda. A reconstructed event is first projected
// onto the phase space (ProjectOntoPhaseSpace.hh). Approximations here cost optimality only, never
// validity: lambda's distributions under signal and background come from the Monte Carlo.
#pragma once

#include <cmath>

#include "AlpLikelihoodRatioParams.hh"
#include "ProjectOntoPhaseSpace.hh"
#include "fathom/amplitude/AlpFusionAmplitude.hh"
#include "fathom/amplitude/RadiativeBhabhaAmplitude.hh"
#include "fathom/base/Constants.hh"

namespace fathom
{
/*!
 * ln of the signal's factor beside |M_prod|^2 / flux: ln[G(m; m_a, sigma_m) 8 pi^2 / m], the
 * Gaussian and the Jacobian dm dPhi3 dOmega* / (4 pi) -> dPhi4. In logarithms, so that events far
 * from m_a (G below the smallest double) keep a finite lambda.
 */
FATHOM_FUNCTION inline real_type log_diphoton_density_factor(real_type m, real_type m_a, real_type sigma_m)
{
    constexpr real_type pi = constants::pi;
    real_type const z = (m - m_a) / sigma_m;
    return -z * z / 2 - std::log(std::sqrt(2 * pi) * sigma_m) + std::log(8 * pi * pi / m);
}

//! The two densities times the flux (GeV^-2): |M_bg|^2 and |M_prod|^2 G(m) 8 pi^2 / m, in logs.
struct AlpLikelihoodRatioTerms
{
    real_type log_signal{0};
    real_type log_background{0};
};

/*!
 * lambda of one event with e+, e- and two photons (slots ep, em, a1, a2; the CM frame), or NaN
 * where it has no value (a reconstructed event that cannot be projected, a vanishing density).
 * In three steps, so that the CPU can evaluate the background |M|^2 of a pack of events at once
 * (SimdAlpLikelihoodRatio.hh): final_momenta -> log_signal and |M_bg|^2 -> lambda.
 */
struct AlpLikelihoodRatio
{
    AlpLikelihoodRatioParams const* params;
    BeamParams beams;

    //! The momenta (e+, e-, gamma1, gamma2) the densities are evaluated at: the event's own, or
    //! its projection onto the phase space when it is reconstructed; false if it has none.
    FATHOM_FUNCTION bool final_momenta(Event const& ev, FourVector* f) const
    {
        if (params->project)
            return project_onto_phase_space(ev, beams, f);
        f[0] = ev.p[slot_ep];
        f[1] = ev.p[slot_em];
        f[2] = ev.p[slot_a1];
        f[3] = ev.p[slot_a2];
        return true;
    }

    //! ln(|M_prod|^2 G(m) 8 pi^2 / m) at final momenta \p f.
    FATHOM_FUNCTION real_type log_signal(FourVector const* f) const
    {
        // the ALP's momentum q[4] is not read by the production amplitude: only the leptons' are
        FourVector const q[5] = {beams.positron_in_cm(), beams.electron_in_cm(), f[0], f[1], f[2] + f[3]};
        return std::log(AlpFusionAmplitude{params->signal}(q))
               + log_diphoton_density_factor(mass(q[4]), params->signal.mass, params->sigma_m);
    }

    //! |M(e+e- -> e+e- gamma gamma)|^2 at final momenta \p f.
    FATHOM_FUNCTION real_type background_me(FourVector const* f) const
    {
        FourVector const p[6] = {beams.positron_in_cm(), beams.electron_in_cm(), f[0], f[1], f[2], f[3]};
        return DoubleRadiativeBhabhaAmplitude{params->background}(p);
    }

    //! lambda from its two terms; NaN unless finite.
    FATHOM_FUNCTION static real_type combine(real_type log_signal, real_type background_me)
    {
        real_type const lambda = log_signal - std::log(background_me);
        return std::isfinite(lambda) ? lambda : real_type(NAN);
    }

    //! Both densities at final momenta \p f (tests, diagnostics).
    FATHOM_FUNCTION AlpLikelihoodRatioTerms terms(FourVector const* f) const
    {
        return {this->log_signal(f), std::log(this->background_me(f))};
    }

    FATHOM_FUNCTION real_type operator()(Event const& ev) const
    {
        FourVector f[4];
        if (!this->final_momenta(ev, f))
            return real_type(NAN);
        return combine(this->log_signal(f), this->background_me(f));
    }
};
}  // namespace fathom
