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
// MPI ranks (a build with MPI and mpirun on PATH; else `mpi: off` and no rank keys), the same
// background run with the frozen grid, --rank-events events, as `fathom run` (its summary.json's
// events_per_s: production only), --repeat pairs run alternately:
//   events_per_s_ranks1     1 process x T threads (T = --rank-threads, default 2)
//   events_per_s_ranks<T>   mpirun -n T, 1 thread each
//   rank_efficiency_<T>     median over the pairs of rate(T ranks x 1 thread) / rate(1 x T)
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include <CLI/CLI.hpp>

#include "DeviceRun.hh"
#include "io/JsonFile.hh"
#include "run/Ranks.hh"
#include "io/OutputDirectory.hh"
#include "io/SamplerGridFile.hh"
#include "run/Checkpoint.hh"
#include "run/RunCard.hh"
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

//! events_per_s of a `fathom run` command line that writes \p out; throws if it fails.
double run_rate(std::string const& command, fs::path const& out)
{
    std::string const full = command + " > '" + out.string() + ".log' 2>&1";
    if (std::system(full.c_str()) != 0)
        throw std::runtime_error("failed: " + command + " (see " + out.string() + ".log)");
    return read_json_file(out / "summary.json")["timing"]["events_per_s"].get<double>();
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    std::size_t const n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
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
    std::uint64_t rank_events = 400'000;
    unsigned rank_threads = 2;
    unsigned repeat = 3;
    app.add_option("--rank-events", rank_events, "Events of each rank-scaling run (0: skip them)");
    app.add_option("--rank-threads", rank_threads, "T: 1 process x T threads against T ranks x 1 thread")
        ->check(CLI::Range(2u, 1024u));
    app.add_option("--repeat", repeat, "Pairs of rank-scaling runs")->check(CLI::Range(1u, 100u));
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
        writer.write(merged.exact, &*grid_run.grid, grid_run.adaptation ? &*grid_run.adaptation : nullptr);
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
        (void)copied;

        bool const mpi = mpi_built() && std::system("command -v mpirun > /dev/null 2>&1") == 0;
        if (!mpi || rank_events == 0)
        {
            std::printf("mpi: off%s\n", mpi ? " (--rank-events 0)" : " (no MPI build or no mpirun)");
        }
        else
        {
            // the background card with the frozen grid, as a job would run it
            std::ofstream(work / "card.toml") << effective_card(spec) << "\n";
            std::string const common = std::string(FATHOM_EXE) + " run '" + (work / "card.toml").string() + "' --grid '"
                                       + grid_file.string() + "' -n " + std::to_string(rank_events)
                                       + " --no-progress --checkpoint-every 0";
            std::vector<double> one, many, ratio;
            for (unsigned i = 0; i < repeat; ++i)
            {
                fs::path const a = work / ("ranks1_" + std::to_string(i));
                fs::path const b = work / ("ranksT_" + std::to_string(i));
                std::string const ca = common + " -t " + std::to_string(rank_threads) + " -o '" + a.string() + "'";
                std::string const cb = "mpirun --oversubscribe --allow-run-as-root -n " + std::to_string(rank_threads)
                                       + " " + common + " -t 1 -o '" + b.string() + "'";
                double ra = 0, rb = 0;
                if (i % 2 == 0)
                {
                    ra = run_rate(ca, a);
                    rb = run_rate(cb, b);
                }
                else
                {
                    rb = run_rate(cb, b);
                    ra = run_rate(ca, a);
                }
                one.push_back(ra);
                many.push_back(rb);
                ratio.push_back(rb / ra);
            }
            std::printf("mpi: on\n");
            std::printf("rank_events: %llu\n", static_cast<unsigned long long>(rank_events));
            std::printf("events_per_s_ranks1: %.4g\n", median(one));
            std::printf("events_per_s_ranks%u: %.4g\n", rank_threads, median(many));
            std::printf("rank_efficiency_%u: %.3f\n", rank_threads, median(ratio));
        }
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
