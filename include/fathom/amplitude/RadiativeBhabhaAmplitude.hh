// Radiative Bhabha scattering: tree-level |M|^2 of
//   e+(p0) e-(p1) -> e+(p2) e-(p3) gamma(k1)             (RadiativeBhabhaAmplitude; 8 photon-exchange
//                                                         diagrams, 16 with the Z)
//   e+(p0) e-(p1) -> e+(p2) e-(p3) gamma(k1) gamma(k2)   (DoubleRadiativeBhabhaAmplitude; 40 / 80)
// from helicity amplitudes (RadiativeBhabhaCore.hh: diagrams, Fermi signs, shared sub-expressions,
// numerics), massive electrons by default (m = 0 allowed), photon exchange and optionally the Z
// (unitary gauge, fixed width in every channel).
//
// Result (reference README convention): |M|^2 summed over final and averaged over the 4 initial
// helicities, divided by 2 for the two identical photons of e+e- -> e+e- gamma gamma; GeV^-2 and
// GeV^-4. dsigma = me2 / (2 s) dPhi_n for massless beams.
//
// Templates on the real type T: RadiativeBhabhaAmplitude and DoubleRadiativeBhabhaAmplitude are
// the real_type (double) functors of host and device code; BasicRadiativeBhabhaAmplitude<long
// double> (or __float128, host only) evaluates the same code in higher precision, and
// BasicDoubleRadiativeBhabhaAmplitude<SimdReal> evaluates one event per SIMD lane (host only,
// SimdReal.hh; the parameters stay scalars).
#pragma once

#include "fathom/base/Complex.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"
#include "fathom/kinematics/FourVector.hh"

#include "QedParams.hh"
#include "RadiativeBhabhaCore.hh"

namespace fathom
{
//---------------------------------------------------------------------------//
/*!
 * |M|^2 of e+e- -> e+e- + N photons (N = 1 or 2): p[0] e+ in, p[1] e- in, p[2] e+ out,
 * p[3] e- out, p[4..3+N] photons (GeV, any frame, on shell).
 */
template<class T, int N>
struct BasicRadiativeBhabhaFunctor
{
    using real = T;
    using Core = detail::RadiativeBhabhaHelicityAmplitudes<T, N>;
    static constexpr int num_photons = N;
    static constexpr size_type num_legs = 4 + N;
    static constexpr size_type num_helicity_configs = Core::num_configs;

    //! Scalars also when T is a SIMD pack of events (SimdReal.hh): one set for every lane.
    BasicQedParams<real_scalar_t<T>> params;

    //! Spin-summed and averaged |M|^2 (with 1/N! for identical photons).
    FATHOM_FUNCTION T operator()(BasicFourVector<T> const* p) const
    {
        detail::SquaredAmplitudeSum<T> sum;
        Core::evaluate(params, p, sum);
        constexpr real_scalar_t<T> symmetry = (N == 2) ? 2 : 1;
        return sum.sum / (4 * symmetry);
    }

    /*!
     * Call sink(config, amplitude) for every helicity configuration (config: bit i = helicity
     * slot of leg i, HelicityConfigurations.hh), amplitude = M up to one phase common to all
     * configurations. ward_photon = a (0 <= a < N) puts photon a's momentum in place of its
     * polarisation vector: every amplitude then vanishes (gauge invariance).
     */
    template<class Sink>
    FATHOM_FUNCTION void helicity_amplitudes(BasicFourVector<T> const* p, Sink& sink, int ward_photon = -1) const
    {
        Core::evaluate(params, p, sink, ward_photon);
    }
};

//! e+e- -> e+e- gamma in the real type T.
template<class T = real_type>
using BasicRadiativeBhabhaAmplitude = BasicRadiativeBhabhaFunctor<T, 1>;
//! e+e- -> e+e- gamma gamma in the real type T.
template<class T = real_type>
using BasicDoubleRadiativeBhabhaAmplitude = BasicRadiativeBhabhaFunctor<T, 2>;

//! e+e- -> e+e- gamma: p[0] e+ in, p[1] e- in, p[2] e+ out, p[3] e- out, p[4] photon.
using RadiativeBhabhaAmplitude = BasicRadiativeBhabhaAmplitude<real_type>;
//! e+e- -> e+e- gamma gamma: p[0] e+ in, p[1] e- in, p[2] e+ out, p[3] e- out, p[4], p[5] photons.
using DoubleRadiativeBhabhaAmplitude = BasicDoubleRadiativeBhabhaAmplitude<real_type>;

//! Reference-data parameters (reference README): photon exchange only, massive electrons.
FATHOM_FORCEINLINE_FUNCTION constexpr QedParams default_qed_params()
{
    return QedParams{};
}
}  // namespace fathom
