// Isotropic decay of a particle into two massless daughters (e.g. a spin-0 ALP -> gamma gamma).
#pragma once

#include <cmath>

#include "fathom/kinematics/FourVector.hh"

namespace fathom
{
/*!
 * Daughters of `parent` (any frame), isotropic in the parent's rest frame, from two uniforms
 * u1, u2 in (0, 1]: cos theta* = 2 u1 - 1, phi* = 2 pi u2. The distribution is normalised
 * (dOmega* / 4 pi), so the event weight is unchanged: a spin-0 particle decays isotropically.
 */
FATHOM_FUNCTION inline void
decay_isotropic_massless(FourVector const& parent, real_type u1, real_type u2, FourVector& d1, FourVector& d2)
{
    constexpr real_type two_pi = 2 * 3.14159265358979323846;
    real_type m = mass(parent);
    real_type half = m / 2;
    real_type c = 2 * u1 - 1;
    real_type s = std::sqrt((1 - c) * (1 + c));
    real_type ph = two_pi * u2;
    FourVector k{half, half * s * std::cos(ph), half * s * std::sin(ph), half * c};
    real_type inv_e = 1 / parent.e;
    real_type bx = parent.px * inv_e, by = parent.py * inv_e, bz = parent.pz * inv_e;
    d1 = boost(k, bx, by, bz);
    // momentum conservation to rounding: the second daughter is the remainder
    d2 = parent - d1;
}
}  // namespace fathom
