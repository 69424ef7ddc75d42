// The colliding beams: lab-frame energies, the CM energy and the CM -> lab boost.
#pragma once

#include <cmath>

#include "FourVector.hh"

namespace fathom
{
//! Read-only beam description. The e- beam travels along +z, the e+ beam along -z (the
//! convention of ../shared/reference and of Belle II, whose boost is along the e- beam).
struct BeamParams
{
    real_type electron_energy{0};  //!< lab frame, GeV
    real_type positron_energy{0};  //!< lab frame, GeV
    real_type electron_mass{0};    //!< GeV
    real_type sqrt_s{0};           //!< CM energy, GeV
    real_type beta_z{0};           //!< velocity of the CM frame in the lab, along +z

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
    //! CM -> lab.
    FATHOM_FUNCTION FourVector to_lab(FourVector const& p_cm) const
    {
        return boost(p_cm, 0, 0, beta_z);
    }
    //! Lab -> CM (the inverse of to_lab).
    FATHOM_FUNCTION FourVector to_cm(FourVector const& p_lab) const
    {
        return boost(p_lab, 0, 0, -beta_z);
    }
};

//! Beams from lab energies (GeV): the CM energy and boost follow from the four-momenta.
inline BeamParams make_beam_params(real_type electron_energy, real_type positron_energy,
                                   real_type electron_mass)
{
    BeamParams b;
    b.electron_energy = electron_energy;
    b.positron_energy = positron_energy;
    b.electron_mass = electron_mass;
    real_type m2 = electron_mass * electron_mass;
    real_type pem = std::sqrt(electron_energy * electron_energy - m2);
    real_type pep = std::sqrt(positron_energy * positron_energy - m2);
    real_type e = electron_energy + positron_energy;
    real_type pz = pem - pep;
    b.sqrt_s = std::sqrt((e - pz) * (e + pz));
    b.beta_z = pz / e;
    return b;
}
}  // namespace fathom
