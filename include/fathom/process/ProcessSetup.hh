// Which process a run evaluates, with its parameters: host-built, copied into the kernel.
#pragma once

#include "fathom/amplitude/AlpParams.hh"
#include "fathom/amplitude/BhabhaAmplitude.hh"
#include "fathom/amplitude/QedAnnihilationParams.hh"

namespace fathom
{
enum class ProcessId : std::uint8_t
{
    ee_ee,       //!< e+e- -> e+e- (Bhabha)
    ee_eea,      //!< e+e- -> e+e- gamma
    ee_eeaa,     //!< e+e- -> e+e- gamma gamma (the radiative-Bhabha background)
    ee_aaa,      //!< e+e- -> gamma gamma gamma (QED)
    alp_fusion,  //!< e+e- -> e+e- a, a -> gamma gamma (narrow width)
    alp_photon,  //!< e+e- -> gamma a, a -> gamma gamma (narrow width)
};

struct ProcessSetup
{
    ProcessId id{ProcessId::ee_ee};
    BhabhaParams bhabha{};                   //!< lepton-pair processes (couplings, Z)
    QedAnnihilationParams annihilation{};    //!< e+e- -> photons
    AlpParams alp{};                         //!< ALP signals
};
}  // namespace fathom
