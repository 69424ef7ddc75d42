// bench_scaling: production at scale (issue 15): merging job-array streams and checkpointing,
// on the radiative-Bhabha background of a scan card at one mass.
//
//   bench_scaling [--card CARD] [--mass 2] [--streams 100] [--events N] [--threads T]
//                 [--adapt-iterations I] [--adapt-events M] [--keep DIR]
//
// The background run is the scan's (background_spec: the card's cuts, detector response and
// analysis histograms, window [m_a - 3, m_a + 1.5] x 1.5 % m_a; the window's width does not
// change the size of what is merged or checkpointed). One run adapts and freezes the grid; then
// --streams stream runs of --events events in all (`fathom run --grid --stream J --streams M`,
// each written as `fathom run` writes it) and `fathom merge` of all of them:
//   merge_<M>_s             wall time of the merge (reading, checking, adding, writing)
//   merge_equivalent        yes if the merge reports the streams equivalent to one run
//   stream_output_bytes     one stream's output directory
// A checkpoint of that run (the merged state), as `fathom run --checkpoint-every` writes it:
//   checkpoint_write_s      the device's sums to the host (DeviceRun::result) + the first write
//                           (card, grid and state; later writes skip card and grid)
//   checkpoint_bytes        the files of the checkpoint directory
//   checkpoint_overhead_at_300s   checkpoint_write_s / 300 s (the default interval)
// MPI ranks (events_per_s_ranks1, _ranks2, rank_efficiency_2) are measured by the MPI build;
// this one prints `mpi: off`.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include <CLI/CLI.hpp>

#include "DeviceRun.hh"
#include "io/OutputDirectory.hh"
#include "io/SamplerGridFile.hh"
#include "run/Checkpoint.hh"
#include "run/RunDriver.hh"
#include "run/RunMerge.hh"
#include "scan/MassPointSpecs.hh"
#include "scan/ScanCard.hh"

namespace
{
using namespace fathom;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0)
{
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::uint64_t directory_bytes(fs::path const& dir)
{
    std::uint64_t n = 0;
    for (auto const& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file())
            n += e.file_size();
    return n;
}
}  // namespace

int main(int argc, char** argv)
{
    CLI::App app{"bench_scaling: merge of job-array streams and checkpoint cost"};
    std::string card = FATHOM_SOURCE_DIR "/configs/alp_scan_belle2.toml";
    double mass = 2.0;
    unsigned streams = 100;
    std::uint64_t events = 1'000'000;
    unsigned threads = 0;
    unsigned adapt_iterations = 3;
    std::uint64_t adapt_events = 20'000;
    std::string keep;
    app.add_option("--card", card, "Scan card");
    app.add_option("--mass", mass, "ALP mass in GeV (the window of the background)");
    app.add_option("--streams", streams, "Stream runs to merge")->check(CLI::Range(1u, 100000u));
    app.add_option("--events", events, "Events of all streams together");
    app.add_option("--threads", threads, "CPU threads per run (0: all)");
    app.add_option("--adapt-iterations", adapt_iterations, "Adaptation iterations of the grid run");
    app.add_option("--adapt-events", adapt_events, "Events per adaptation iteration");
    app.add_option("--keep", keep, "Work in this new directory and keep it (default: a temporary one, removed)");
    CLI11_PARSE(app, argc, argv);

    try
    {
        fs::path const work = keep.empty() ? fs::temp_directory_path() / ("bench_scaling-" + std::to_string(::getpid()))
                                           : fs::path(keep);
        if (fs::exists(work))
            throw std::runtime_error(work.string() + " exists: give a new directory");
        fs::create_directories(work);

        ScanSpec const scan = read_scan_card(card);
        RunSpec spec = background_spec(scan, mass_window(scan, mass, 0.015 * mass), 1);
        spec.threads = threads;
        spec.adapt_iterations = adapt_iterations;
        spec.adapt_events = adapt_events;
        spec.importance_histogram.clear();
        spec.importance_map.clear();
        spec.events = 0;
        RunOutcome const grid_run = simulate(spec);
        fs::path const grid_file = work / "grid.h5";
        if (!grid_run.grid)
            throw std::runtime_error("the background run has no adaptive grid");
        write_sampler_grid(grid_file, *grid_run.grid);

        spec.events = events;
        spec.grid_file = grid_file.string();
        spec.streams = streams;
        std::vector<fs::path> inputs;
        auto t0 = Clock::now();
        for (unsigned j = 0; j < streams; ++j)
        {
            spec.stream = j;
            spec.output_directory = (work / ("stream_" + std::to_string(j))).string();
            OutputDirectory out(spec.output_directory, {"run", false, {}});
            RunOutcome o = simulate(spec);
            write_run_output(out, spec, o);
            out.commit();
            inputs.emplace_back(spec.output_directory);
        }
        double const streams_s = since(t0);

        MergeOptions merge_options{work / "merged", inputs, false, true};
        t0 = Clock::now();
        RunOutcome const merged = execute_merge(merge_options);
        double const merge_s = since(t0);

        // a checkpoint of the merged state, with the device-to-host copy of a run of this layout
        spec.streams = 1;
        spec.stream = 0;
        DeviceSetupBuild const build = build_device_setup(spec);
        DeviceRun run(build.setup);
        t0 = Clock::now();
        DeviceRunResult const copied = run.result();
        CheckpointWriter writer(work / "run.checkpoint", spec, build);
        writer.write(merged.exact, &*grid_run.grid);
        double const checkpoint_s = since(t0);

        std::printf("card: %s\n", card.c_str());
        std::printf("mass_gev: %g\n", mass);
        std::printf("backend: %s\n", DeviceRun::backend_name());
        std::printf("threads: %u\n", run.threads());
        std::printf("histogram_bins: %llu\n", static_cast<unsigned long long>(build.setup.params.histograms.total_bins));
        std::printf("streams: %u\n", streams);
        std::printf("events: %llu\n", static_cast<unsigned long long>(events));
        std::printf("stream_runs_s: %.3f\n", streams_s);
        std::printf("stream_output_bytes: %llu\n", static_cast<unsigned long long>(directory_bytes(inputs.front())));
        std::printf("merge_%u_s: %.3f\n", streams, merge_s);
        std::printf("merge_equivalent: %s\n", merged.merge.value("equivalent_to_single_run", false) ? "yes" : "no");
        std::printf("checkpoint_write_s: %.4f\n", checkpoint_s);
        std::printf("checkpoint_bytes: %llu\n", static_cast<unsigned long long>(directory_bytes(work / "run.checkpoint")));
        std::printf("checkpoint_overhead_at_300s: %.2e\n", checkpoint_s / 300);
        std::printf("mpi: off\n");
        (void)copied;
        if (keep.empty())
            fs::remove_all(work);  // the benchmark's own temporary directory
        return 0;
    }
    catch (std::exception const& e)
    {
        std::fprintf(stderr, "bench_scaling: error: %s\n", e.what());
        return 1;
    }
}
