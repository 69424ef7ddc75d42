// Enumeration of external helicity configurations and the massless chirality selection rule.
//
// A configuration of N external legs with two helicities each is an index in [0, 2^N): bit i set
// means leg i has helicity +1, clear means -1. Amplitude code precomputes each external
// wavefunction for both helicities (indexed by helicity_slot) and every shared off-shell
// wavefunction for the configurations of the legs it depends on, then loops over the 2^N
// configurations closing diagrams: a fixed-trip loop without data-dependent branches.
#pragma once

#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"

namespace fathom
{
//! Number of helicity configurations of n two-state legs.
FATHOM_FORCEINLINE_FUNCTION constexpr size_type num_helicity_configs(size_type n)
{
    return size_type(1) << n;
}

//! Slot (0 for -1, 1 for +1) of leg `leg` in configuration `config`.
FATHOM_FORCEINLINE_FUNCTION constexpr size_type helicity_slot(size_type config, size_type leg)
{
    return (config >> leg) & 1u;
}

//! Helicity (+1 or -1) stored in a slot.
FATHOM_FORCEINLINE_FUNCTION constexpr int slot_helicity(size_type slot)
{
    return slot ? 1 : -1;
}

//! Helicity (+1 or -1) of leg `leg` in configuration `config`.
FATHOM_FORCEINLINE_FUNCTION constexpr int helicity_of(size_type config, size_type leg)
{
    return slot_helicity(helicity_slot(config, leg));
}

//! Role of an external fermion, which fixes its wavefunction (u, ubar, vbar, v).
enum class FermionRole
{
    incoming_fermion,
    outgoing_fermion,
    incoming_antifermion,
    outgoing_antifermion,
};

/*!
 * Chirality (+1 right, -1 left) of a massless external fermion's column spinor: u(lambda) has
 * chirality lambda, v(lambda) has -lambda (ubar, vbar: that of u, v).
 * A massless chain built only from vector and axial vertices and fermion propagators has an odd
 * number of gamma matrices between its ends, so it vanishes exactly unless its two ends have the
 * same chirality: amplitude code may skip such chains when m = 0 (and only then).
 */
FATHOM_FORCEINLINE_FUNCTION constexpr int massless_chirality(FermionRole role, int helicity)
{
    return (role == FermionRole::incoming_fermion || role == FermionRole::outgoing_fermion) ? helicity
                                                                                             : -helicity;
}
}  // namespace fathom
