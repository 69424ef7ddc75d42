// Observable and particle-set names of the run card <-> device-side definitions.
#pragma once

#include <string>
#include <vector>

#include "fathom/observables/Observable.hh"

namespace fathom
{
//! An observable parsed from its name, with what a user needs to read its axis.
struct NamedObservable
{
    ObservableDef def;
    std::string name;
    std::string label;  //!< human-readable, with unit
    std::string unit;
};

//! Parse an observable name (see docs/run-card.md); `present` is the mask of slots that the
//! process fills. Throws InputError naming `key` if the name is unknown or needs a particle
//! the process does not have.
NamedObservable parse_observable(std::string const& name, SlotMask present, std::string const& key);

//! Parse a particle-set name ("ep", "em", "a1", "a2", "a3", "leptons", "photons", "all").
SlotMask parse_particle_set(std::string const& name, SlotMask present, std::string const& key);

//! Every observable name pattern, for --help and the documentation.
std::vector<std::string> observable_name_patterns();
}  // namespace fathom
