// The adaptation phase of the adaptive sampler: iterations that train the VEGAS grids and the
// channel weights and never reach the output, then a frozen sampler for production.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "DeviceRun.hh"
#include "RunSpec.hh"
#include "RunSummary.hh"
#include "io/SamplerGridFile.hh"

namespace fathom
{
//! One iteration: its estimate (N = its events), the exact tally it comes from, and the
//! channel weights it ran with.
struct IterationReport
{
    RunSummary summary;  //!< summarize(tally, the iteration's events)
    RunTally tally;
    std::vector<double> alpha;
};

//! Mean of independent estimates weighted by their events, with chi^2 / dof of their spread.
struct CombinedEstimate
{
    double value{0};
    double error{0};
    double chi2_per_dof{0};  //!< 0 with fewer than two estimates
    unsigned dof{0};
};

/*!
 * Combine the estimates that have a positive error and events (the others carry no
 * information), each weighted by its events: sum N_k x_k / sum N_k, error sqrt(sum N_k^2 e_k^2)
 * / sum N_k. Every estimate is unbiased, so the combination is; weighting by the inverse of each
 * estimate's own variance is not, where weights are heavy-tailed: a low fluctuation, missing a
 * rare large weight, also has a small error and would pull the mean down.
 */
CombinedEstimate combine_estimates(std::vector<RunSummary> const& estimates);

struct AdaptationReport
{
    SamplerLayout layout;
    std::string grid_loaded_from;             //!< --grid FILE (no adaptation ran), else empty
    std::vector<IterationReport> iterations;  //!< adaptation iterations, in order
    std::vector<double> alpha;                //!< frozen channel weights of production
    std::uint64_t events{0};                  //!< adaptation events (none reach the output)
    double seconds{0};
};

//! What the run's "combined" estimate combines: the second half of the adaptation iterations
//! and production. Early iterations ran on grids far from converged (with the analysis cuts
//! their estimates were low with errors too small, chi^2/dof of all iterations up to 2.7).
std::vector<RunSummary> converged_estimates(AdaptationReport const& a, RunSummary const& production);

//! First event index of adaptation iteration k: far above any production index, so that
//! adaptation and production never share random numbers (indices are Philox subsequences).
std::uint64_t adaptation_first_event(unsigned iteration);

//! Called after each iteration's refinement with the report so far (e.g. to write a checkpoint).
using IterationHook = std::function<void(AdaptationReport const&)>;

//! Run spec.adapt_iterations iterations of spec.adapt_events events on \p run (adaptive
//! sampler), refining grids and channel weights after each; the run is then frozen. \p done:
//! the iterations of a checkpoint to continue from, \p run holding the grid after the last of
//! them; the grids and the report are then those of an uninterrupted adaptation.
AdaptationReport adapt_sampler(RunSpec const& spec, DeviceRun& run, AdaptationReport const* done = nullptr,
                               IterationHook const& after_iteration = {});

//! What a grid depends on (process, beams, process parameters, cuts, generation windows and
//! bins) and the run's channels: the layout a reloaded grid must match.
SamplerGrid expected_sampler_grid(RunSpec const& spec, SamplerLayout const& layout);

//! Load --grid FILE into \p run after checking that it was made for this run (InputError).
AdaptationReport load_sampler_grid(RunSpec const& spec, DeviceRun& run);

//! The frozen grid of \p run, to save with the output.
SamplerGrid frozen_sampler_grid(RunSpec const& spec, DeviceRun const& run, std::uint64_t adaptation_events);
}  // namespace fathom
