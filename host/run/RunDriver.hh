// Runs a RunSpec: batches through the device, then histograms and summary to files.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "Adaptation.hh"
#include "Checkpoint.hh"
#include "ExactRunState.hh"
#include "RunSpec.hh"
#include "RunSummary.hh"
#include "io/HistogramData.hh"
#include "io/JsonFile.hh"
#include "io/OutputDirectory.hh"

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
    //! The exact sums behind summary and histograms, the events they hold and the frozen
    //! grid's digest: what histograms.h5 stores for `fathom merge` (ExactRunState.hh).
    ExactRunState exact;
    //! `fathom merge` only: its inputs and whether the result equals one run (summary.json "merge").
    Json merge;
    //! A resumed run: the checkpoint it continued (summary.json "resumed_from"; provenance).
    std::string resumed_from;
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

//! Checkpoints of a run (Checkpoint.hh), and the checkpoint it resumes from.
struct CheckpointPlan
{
    std::filesystem::path directory;  //!< OUT.checkpoint
    CheckpointInterval interval;
    std::optional<Checkpoint> resume;  //!< continue after its events, add its sums
};

//! Called after each batch with (events done, events total).
using ProgressFn = std::function<void(std::uint64_t, std::uint64_t)>;

//! Generate the run in memory (no files). Memory does not grow with spec.events.
//! With \p checkpoints: writes them (and one at SIGTERM/SIGINT once production runs) and resumes.
RunOutcome simulate(RunSpec const& spec, ProgressFn const& progress = {}, StopRule const& stop = {},
                    CheckpointPlan const* checkpoints = nullptr);

//! summary.json content: physics numbers, provenance and the effective card.
Json summary_json(RunSpec const& spec, RunOutcome const& outcome);

//! The outcome of \p events events from a run's exact sums (as at the end of simulate()).
void collect_results(DeviceRunResult const& sums, std::uint64_t events, DeviceSetupBuild const& build, RunOutcome& out);

//! Write histograms.h5 (with the exact sums), grid.h5, run_card.toml and summary.json into the
//! staging directory of \p out_dir (the caller commits it).
void write_run_output(OutputDirectory const& out_dir, RunSpec const& spec, RunOutcome& outcome);

//! The result table of `fathom run` and `fathom merge` on stdout.
void print_run_result(RunSpec const& spec, RunOutcome const& outcome, std::filesystem::path const& output);

//! The whole `fathom run`: refuse an existing output (unless force) before any work, simulate,
//! write histograms.h5, summary.json and run_card.toml atomically, print the result table.
//! With checkpoints enabled it writes them beside the output and removes them after the commit;
//! a fresh run refuses to start where an unfinished run's checkpoint lies.
RunOutcome execute_run(RunSpec const& spec, bool force, bool show_progress, CheckpointPlan const& checkpoints = {});

//! A stderr progress line "events, rate, ETA", redrawn in place (for terminals).
ProgressFn terminal_progress();
}  // namespace fathom
