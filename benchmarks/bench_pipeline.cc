// bench_pipeline: events per second of the full fused pipeline (sample + cuts + |M|^2 + fill)
// on the built backend, and how much of it the matrix element is.
//
//   bench_pipeline [--card CARD] [--events N] [--threads T] [--repeat R]
//                  [--adapt-iterations K] [--adapt-events M] [--me-points P] [--me-seconds S]
//
// Without --card, three cases (keys prefixed by the case name):
//   ee_ee       configs/bhabha_belle2.toml (RAMBO, Bhabha cuts, 3 histograms), 2e6 events
//   ee_eeaa     configs/ee_eeaa_belle2_adaptive.toml (analysis cuts, m_gg window, adaptive
//               sampler), 2e5 events; adaptation 5 x 1e5 events unless --adapt-* say otherwise
//   alp_fusion  configs/alp_fusion_belle2.toml (analysis cuts, m_a = 1 GeV), 5e5 events
// With --card, that card alone (unprefixed keys, as before). --events N: N events per case.
//
// events_per_s: the best of R repetitions, events generated per second of production
// (set-up, and the adaptation of an adaptive sampler, excluded: the first repetition adapts,
// its grid is saved and reloaded by the others; adaptation_s reports it separately).
//
// Matrix element alone (me_* keys). The pipeline never copies events back, so the bench
// replays them on the host: events 0, 1, ... of the same seed through the same sampler (the
// adapted grid for the adaptive sampler) and cuts, as EventGenerator does, without |M|^2, and
// keeps the momenta of those that reach the matrix element, up to P of them. It then times the
// run's process functor over exactly those momenta with the pipeline's threads (best of R
// measurements of at least S seconds). With f = fraction of the events that needed |M|^2
// (accepted + non-finite, from the pipeline's own tally):
//   me_per_s               |M|^2 evaluations per second on the accepted events' momenta
//   me_only_events_per_s   = me_per_s / f: events/s if the pipeline cost only its |M|^2
//                            (evaluated as the pipeline does: SIMD packs for ee_eea, ee_eeaa)
//   pipeline_over_me_time  = me_only_events_per_s / events_per_s: pipeline time over the time
//                          the |M|^2 of its accepted events take (1 = all the time is |M|^2)
// replay_check: the replayed prefix is run through the pipeline as well (untimed); "exact" if
// its count of matrix elements equals the number of replayed points, i.e. the replay made the
// pipeline's events.
//
// Memory: device_bytes is DeviceRun::device_bytes() of each case; peak_host_memory_bytes is
// getrusage's ru_maxrss of this process (on the omp backend it includes the device memory).
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>

#include <CLI/CLI.hpp>

#include "BenchSupport.hh"
#include "DeviceRun.hh"
#include "io/SamplerGridFile.hh"
#include "run/DeviceSetupBuilder.hh"
#include "run/InputError.hh"
#include "run/RunCard.hh"
#include "run/RunDriver.hh"

namespace
{
using namespace fathom;
using namespace fathom::bench;

struct Case
{
    std::string name;  //!< key prefix ("" with --card)
    std::string card;
    std::uint64_t events;
    unsigned adapt_iterations{0};  //!< 0: the card's
    std::uint64_t adapt_events{0};
};

struct Options
{
    unsigned threads{0};
    unsigned repeat{3};
    unsigned adapt_iterations{0};
    std::uint64_t adapt_events{0};
    std::size_t me_points{20'000};
    double me_seconds{0.3};
};

std::uint64_t peak_host_memory_bytes()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<std::uint64_t>(u.ru_maxrss) * 1024;  // Linux: kilobytes
}

//! Run one case and print its lines; returns the threads that ran it.
unsigned run_case(Case const& c, Options const& opt)
{
    RunSpec spec = read_run_card(c.card);
    spec.events = c.events;
    spec.threads = opt.threads;
    bool const adaptive = spec.sampler == "adaptive";
    if (adaptive)
    {
        if (unsigned k = opt.adapt_iterations ? opt.adapt_iterations : c.adapt_iterations)
            spec.adapt_iterations = k;
        if (std::uint64_t m = opt.adapt_events ? opt.adapt_events : c.adapt_events)
            spec.adapt_events = m;
    }
    validate(spec);

    // production, best of R; an adaptive sampler adapts once, then its grid is reloaded
    RunOutcome const first = simulate(spec);
    double best = first.timing.events_per_s;
    std::filesystem::path grid_file;
    if (adaptive)
    {
        grid_file = std::filesystem::temp_directory_path()
                    / ("bench_pipeline_grid_" + std::to_string(getpid()) + "_" + spec.process + ".h5");
        write_sampler_grid(grid_file, *first.grid);
        spec.grid_file = grid_file.string();
    }
    for (unsigned r = 1; r < std::max(1u, opt.repeat); ++r)
        best = std::max(best, simulate(spec).timing.events_per_s);

    // the matrix element alone, over the momenta of the events that reached it
    DeviceSetupBuild const build = build_device_setup(spec);
    std::vector<real_type> edges;
    AdaptiveSamplerParams sp;
    if (adaptive)
    {
        edges = first.grid->edges;
        sp = adaptive_params(first.grid->alpha, first.grid->channel_ndim, first.grid->bins, edges);
    }
    PointSet points;
    with_process_and_sampler(build.setup, sp, [&](auto const& process, auto const& sampler) {
        points = replay_points(build.setup.params, process, sampler, true, spec.events, opt.me_points);
    });
    if (points.size() == 0)
        throw std::runtime_error(c.card + ": no replayed event reached the matrix element");
    MeRate const me = time_me(pipeline_evaluator(build.setup.process, points, spec.simd), points.size(), first.threads,
                              opt.me_seconds, opt.repeat);

    // the replayed prefix through the pipeline (untimed): the same events?
    RunSpec prefix = spec;
    prefix.events = points.events_tried;
    RunSummary const ps = simulate(prefix).summary;
    bool const exact = ps.events_accepted + ps.nonfinite_weights == points.size();
    if (!grid_file.empty())
        std::filesystem::remove(grid_file);

    RunSummary const& s = first.summary;
    double const f = static_cast<double>(s.events_accepted + s.nonfinite_weights) / static_cast<double>(s.events_tried);
    double const me_events_per_s = f > 0 ? me.per_s / f : 0;
    std::string const p = c.name.empty() ? "" : c.name + "_";
    auto line = [&](char const* key, char const* fmt, auto value) {
        std::printf("%s%s: ", p.c_str(), key);
        std::printf(fmt, value);
        std::printf("\n");
    };
    if (c.name.empty())
        std::printf("device: %s\n", first.device.c_str());
    line("threads", "%u", first.threads);
    line("process", "%s", spec.process.c_str());
    line("card", "%s", c.card.c_str());
    line("sampler", "%s", spec.sampler.c_str());
    line("events", "%llu", static_cast<unsigned long long>(spec.events));
    line("histograms", "%zu", first.histograms.size());
    line("device_bytes", "%llu", static_cast<unsigned long long>(first.device_bytes));
    line("cross_section_pb", "%.8g", s.cross_section_pb);
    line("cross_section_error_pb", "%.3g", s.cross_section_error_pb);
    if (adaptive)
    {
        line("adaptation_events", "%llu", static_cast<unsigned long long>(first.adaptation->events));
        line("adaptation_s", "%.4g", first.timing.adapt_s);
    }
    line("me_fraction", "%.4g", f);
    line("me_points", "%zu", points.size());
    line("me_replayed_events", "%llu", static_cast<unsigned long long>(points.events_tried));
    line("replay_check", "%s", exact ? "exact" : "MISMATCH (bench and kernel dispatch differ)");
    line("me_per_s", "%.6g", me.per_s);
    line("me_checksum", "%.17g", me.checksum);
    line("me_only_events_per_s", "%.6g", me_events_per_s);
    line("pipeline_over_me_time", "%.4g", best > 0 ? me_events_per_s / best : 0.0);
    line("events_per_s", "%.6g", best);
    std::fflush(stdout);
    if (!exact)
        throw std::runtime_error(c.card + ": the replayed events are not the pipeline's");
    return first.threads;
}
}  // namespace

int main(int argc, char** argv)
{
    CLI::App app{"bench_pipeline: events/s of the fused sample -> cuts -> |M|^2 -> fill pipeline, and of "
                 "its matrix element alone"};
    std::string card;
    std::optional<std::uint64_t> events;
    Options opt;
    app.add_option("--card", card, "Run only this run card (default: the ee_ee, ee_eeaa and alp_fusion cases)");
    app.add_option("--events,-n", events, "Events per repetition of every case (default: per case)");
    app.add_option("--threads,-t", opt.threads, "CPU threads (omp backend), 0 = all")->capture_default_str();
    app.add_option("--repeat,-r", opt.repeat, "Repetitions (the best is reported)")->capture_default_str();
    app.add_option("--adapt-iterations", opt.adapt_iterations, "Adaptive cards: adaptation iterations (0: per case)")
        ->capture_default_str();
    app.add_option("--adapt-events", opt.adapt_events, "Adaptive cards: events per adaptation iteration (0: per case)")
        ->capture_default_str();
    app.add_option("--me-points", opt.me_points, "Accepted events' momenta the matrix element is timed on")
        ->capture_default_str();
    app.add_option("--me-seconds", opt.me_seconds, "Least time per matrix-element measurement (s)")
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    try
    {
        std::string const configs = FATHOM_SOURCE_DIR "/configs/";
        std::vector<Case> cases;
        if (!card.empty())
            cases.push_back({"", card, events.value_or(4'000'000)});
        else
        {
            cases.push_back({"ee_ee", configs + "bhabha_belle2.toml", events.value_or(2'000'000)});
            cases.push_back({"ee_eeaa", configs + "ee_eeaa_belle2_adaptive.toml", events.value_or(200'000), 5, 100'000});
            cases.push_back({"alp_fusion", configs + "alp_fusion_belle2.toml", events.value_or(500'000)});
        }
        std::printf("benchmark: pipeline\n");
        std::printf("backend: %s\n", DeviceRun::backend_name());
        std::fflush(stdout);
        unsigned threads = 0;
        for (auto const& c : cases)
            threads = run_case(c, opt);
        if (card.empty())
            std::printf("threads: %u\n", threads);
        std::printf("peak_host_memory_bytes: %llu\n", static_cast<unsigned long long>(peak_host_memory_bytes()));
    }
    catch (std::exception const& e)
    {
        std::fprintf(stderr, "bench_pipeline: error: %s\n", e.what());
        return 1;
    }
    return 0;
}
