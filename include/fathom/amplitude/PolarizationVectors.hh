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
    T const zero(0);
    if (helicity == 0)
    {
        auto const at_rest = kmag == 0;
        T const f = k.e / (mass * kmag);
        return {{{real_select(at_rest, zero, T(kmag / mass)), zero},
                 {real_select(at_rest, zero, T(f * k.px)), zero},
                 {real_select(at_rest, zero, T(f * k.py)), zero},
                 {real_select(at_rest, T(1), T(f * k.pz)), zero}}};
    }
    // e1 = (cos t cos f, cos t sin f, -sin t), e2 = (-sin f, cos f, 0); along the z axis the
    // phi -> 0 limit (lane selects for SIMD packs, RealMath.hh)
    auto const off_axis = kt > 0;
    T const cos_t = k.pz / kmag;
    T const cos_f = k.px / kt;
    T const sin_f = k.py / kt;
    T const e1x = real_select(off_axis, T(cos_t * cos_f), real_select(k.pz < 0, T(-1), T(1)));
    T const e1y = real_select(off_axis, T(cos_t * sin_f), zero);
    T const e1z = real_select(off_axis, T(-kt / kmag), zero);
    T const e2x = real_select(off_axis, T(-sin_f), zero);
    T const e2y = real_select(off_axis, cos_f, T(1));
    T const a = -helicity / real_sqrt(T(2));  // coefficient of e1
    T const b = -1 / real_sqrt(T(2));         // e2 enters as -i e2 / sqrt 2
    return {{{zero, zero}, {a * e1x, b * e2x}, {a * e1y, b * e2y}, {a * e1z, zero}}};
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
