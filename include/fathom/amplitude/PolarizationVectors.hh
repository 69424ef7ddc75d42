// External vector-boson wavefunctions: helicity polarisation vectors.
//
// With k = |k| (sin t cos f, sin t sin f, cos t) and the transverse unit vectors
//   e1 = (0, cos t cos f, cos t sin f, -sin t),  e2 = (0, -sin f, cos f, 0),
// the helicity states are
//   eps(k, +-1) = (-+ e1 - i e2) / sqrt(2),   eps(k, 0) = (|k|, E k_hat) / m   (massive only).
// An incoming boson carries eps, an outgoing one eps^*. They satisfy eps.k = 0,
// eps(l).eps(l')^* = -delta(l, l'), and sum_l eps^i eps^j* = delta^ij - k^i k^j / |k|^2 (photon).
// Along -z the f -> 0 limit is used (e1 = -x, e2 = +y).
// Templates on the real type T, given explicitly (default real_type): polarization_vector<long double>(k, 1).
#pragma once

#include <type_traits>

#include "fathom/base/Complex.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/RealMath.hh"
#include "fathom/base/Types.hh"
#include "fathom/kinematics/FourVector.hh"

#include "ComplexFourVector.hh"

namespace fathom
{
//! eps(k, helicity) for an incoming vector boson; helicity +1, -1, or 0 (mass > 0 only).
template<class T = real_type>
FATHOM_FUNCTION inline BasicComplexFourVector<T>
polarization_vector(FourVectorArg<T> const& k, int helicity, std::type_identity_t<T> mass = 0)
{
    T const kt = real_sqrt(k.px * k.px + k.py * k.py);
    T const kmag = real_sqrt(kt * kt + k.pz * k.pz);
    if (helicity == 0)
    {
        if (kmag == 0)
        {
            return {{{0, 0}, {0, 0}, {0, 0}, {1, 0}}};
        }
        T const f = k.e / (mass * kmag);
        return {{{kmag / mass, 0}, {f * k.px, 0}, {f * k.py, 0}, {f * k.pz, 0}}};
    }
    // e1 = (cos t cos f, cos t sin f, -sin t), e2 = (-sin f, cos f, 0)
    T e1x, e1y, e1z, e2x, e2y;
    if (kt > 0)
    {
        T const cos_t = k.pz / kmag;
        T const cos_f = k.px / kt;
        T const sin_f = k.py / kt;
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
    T const a = -helicity / real_sqrt(T(2));  // coefficient of e1
    T const b = -1 / real_sqrt(T(2));         // e2 enters as -i e2 / sqrt 2
    return {{{0, 0}, {a * e1x, b * e2x}, {a * e1y, b * e2y}, {a * e1z, 0}}};
}

//! eps^*(k, helicity) for an outgoing vector boson.
template<class T = real_type>
FATHOM_FUNCTION inline BasicComplexFourVector<T>
outgoing_polarization_vector(FourVectorArg<T> const& k, int helicity, std::type_identity_t<T> mass = 0)
{
    return conj(polarization_vector<T>(k, helicity, mass));
}

//! k^mu in place of a polarisation: the amplitude must vanish (Ward identity / gauge check).
template<class T = real_type>
FATHOM_FORCEINLINE_FUNCTION BasicComplexFourVector<T> ward_identity_vector(FourVectorArg<T> const& k)
{
    return to_complex<T>(k);
}
}  // namespace fathom
