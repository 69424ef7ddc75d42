// Detector response: the reconstructed event from the generated (true) one.
#pragma once

#include <cmath>

#include "DetectorResponseParams.hh"
#include "fathom/event/Event.hh"
#include "fathom/kinematics/BeamParams.hh"
#include "fathom/random/PhiloxStream.hh"

namespace fathom
{
//! Standard normal deviates from a uniform stream, by Box-Muller (both deviates of each pair
//! are used). Uniforms are in (0, 1], so the logarithm is finite.
class GaussianDeviates
{
  public:
    FATHOM_FUNCTION explicit GaussianDeviates(PhiloxStream& rng) : rng_(&rng) {}

    FATHOM_FUNCTION real_type operator()()
    {
        if (has_spare_)
        {
            has_spare_ = false;
            return spare_;
        }
        constexpr real_type two_pi = real_type(6.28318530717958647692);
        real_type const r = std::sqrt(-2 * std::log(rng_->uniform()));
        real_type const a = two_pi * rng_->uniform();
        spare_ = r * std::sin(a);
        has_spare_ = true;
        return r * std::cos(a);
    }

  private:
    PhiloxStream* rng_;
    real_type spare_{0};
    bool has_spare_{false};
};

//! (+): sum in quadrature.
FATHOM_FORCEINLINE_FUNCTION real_type quadrature(real_type a, real_type b) { return std::sqrt(a * a + b * b); }

//! Relative photon energy resolution sigma_E / E at lab energy \p e (GeV).
FATHOM_FUNCTION inline real_type photon_energy_resolution(DetectorResponseParams const& p, real_type e)
{
    real_type const a = p.photon_energy_noise / e;
    real_type const b = p.photon_energy_stochastic / std::sqrt(e);
    real_type const c = p.photon_energy_quartic / std::sqrt(std::sqrt(e));
    return std::sqrt(a * a + b * b + c * c + p.photon_energy_constant * p.photon_energy_constant);
}

//! Relative lepton momentum resolution sigma_pt / pt at lab transverse momentum \p pt (GeV).
FATHOM_FUNCTION inline real_type lepton_momentum_resolution(DetectorResponseParams const& p, real_type pt)
{
    return quadrature(p.lepton_pt_slope * pt, p.lepton_pt_constant);
}

/*!
 * Smear a generated event into a reconstructed one.
 *
 * Each final-state particle is taken to the lab frame, smeared there (where the detector
 * measures it) and taken back to the CM frame (the frame of cuts and observables):
 * - photons: E -> E (1 + sigma_E/E(E) g1), clipped at 0; theta -> theta + sigma_theta g2 and
 *   phi -> phi + sigma_phi g3 (a polar angle past a pole is reflected back, with phi + pi);
 *   massless after smearing;
 * - leptons: |p| -> |p| (1 + sigma_pt/pt(pt) g), clipped at 0, direction kept, on the mass
 *   shell (E^2 = p^2 + m^2); a lepton inside a forward tagger (TaggerRegion) instead has its
 *   energy measured, E -> E (1 + sigma_E/E g), clipped at m, direction kept;
 * then the photons are ordered by CM energy again. The incoming beams are not touched (the
 * analysis' invariants use the nominal beams). With a beam energy spread, the event first gets
 * its own beams (DetectorResponseParams.hh): taken to the lab with them, reconstructed in the
 * nominal CM frame. The deviates g come from \p rng in a fixed order (two for the beam
 * energies when spread; then slots e+, e-, a1, a2, a3 that are present; three per photon, one
 * per lepton), so the reconstruction is a pure function of the event and the stream.
 */
struct ApplyDetectorResponse
{
    DetectorResponseParams const* params;
    BeamParams beams;

    FATHOM_FUNCTION Event operator()(Event const& generated, PhiloxStream& rng, size_type num_photons) const
    {
        Event ev = generated;
        GaussianDeviates gauss(rng);
        // this event's beams (energy spread): its sqrt(s') and CM -> lab transformation
        BeamParams event_beams = beams;
        real_type dilation = 1;
        if (params->beam_spread())
        {
            real_type const e1 = beams.electron_energy * (1 + params->electron_energy_spread * gauss());
            real_type const e2 = beams.positron_energy * (1 + params->positron_energy_spread * gauss());
            event_beams = make_beam_params(e1, e2, beams.electron_mass, params->crossing_angle);
            dilation = event_beams.sqrt_s / beams.sqrt_s;
        }
        for (size_type s = slot_ep; s < num_slots; ++s)
        {
            if (!(ev.present & slot_bit(s)))
                continue;
            FourVector p = ev.p[s];
            if (dilation != 1)
            {
                // p -> p sqrt(s') / sqrt(s): momentum conservation at sqrt(s') (exact for
                // photons; leptons kept on the mass shell, an O(m^2/E^2 x 1e-3) change)
                real_type const m = (photons_mask & slot_bit(s)) ? real_type(0) : beams.electron_mass;
                p.px *= dilation;
                p.py *= dilation;
                p.pz *= dilation;
                p.e = m > 0 ? std::sqrt(p.px * p.px + p.py * p.py + p.pz * p.pz + m * m) : p.e * dilation;
            }
            FourVector const lab = event_beams.to_lab(p);
            FourVector const reco = (photons_mask & slot_bit(s)) ? smear_photon(lab, gauss) : smear_lepton(lab, gauss);
            ev.p[s] = beams.to_cm(reco);
        }
        order_photons_by_energy(ev, num_photons);
        return ev;
    }

    FATHOM_FUNCTION FourVector smear_photon(FourVector const& k, GaussianDeviates& gauss) const
    {
        constexpr real_type pi = real_type(3.14159265358979323846);
        real_type const g_e = gauss();
        real_type const g_theta = gauss();
        real_type const g_phi = gauss();
        real_type e = k.e;
        if (e > 0)
            e = std::fmax(real_type(0), e * (1 + photon_energy_resolution(*params, e) * g_e));
        real_type th = theta(k) + params->photon_theta_sigma * g_theta;
        real_type ph = std::atan2(k.py, k.px) + params->photon_phi_sigma * g_phi;
        if (th < 0)
        {
            th = -th;
            ph += pi;
        }
        else if (th > pi)
        {
            th = 2 * pi - th;
            ph += pi;
        }
        real_type const st = std::sin(th);
        return {e, e * st * std::cos(ph), e * st * std::sin(ph), e * std::cos(th)};
    }

    //! The energy resolution of the tagger that sees lab direction \p th, or 0 (the tracker).
    FATHOM_FUNCTION real_type tagger_resolution(real_type th) const
    {
        for (size_type i = 0; i < params->num_taggers; ++i)
        {
            TaggerRegion const& t = params->taggers[i];
            if (th >= t.theta_min && th <= t.theta_max)
                return t.energy_resolution;
        }
        return 0;
    }

    FATHOM_FUNCTION FourVector smear_lepton(FourVector const& p, GaussianDeviates& gauss) const
    {
        real_type const g = gauss();  // one deviate per lepton either way: the stream order is fixed
        real_type const pa = pabs(p);
        if (!(pa > 0))
            return p;
        if (params->num_taggers > 0)
        {
            if (real_type const r = tagger_resolution(theta(p)); r > 0)
            {
                real_type const m = beams.electron_mass;
                real_type const e = std::fmax(m, p.e * (1 + r * g));
                real_type const scale = std::sqrt(std::fmax(real_type(0), (e - m) * (e + m))) / pa;
                return {e, p.px * scale, p.py * scale, p.pz * scale};
            }
        }
        real_type const scale = std::fmax(real_type(0), 1 + lepton_momentum_resolution(*params, pt(p)) * g);
        real_type const m = beams.electron_mass;
        real_type const q = pa * scale;
        return {std::sqrt(q * q + m * m), p.px * scale, p.py * scale, p.pz * scale};
    }
};
}  // namespace fathom
