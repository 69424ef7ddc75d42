// The colliding beams: lab-frame energies, the CM energy and the CM -> lab transformation.
#pragma once

#include <cmath>

#include "FourVector.hh"

namespace fathom
{
/*!
 * Read-only beam description. In the CM frame the e- beam travels along +z, the e+ beam along
 * -z (the convention of ../shared/reference): events are generated there.
 *
 * Lab frame: head-on beams along z by default (the e- along +z, Belle II's boost direction).
 * With a crossing angle theta_c (Belle II: 83 mrad), each beam is tilted by theta_c / 2 from the
 * z axis (the solenoid axis) towards +x: e- along (sin, 0, cos), e+ along (sin, 0, -cos) of
 * theta_c / 2 (SuperKEKB's geometry as in the Belle II TDR, arXiv:1011.0352; the sign of x is
 * a convention). The CM frame then moves with beta = (beta_x, 0, beta_z), and its z axis (the
 * e- beam there) is the lab z axis rotated about y by cm_rotation: lab = B(beta) R_y p_cm.
 */
struct BeamParams
{
    real_type electron_energy{0};  //!< lab frame, GeV
    real_type positron_energy{0};  //!< lab frame, GeV
    real_type electron_mass{0};    //!< GeV
    real_type sqrt_s{0};           //!< CM energy, GeV
    real_type beta_z{0};           //!< velocity of the CM frame in the lab, along +z
    real_type beta_x{0};           //!< and along +x (crossing angle)
    real_type rotation_cos{1};     //!< R_y: cos and sin of the angle from the lab z axis to the
    real_type rotation_sin{0};     //!< CM frame's z axis (e- beam), about y

    //! Incoming momenta in the CM frame (equal masses: each beam carries sqrt_s / 2).
    FATHOM_FUNCTION FourVector positron_in_cm() const
    {
        real_type e = sqrt_s / 2;
        return {e, 0, 0, -std::sqrt((e - electron_mass) * (e + electron_mass))};
    }
    FATHOM_FUNCTION FourVector electron_in_cm() const
    {
        real_type e = sqrt_s / 2;
        return {e, 0, 0, std::sqrt((e - electron_mass) * (e + electron_mass))};
    }
    //! Flux factor 4 sqrt((p1.p2)^2 - m^4) of the incoming beams, exact with masses (GeV^2).
    FATHOM_FUNCTION real_type flux() const
    {
        real_type m2 = electron_mass * electron_mass;
        real_type p1p2 = (sqrt_s * sqrt_s - 2 * m2) / 2;
        return 4 * std::sqrt((p1p2 - m2) * (p1p2 + m2));
    }
    //! CM -> lab. Head-on beams: the boost along z alone (and exactly its bits).
    FATHOM_FUNCTION FourVector to_lab(FourVector const& p_cm) const
    {
        if (rotation_sin == 0 && beta_x == 0)
            return boost(p_cm, 0, 0, beta_z);
        FourVector const r{p_cm.e, rotation_cos * p_cm.px + rotation_sin * p_cm.pz, p_cm.py,
                           -rotation_sin * p_cm.px + rotation_cos * p_cm.pz};
        return boost(r, beta_x, 0, beta_z);
    }
    //! Lab -> CM (the inverse of to_lab).
    FATHOM_FUNCTION FourVector to_cm(FourVector const& p_lab) const
    {
        if (rotation_sin == 0 && beta_x == 0)
            return boost(p_lab, 0, 0, -beta_z);
        FourVector const b = boost(p_lab, -beta_x, 0, -beta_z);
        return {b.e, rotation_cos * b.px - rotation_sin * b.pz, b.py, rotation_sin * b.px + rotation_cos * b.pz};
    }
};

//! Beams from lab energies (GeV) and the full crossing angle (radians, 0: head-on): the CM
//! energy, boost and rotation follow from the four-momenta. Also on the device (the beam
//! energy spread makes per-event beams, DetectorResponse.hh).
FATHOM_FUNCTION inline BeamParams make_beam_params(real_type electron_energy, real_type positron_energy,
                                                   real_type electron_mass, real_type crossing_angle = 0)
{
    BeamParams b;
    b.electron_energy = electron_energy;
    b.positron_energy = positron_energy;
    b.electron_mass = electron_mass;
    real_type m2 = electron_mass * electron_mass;
    real_type pem = std::sqrt(electron_energy * electron_energy - m2);
    real_type pep = std::sqrt(positron_energy * positron_energy - m2);
    real_type e = electron_energy + positron_energy;
    if (crossing_angle == 0)
    {
        real_type pz = pem - pep;
        b.sqrt_s = std::sqrt((e - pz) * (e + pz));
        b.beta_z = pz / e;
        return b;
    }
    real_type const sh = std::sin(crossing_angle / 2);
    real_type const ch = std::cos(crossing_angle / 2);
    FourVector const p1{electron_energy, pem * sh, 0, pem * ch};
    FourVector const p2{positron_energy, pep * sh, 0, -pep * ch};
    FourVector const tot{e, p1.px + p2.px, 0, p1.pz + p2.pz};
    b.sqrt_s = std::sqrt(e * e - tot.px * tot.px - tot.pz * tot.pz);
    b.beta_x = tot.px / e;
    b.beta_z = tot.pz / e;
    // the e- beam in the CM frame fixes its z axis: angle from the lab z axis about y
    FourVector const q1 = boost(p1, -b.beta_x, 0, -b.beta_z);
    real_type const q = std::sqrt(q1.px * q1.px + q1.pz * q1.pz);
    b.rotation_sin = q1.px / q;
    b.rotation_cos = q1.pz / q;
    return b;
}
}  // namespace fathom
