// The projection of a reconstructed e+ e- gamma gamma event onto the 2 -> 4 phase space of the
// nominal beams, where the exact matrix elements of llr_alp are defined.
#pragma once

#include <cmath>

#include "fathom/event/Event.hh"
#include "fathom/kinematics/BeamParams.hh"
#include "fathom/phasespace/RescaleToMasses.hh"

namespace fathom
{
/*!
 * Momenta (e+, e-, gamma1, gamma2) that conserve four-momentum with the nominal CM beams, from a
 * reconstructed event whose smearing broke conservation:
 * 1. boost the four final-state momenta (as reconstructed, leptons on their mass shell) into the
 *    rest frame of their sum;
 * 2. scale all 3-momenta by one factor xi so that the energies (on the mass shells m_e, m_e, 0, 0)
 *    add up to sqrt(s) (RescaleToMasses: Newton's method, monotone).
 * The directions change by the boost (of the order of the resolution) and the energies by
 * common factors; the diphoton mass changes by the same factors. Returns false (out untouched)
 * for an event whose sum is not time-like or where the scale has no root.
 */
FATHOM_FUNCTION inline bool project_onto_phase_space(Event const& ev, BeamParams const& beams, FourVector* out)
{
    FourVector const in[4] = {ev.p[slot_ep], ev.p[slot_em], ev.p[slot_a1], ev.p[slot_a2]};
    FourVector const total = in[0] + in[1] + in[2] + in[3];
    if (!(total.e > 0) || !(mass2(total) > 0))
        return false;
    real_type const bx = -total.px / total.e;
    real_type const by = -total.py / total.e;
    real_type const bz = -total.pz / total.e;
    FourVector p[4];
    for (int i = 0; i < 4; ++i)
        p[i] = boost(in[i], bx, by, bz);
    real_type const masses[4] = {beams.electron_mass, beams.electron_mass, 0, 0};
    if (!(RescaleToMasses(beams.sqrt_s, 4, masses)(p) > 0))
        return false;
    for (int i = 0; i < 4; ++i)
        out[i] = p[i];
    return true;
}
}  // namespace fathom
