// External vector-boson wavefunctions: helicity polarisation vectors.
//
// With k = |k| (sin t cos f, sin t sin f, cos t) and the transverse unit vectors
//   e1 = (0, cos t cos f, cos t sin f, -sin t),  e2 = (0, -sin f, cos f, 0),
// the helicity states are
//   eps(k, +-1) = (-+ e1 - i e2) / sqrt(2),   eps(k, 0) = (|k|, E k_hat) / m   (massive only).
// An incoming boson carries eps, an outgoing one eps^*. They satisfy eps.k = 0,
// eps(l).eps(l')^* = -delta(l, l'), and sum_l eps^i eps^j* = delta^ij - k^i k^j / |k|^2 (photon).
// Along -z the f -> 0 limit is used (e1 = -x, e2 = +y).
#pragma once

#include <cmath>

#include "fathom/base/Complex.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"
#include "fathom/kinematics/FourVector.hh"

#include "ComplexFourVector.hh"

namespace fathom
{
//! eps(k, helicity) for an incoming vector boson; helicity +1, -1, or 0 (mass > 0 only).
FATHOM_FUNCTION inline ComplexFourVector
polarization_vector(FourVector const& k, int helicity, real_type mass = 0)
{
    real_type const kt = std::sqrt(k.px * k.px + k.py * k.py);
    real_type const kmag = std::sqrt(kt * kt + k.pz * k.pz);
    if (helicity == 0)
    {
        if (kmag == 0)
        {
            return {{{0, 0}, {0, 0}, {0, 0}, {1, 0}}};
        }
        real_type const f = k.e / (mass * kmag);
        return {{{kmag / mass, 0}, {f * k.px, 0}, {f * k.py, 0}, {f * k.pz, 0}}};
    }
    // e1 = (cos t cos f, cos t sin f, -sin t), e2 = (-sin f, cos f, 0)
    real_type e1x, e1y, e1z, e2x, e2y;
    if (kt > 0)
    {
        real_type const cos_t = k.pz / kmag;
        real_type const cos_f = k.px / kt;
        real_type const sin_f = k.py / kt;
        e1x = cos_t * cos_f;
        e1y = cos_t * sin_f;
        e1z = -kt / kmag;
        e2x = -sin_f;
        e2y = cos_f;
    }
    else
    {
        e1x = k.pz < 0 ? -1 : 1;
        e1y = 0;
        e1z = 0;
        e2x = 0;
        e2y = 1;
    }
    real_type const a = -helicity / std::sqrt(real_type(2));  // coefficient of e1
    real_type const b = -1 / std::sqrt(real_type(2));         // e2 enters as -i e2 / sqrt 2
    return {{{0, 0}, {a * e1x, b * e2x}, {a * e1y, b * e2y}, {a * e1z, 0}}};
}

//! eps^*(k, helicity) for an outgoing vector boson.
FATHOM_FUNCTION inline ComplexFourVector
outgoing_polarization_vector(FourVector const& k, int helicity, real_type mass = 0)
{
    return conj(polarization_vector(k, helicity, mass));
}

//! k^mu in place of a polarisation: the amplitude must vanish (Ward identity / gauge check).
FATHOM_FORCEINLINE_FUNCTION ComplexFourVector ward_identity_vector(FourVector const& k)
{
    return to_complex(k);
}
}  // namespace fathom
