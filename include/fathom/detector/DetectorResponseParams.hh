// Read-only description of the detector response: resolutions of the reconstructed momenta.
#pragma once

#include <cstdint>

#include "fathom/base/Array.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"

namespace fathom
{
/*!
 * Resolutions applied to every final-state particle in the lab frame (energies and momenta in
 * GeV, angles in radians). Off by default: a run without a [detector] table is exactly the
 * generator-level run.
 *
 * Photons (Belle II ECL, CsI(Tl) crystals):
 *   sigma_E / E = a/E (+) b/sqrt(E) (+) c/E^(1/4) (+) d    ((+): sum in quadrature, E in GeV)
 * Defaults: the Belle ECL resolution a = 0.066 % (noise), b = 0, c = 0.81 %, d = 1.34 %
 * (Belle detector paper, A. Abashian et al., NIM A 479 (2002) 117; the Belle II ECL keeps
 * the Belle crystals, Belle II TDR arXiv:1011.0352, ch. ECL). An approximation for Belle II:
 * the TDR expects a larger noise term at design background.
 * Polar angle and azimuth: Gaussian, sigma_theta = sigma_phi = 5 mrad, constant. An
 * approximation: a cluster position resolution of a few mm at the ECL radius (1.25 m), between
 * the ~13 mrad of soft and the ~3 mrad of hard photons quoted for the Belle ECL.
 *
 * Leptons (Belle II tracking, CDC + SVD): the momentum magnitude is scaled with
 *   sigma_pt / pt = e pt (+) f
 * Defaults e = 0.0011 / GeV, f = 0.0025 (Belle II Physics Book, arXiv:1808.10567, detector
 * overview: 0.0011 pt (+) 0.0025/beta; beta = 1 assumed, exact for the e+- at these momenta).
 * The track direction is not smeared (its resolution, ~1 mrad, is well below the ECL's).
 *
 * Beams (off by default): a Gaussian relative energy spread of each beam, per event. The event
 * is generated at the nominal sqrt(s) in its CM frame; the response scales its momenta to the
 * event's sqrt(s') (exact for photons, on the mass shell for leptons), takes them to the lab with
 * the event's true beams, smears them there and reconstructs them in the NOMINAL CM frame, as
 * an analysis that boosts with the nominal beams does. The weight keeps sigma(s): the spread
 * (~5e-4 of sqrt(s)) moves sigma by d ln sigma / d ln s x 1e-3 per event and averages out at
 * first order. Belle II (TDR arXiv:1011.0352, machine parameters): HER 6.4e-4, LER 8.1e-4,
 * values recalled, flagged for checking.
 *
 * Forward taggers (lab-frame [[cuts.acceptance]] regions with an energy_resolution): a lepton
 * whose generated lab direction lies in one is measured by the tagger's calorimeter instead of
 * the tracker, E -> E (1 + energy_resolution g), clipped at the mass, direction kept.
 */
struct TaggerRegion
{
    real_type theta_min{0};  //!< lab polar angle to +z, radians
    real_type theta_max{0};
    real_type energy_resolution{0};  //!< sigma_E / E
};

//! Every lab region of the acceptance cuts (2 cuts x 4 regions, AcceptanceCut.hh).
inline constexpr size_type max_tagger_regions = 8;

struct DetectorResponseParams
{
    bool enabled{false};
    real_type photon_energy_noise{0.00066};       //!< a (GeV): a / E
    real_type photon_energy_stochastic{0};        //!< b (GeV^1/2): b / sqrt(E)
    real_type photon_energy_quartic{0.0081};      //!< c (GeV^1/4): c / E^(1/4)
    real_type photon_energy_constant{0.0134};     //!< d
    real_type photon_theta_sigma{0.005};          //!< rad
    real_type photon_phi_sigma{0.005};            //!< rad
    real_type lepton_pt_slope{0.0011};            //!< e (1/GeV): e pt
    real_type lepton_pt_constant{0.0025};         //!< f
    size_type num_taggers{0};
    Array<TaggerRegion, max_tagger_regions> taggers{};
    real_type electron_energy_spread{0};          //!< sigma_E / E of the e- beam
    real_type positron_energy_spread{0};          //!< sigma_E / E of the e+ beam
    real_type crossing_angle{0};                  //!< rad (the beams' geometry, BeamParams.hh)

    FATHOM_FUNCTION bool beam_spread() const { return electron_energy_spread > 0 || positron_energy_spread > 0; }
};

//! Seed of the response's own Philox stream: a different key than the sampler's (the seed
//! itself), so that switching the response on leaves the generated events unchanged. The
//! constant is the SplitMix64 increment; the finalizer mixes it so that no run seed is likely
//! to reproduce another run's response key.
FATHOM_FORCEINLINE_FUNCTION constexpr std::uint64_t detector_response_seed(std::uint64_t seed)
{
    std::uint64_t z = seed + 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
}  // namespace fathom
