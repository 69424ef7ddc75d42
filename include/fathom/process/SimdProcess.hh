// Matrix elements of a pack of events at once, one event per SIMD lane (host only, SimdReal.hh).
//
// A process gets a SIMD form when its amplitude is a template on the real type: the same code
// then runs on BasicFourVector<SimdReal>, with lane selects where the scalar code branches
// (RealMath.hh), so each lane's |M|^2 is the scalar code's value for that event. Today that is
// the radiative Bhabha family (ee_eea, ee_eeaa: BasicRadiativeBhabhaFunctor); other processes
// report available = false and the CPU launcher evaluates them one event at a time.
#pragma once

#include "fathom/amplitude/RadiativeBhabhaAmplitude.hh"
#include "fathom/base/SimdReal.hh"
#include "fathom/kinematics/FourVector.hh"

#include "AmplitudeProcess.hh"

namespace fathom
{
//! Momenta of a pack of events, one four-vector of lanes per leg.
using SimdFourVector = BasicFourVector<SimdReal>;

//! Put p into lane l of a pack.
inline void set_lane(SimdFourVector& v, int l, FourVector const& p)
{
    v.e[l] = p.e;
    v.px[l] = p.px;
    v.py[l] = p.py;
    v.pz[l] = p.pz;
}

//! Processes without a SIMD form.
template<class Process>
struct SimdProcess
{
    static constexpr bool available = false;
};

//! e+e- -> e+e- + N photons: BasicRadiativeBhabhaFunctor evaluated on packs.
template<int N, size_type NumLeptons, size_type NumPhotons>
struct SimdProcess<AmplitudeProcess<BasicRadiativeBhabhaFunctor<real_type, N>, NumLeptons, NumPhotons>>
{
    using Process = AmplitudeProcess<BasicRadiativeBhabhaFunctor<real_type, N>, NumLeptons, NumPhotons>;
    static constexpr bool available = true;
    //! Legs in the amplitude's reference order: the two beams, then the final state.
    static constexpr size_type num_legs = 2 + Process::num_final;

    BasicRadiativeBhabhaFunctor<SimdReal, N> amplitude;

    explicit SimdProcess(Process const& p) : amplitude{p.amplitude.params} {}

    //! |M|^2 of every lane; legs[k] holds leg k of each lane's event (reference order).
    SimdReal operator()(SimdFourVector const* legs) const { return amplitude(legs); }
};
}  // namespace fathom
