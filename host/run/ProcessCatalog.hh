// The processes a run card may name, with what the host needs to set a run up for them.
#pragma once

#include <string>
#include <vector>

#include "fathom/event/Event.hh"
#include "fathom/process/ProcessSetup.hh"

namespace fathom
{
struct ProcessInfo
{
    std::string name;         //!< as in run cards and `fathom me --process`
    ProcessId id;
    std::string description;
    size_type num_leptons{0};  //!< outgoing e+ e- (0 or 2)
    size_type num_photons{0};  //!< outgoing photons
    //! Narrow resonance (the ALP) decaying to the last two photons: generated on shell, with
    //! the production process sampled by RAMBO.
    bool narrow_resonance{false};
    //! Named parts of |M|^2 a histogram can be filled with (MatrixElement::parts order).
    std::vector<std::string> parts{};
    //! Phase-space samplers that can generate this final state (the first is the default).
    std::vector<std::string> samplers{"rambo"};

    size_type num_final() const { return num_leptons + num_photons; }
    //! Slots this process fills (beams included).
    SlotMask slots() const;
};

//! All processes, in documentation order.
std::vector<ProcessInfo> const& process_catalog();

//! The process of that name; throws InputError naming `key` and listing the available ones.
ProcessInfo const& find_process(std::string const& name, std::string const& key);
}  // namespace fathom
