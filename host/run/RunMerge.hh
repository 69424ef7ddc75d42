// `fathom merge OUT IN...`: runs of one card combined exactly, by adding their exact sums
// (ExactRunState.hh). All streams of one run merge into the bit-identical output of that run.
// The rule per field is in docs/design.md, "Merging runs".
#pragma once

#include <filesystem>
#include <vector>

#include "RunDriver.hh"

namespace fathom
{
struct MergeOptions
{
    std::filesystem::path output;
    std::vector<std::filesystem::path> inputs;  //!< run (or merge) output directories
    bool force{false};
    bool quiet{false};  //!< no result table on stdout (benchmarks)
};

/*!
 * Merge the inputs into a new output directory (all or nothing, as a run's). InputError, naming
 * the input and what differs, before anything is written for: an input that is not a fathom run
 * output of histograms format 2; inputs whose cards differ in anything but the seed, the event
 * count, the threads, batch size, SIMD flag, output directory and the sampler's settings;
 * inputs holding the same events (the same seed and intersecting event ranges). Inputs with
 * different seeds, sampler settings or frozen grids are merged and marked as not equivalent to
 * one run (summary.json merge.equivalent_to_single_run).
 */
RunOutcome execute_merge(MergeOptions const& options);
}  // namespace fathom
