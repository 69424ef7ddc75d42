// Observables: named functions of an event, evaluated on the device for histogram axes and cuts.
//
// Host code turns a name such as "cos_theta_em", "m_aa" or "t_plus" into an ObservableDef
// (see host/run/ObservableNames.cc); the device only sees the compact definition.
#pragma once

#include <cmath>

#include "fathom/event/Event.hh"
#include "fathom/kinematics/BeamParams.hh"
#include "fathom/kinematics/StableInvariants.hh"

namespace fathom
{
enum class Quantity : std::uint8_t
{
    // one particle (slot a)
    energy,     //!< GeV
    momentum,   //!< |p|, GeV
    pt,         //!< transverse momentum to the beam axis, GeV
    theta,      //!< polar angle to the e- beam (+z), degrees
    cos_theta,  //!< cosine of theta
    phi,        //!< azimuth, degrees in (-180, 180]
    rapidity,   //!< y = 1/2 ln((E + pz) / (E - pz))
    // two particles (slots a, b)
    pair_mass,        //!< invariant mass of a + b, GeV
    opening_angle,    //!< angle between the 3-momenta, degrees
    delta_theta,      //!< |theta_a - theta_b|, degrees
    delta_phi,        //!< azimuthal separation folded into [0, 180], degrees
    delta_r,          //!< sqrt(dy^2 + dphi^2), rapidity and azimuth in radians
    pair_pt,          //!< transverse momentum of a + b, GeV (a decayed parent's p_T)
    pair_betagamma,   //!< |p| / m of a + b: the parent's beta gamma (decay lengths)
    pair_betagamma_t, //!< p_T / m of a + b: transverse beta gamma (decays within a radius)
    // whole event (fixed slots)
    t_plus,    //!< (p_e+in - p_e+out)^2, GeV^2
    t_minus,   //!< (p_e-in - p_e-out)^2, GeV^2
    s_minus,   //!< (p_e+in + p_e-in - p_e+out)^2, GeV^2
    s_plus,    //!< (p_e+in + p_e-in - p_e-out)^2, GeV^2
    // computed by the event generator before the evaluator sees the event
    llr_alp,  //!< ln(dsigma_ALP / dsigma_bg): AlpLikelihoodRatio.hh
};

enum class Frame : std::uint8_t
{
    cm,   //!< centre-of-mass frame (generation frame)
    lab,  //!< Belle II lab frame (boosted along +z)
};

//! Compact, device-side definition of one observable.
struct ObservableDef
{
    Quantity quantity{Quantity::energy};
    std::uint8_t a{0};  //!< first slot
    std::uint8_t b{0};  //!< second slot (pair quantities)
    Frame frame{Frame::cm};
};

inline constexpr real_type rad_to_deg = real_type(180) / real_type(3.14159265358979323846);

//! Azimuthal separation in [0, pi] (radians).
FATHOM_FORCEINLINE_FUNCTION real_type delta_phi_rad(FourVector const& a, FourVector const& b)
{
    constexpr real_type pi = real_type(3.14159265358979323846);
    real_type d = std::fabs(phi(a) - phi(b));
    return d > pi ? 2 * pi - d : d;
}

//! Opening angle (radians), accurate for nearly collinear vectors (atan2 of |a x b| and a.b).
FATHOM_FORCEINLINE_FUNCTION real_type opening_angle_rad(FourVector const& a, FourVector const& b)
{
    real_type cx = a.py * b.pz - a.pz * b.py;
    real_type cy = a.pz * b.px - a.px * b.pz;
    real_type cz = a.px * b.py - a.py * b.px;
    real_type d = a.px * b.px + a.py * b.py + a.pz * b.pz;
    return std::atan2(std::sqrt(cx * cx + cy * cy + cz * cz), d);
}

//! Rapidity-azimuth distance (radians), as other generators define Delta R.
FATHOM_FORCEINLINE_FUNCTION real_type delta_r(FourVector const& a, FourVector const& b)
{
    real_type dy = rapidity(a) - rapidity(b);
    real_type dphi = delta_phi_rad(a, b);
    return std::sqrt(dy * dy + dphi * dphi);
}

//! (p - q)^2 of two on-shell momenta of mass^2 m2, to full relative precision at small angles.
FATHOM_FORCEINLINE_FUNCTION real_type momentum_transfer(FourVector const& p, FourVector const& q, real_type m2)
{
    return -2 * same_mass_product_excess(p, momentum_magnitude(p), q, momentum_magnitude(q), m2);
}

//! Evaluates observables of events (CM momenta; lab quantities are boosted on the fly).
struct ObservableEvaluator
{
    BeamParams beams;
    //! This event's llr_alp where the run computes it (EventGenerator.hh: two more matrix elements,
    //! so not here), else NaN.
    real_type alp_llr{real_type(NAN)};

    FATHOM_FUNCTION FourVector in_frame(FourVector const& p, Frame f) const
    {
        return f == Frame::lab ? beams.to_lab(p) : p;
    }

    FATHOM_FUNCTION real_type operator()(ObservableDef const& d, Event const& ev) const
    {
        FourVector const& pa = in_frame(ev.p[d.a], d.frame);
        switch (d.quantity)
        {
            case Quantity::energy: return pa.e;
            case Quantity::momentum: return pabs(pa);
            case Quantity::pt: return fathom::pt(pa);
            case Quantity::theta: return fathom::theta(pa) * rad_to_deg;
            case Quantity::cos_theta: return fathom::cos_theta(pa);
            case Quantity::phi: return fathom::phi(pa) * rad_to_deg;
            case Quantity::rapidity: return fathom::rapidity(pa);
            default: break;
        }
        FourVector const& pb = in_frame(ev.p[d.b], d.frame);
        switch (d.quantity)
        {
            case Quantity::pair_mass: return mass(pa + pb);
            case Quantity::opening_angle: return opening_angle_rad(pa, pb) * rad_to_deg;
            case Quantity::delta_theta:
                return std::fabs(fathom::theta(pa) - fathom::theta(pb)) * rad_to_deg;
            case Quantity::delta_phi: return delta_phi_rad(pa, pb) * rad_to_deg;
            case Quantity::delta_r: return fathom::delta_r(pa, pb);
            case Quantity::pair_pt: return fathom::pt(pa + pb);
            case Quantity::pair_betagamma:
            {
                FourVector const sum = pa + pb;
                return pabs(sum) / mass(sum);
            }
            case Quantity::pair_betagamma_t:
            {
                FourVector const sum = pa + pb;
                return fathom::pt(sum) / mass(sum);
            }
            default: break;
        }
        // Invariants are frame independent: use the CM momenta directly.
        FourVector const& ep_in = ev.p[slot_ep_in];
        FourVector const& em_in = ev.p[slot_em_in];
        real_type const m2 = beams.electron_mass * beams.electron_mass;
        switch (d.quantity)
        {
            // t = -2 (p_in.p_out - m^2) without the cancellation of mass2(p_in - p_out), which
            // would leave ~1e-16 E^2 absolute error at the small |t| of forward leptons
            case Quantity::t_plus: return momentum_transfer(ep_in, ev.p[slot_ep], m2);
            case Quantity::t_minus: return momentum_transfer(em_in, ev.p[slot_em], m2);
            case Quantity::s_minus: return mass2(ep_in + em_in - ev.p[slot_ep]);
            case Quantity::s_plus: return mass2(ep_in + em_in - ev.p[slot_em]);
            case Quantity::llr_alp: return alp_llr;
            default: break;
        }
        return real_type(NAN);
    }
};
}  // namespace fathom
