// Standard-model couplings of the photon and the Z to fermions (parameters: fathom/base/Constants.hh).
//
// Convention: the covariant derivative D = d + i e Q A + i g_Z (T3 P_L - Q sin^2 th_W) Z, so that
//   L_int = - e Q psibar Aslash psi - g_Z psibar Zslash (T3 P_L - Q sin^2 th_W) psi,  g_Z = e / (s_W c_W),
// i.e. (ChiralCoupling.hh) photon: left = right = e Q; Z: left = g_Z (T3 - Q s_W^2), right = -g_Z Q s_W^2.
// Only the relative sign of the photon charge and the Q term of the Z coupling is physical (flipping
// the sign of a field flips both of its vertices); photon-Z interference depends on it.
// The coupling helpers take their real type as an explicit template argument (default real_type).
#pragma once

#include "fathom/base/Constants.hh"

#include <type_traits>

#include "fathom/base/Macros.hh"
#include "fathom/base/RealMath.hh"
#include "fathom/base/Types.hh"

#include "ChiralCoupling.hh"

namespace fathom
{
//! e = sqrt(4 pi alpha) (Heaviside-Lorentz, hbar = c = 1).
template<class T = real_type>
FATHOM_FORCEINLINE_FUNCTION T elementary_charge(std::type_identity_t<T> alpha)
{
    constexpr T four_pi = 4 * real_pi<T>();
    return real_sqrt(four_pi * alpha);
}

//! Photon coupling of a fermion of charge Q (in units of e; -1 for the electron).
template<class T = real_type>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicChiralCoupling<T>
photon_coupling(std::type_identity_t<T> e, std::type_identity_t<T> charge)
{
    return vector_coupling<T>(e * charge);
}

//! Z coupling of a fermion with weak isospin T3 (of its left-handed component) and charge Q.
template<class T = real_type>
FATHOM_FORCEINLINE_FUNCTION BasicChiralCoupling<T> z_coupling(std::type_identity_t<T> e,
                                                              std::type_identity_t<T> sin2w,
                                                              std::type_identity_t<T> t3,
                                                              std::type_identity_t<T> charge)
{
    T const g_z = e / real_sqrt(sin2w * (1 - sin2w));
    return {g_z * (t3 - charge * sin2w), -g_z * charge * sin2w};
}

//! Charged leptons: Q = -1, T3 = -1/2.
template<class T = real_type>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicChiralCoupling<T> electron_photon_coupling(std::type_identity_t<T> e)
{
    return photon_coupling<T>(e, -1);
}
template<class T = real_type>
FATHOM_FORCEINLINE_FUNCTION BasicChiralCoupling<T>
electron_z_coupling(std::type_identity_t<T> e, std::type_identity_t<T> sin2w)
{
    return z_coupling<T>(e, sin2w, T(-0.5), -1);
}
}  // namespace fathom
