// Where two runs' effective cards differ: what `fathom merge` and `fathom run --resume` refuse.
#pragma once

#include <optional>
#include <string>

#include "RunSpec.hh"

namespace fathom
{
//! What a comparison leaves out besides the provenance keys (run.threads, run.batch_size,
//! run.simd, output.directory), which never change a result.
enum class CardScope
{
    merge,   //!< also run.events, run.seed and the sampler's settings (sampler_difference)
    resume,  //!< nothing else: a resumed run is the same run
};

//! The first card key where the effective cards of \p a and \p b differ, as
//! "key (value in a vs value in b)"; nullopt if they agree within \p scope.
std::optional<std::string> card_difference(RunSpec const& a, RunSpec const& b, CardScope scope);

//! The same for the sampler's settings only (phase_space.sampler, grid bins, adaptation and
//! damping keys, alpha_positron_first, pair_mass_mapping): another importance sampling of the
//! same integral over the same phase space.
std::optional<std::string> sampler_difference(RunSpec const& a, RunSpec const& b);
}  // namespace fathom
