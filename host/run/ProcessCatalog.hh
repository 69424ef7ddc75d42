// The processes a run card may name, with what the host needs to set a run up for them.
#pragma once

#include <string>
#include <vector>

#include "fathom/event/Event.hh"
#include "fathom/process/ProcessSetup.hh"
#include "RunSpec.hh"

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

/*!
 * A pseudoscalar meson P as a peaking background of the ALP search: P couples to photons like the ALP,
 * L = -(g/4) P F Ftilde, so its measured two-photon width fixes g through
 * Gamma(P -> gamma gamma) = g^2 m^3 / (64 pi) (alp_diphoton_width), and the total width gives
 * BR(P -> gamma gamma). Values: constants.hh (PDG 2024).
 *
 * Form factors are neglected: the gamma* gamma* -> P transition form factor F(q1^2, q2^2) (~ 1 / (1 + Q^2 /
 * Lambda^2) per photon, Lambda ~ 0.77 GeV) is set to F(0, 0). The forward region (both |t| << Lambda^2,
 * the bulk of the untagged cross section) is right; large-|t| tails (tagged leptons, leptons in the
 * barrel) are overestimated.
 */
struct MesonInfo
{
    std::string name;           //!< as in `process.meson`
    double mass;                //!< GeV
    double total_width;         //!< GeV
    double diphoton_branching;  //!< BR(P -> gamma gamma)

    double diphoton_width() const { return total_width * diphoton_branching; }
    //! g = sqrt(64 pi Gamma_gg / m^3) in GeV^-1.
    double coupling() const;
};

//! pi0, eta, eta_prime (PDG 2024).
std::vector<MesonInfo> const& meson_catalog();
//! The meson of that name, or nullptr.
MesonInfo const* find_meson(std::string const& name);
//! Make `spec` a meson_fusion run of that meson: its mass, coupling and total width.
void set_meson(RunSpec& spec, MesonInfo const& meson);
//! "pi0, eta, eta_prime": for error messages.
std::string meson_names();

//! All processes, in documentation order.
std::vector<ProcessInfo> const& process_catalog();

//! The process of that name; throws InputError naming `key` and listing the available ones.
ProcessInfo const& find_process(std::string const& name, std::string const& key);
}  // namespace fathom
