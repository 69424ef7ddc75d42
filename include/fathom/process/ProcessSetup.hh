// Which process a run evaluates, with its parameters: host-built, copied into the kernel.
#pragma once

#include "fathom/amplitude/BhabhaAmplitude.hh"

namespace fathom
{
enum class ProcessId : std::uint8_t
{
    ee_ee,  //!< e+e- -> e+e- (Bhabha)
};

struct ProcessSetup
{
    ProcessId id{ProcessId::ee_ee};
    BhabhaParams bhabha{};
};
}  // namespace fathom
