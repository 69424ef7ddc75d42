// Parameters of the e+e- -> e+e- (+ photons) matrix elements with photon and optional Z exchange.
//
// One set of parameters for e+e- -> e+e- (BhabhaAmplitude) and e+e- -> e+e- + photons
// (RadiativeBhabhaAmplitude), as a template on the real type so that the amplitudes can be
// evaluated in long double / __float128 for precision checks.
// Defaults: the reference-data parameters (reference README), photon exchange only, massive
// electrons.
#pragma once

#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"

#include "fathom/base/Constants.hh"

namespace fathom
{
template<class T = real_type>
struct BasicQedParams
{
    T alpha{constants::alpha_default};          //!< fine-structure constant (no running)
    T electron_mass{constants::electron_mass};  //!< GeV; 0 for the massless limit
    bool z_exchange{false};                     //!< add the Z-exchange diagrams
    T mz{constants::z_mass};                    //!< GeV
    T wz{constants::z_width};                   //!< GeV, fixed width in every channel
    T sin2w{constants::sin2_theta_w};           //!< sin^2 theta_W
};
using QedParams = BasicQedParams<real_type>;
//! The Bhabha amplitude takes the same parameters.
using BhabhaParams = QedParams;

//! The same parameters in another real type (each value converted, e.g. double -> long double exactly).
template<class U, class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicQedParams<U> convert_params(BasicQedParams<T> const& p)
{
    return {U(p.alpha), U(p.electron_mass), p.z_exchange, U(p.mz), U(p.wz), U(p.sin2w)};
}

}  // namespace fathom
