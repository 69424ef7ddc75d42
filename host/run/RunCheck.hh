// Whether a finished run has a usable result, decided before anything is written: at least one
// accepted event, and at most max_nonfinite_fraction of its events with a non-finite weight.
// Otherwise the command fails with exit status 3 (RunFailure) and one line saying why, and
// writes no output, unless the user asked for it anyway (--allow-empty).
#pragma once

#include <string>
#include <vector>

#include "RunSpec.hh"
#include "RunSummary.hh"

namespace fathom
{
//! Non-finite weights tolerated per event tried (a few events in 1e6 may overflow in extreme
//! corners; more means the result is not to be trusted).
inline constexpr double max_nonfinite_fraction = 1e-6;

//! Empty if the run is usable; else one line (starting with the card path) saying why: the
//! counts of the selection stages, or which factor of the weight was not finite (|M|^2,
//! phase-space weight, their product) with the card values that are likely culprits.
std::string unusable_run_reason(RunSpec const& spec, RunSummary const& summary);

//! Card values of the tables that make weights (beams, process, phase_space, detector) that are
//! not finite or above 1e10 in magnitude, as "process.g_agg = 1e+300".
std::vector<std::string> extreme_card_values(RunSpec const& spec);

//! Throw RunFailure(context + reason) if the run is not usable, unless spec.allow_empty: then
//! print "fathom: warning: ..." on stderr and return false. True for a usable run.
bool check_run_usable(RunSpec const& spec, RunSummary const& summary, std::string const& context = {});
}  // namespace fathom
