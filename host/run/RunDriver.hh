// Runs a RunSpec: batches through the device, then histograms and summary to files.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "Adaptation.hh"
#include "RunSpec.hh"
#include "RunSummary.hh"
#include "io/HistogramData.hh"
#include "io/JsonFile.hh"

namespace fathom
{
struct RunTiming
{
    double setup_s{0};
    double adapt_s{0};     //!< adaptation phase (adaptive sampler)
    double generate_s{0};
    double write_s{0};
    double events_per_s{0};
};

struct RunOutcome
{
    RunSummary summary;
    std::vector<HistogramData> histograms;  //!< values in pb per bin, variances in pb^2
    RunTiming timing;
    std::string device;              //!< backend and threads
    unsigned threads{1};             //!< CPU threads that ran the kernels
    std::uint64_t device_bytes{0};   //!< device memory held by the run
    std::optional<AdaptationReport> adaptation;  //!< adaptive sampler only
    std::optional<SamplerGrid> grid;             //!< its frozen grid, saved as grid.h5
    bool stopped_early{false};  //!< a StopRule ended it before spec.events (summary.events_tried: the events run)
};

/*!
 * Generation that ends when a precision is reached: at every multiple of \p every events (the
 * same check points on any device, batch size and thread count), \p reached sees the outcome of
 * the events so far (summary and histograms from the exact sums) and ends the run by returning
 * true; spec.events is the most it runs. The result is then that of a run of the events done.
 */
struct StopRule
{
    std::uint64_t every{0};
    std::function<bool(RunOutcome const&)> reached;
};

//! Called after each batch with (events done, events total).
using ProgressFn = std::function<void(std::uint64_t, std::uint64_t)>;

//! Generate the run in memory (no files). Memory does not grow with spec.events.
RunOutcome simulate(RunSpec const& spec, ProgressFn const& progress = {}, StopRule const& stop = {});

//! summary.json content: physics numbers, provenance and the effective card.
Json summary_json(RunSpec const& spec, RunOutcome const& outcome);

//! The whole `fathom run`: refuse an existing output (unless force) before any work, simulate,
//! write histograms.h5, summary.json and run_card.toml atomically, print the result table.
RunOutcome execute_run(RunSpec const& spec, bool force, bool show_progress);

//! A stderr progress line "events, rate, ETA", redrawn in place (for terminals).
ProgressFn terminal_progress();
}  // namespace fathom
