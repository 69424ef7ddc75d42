// bench_pipeline: events per second of the full fused pipeline (sample + cuts + |M|^2 + fill)
// on the built backend, for a run card (default: the Bhabha default job).
//
//   bench_pipeline [--card CARD] [--events N] [--threads T] [--repeat R]
//
// Prints `key: value` lines; events_per_s is the best of R repetitions (events generated per
// second of generation time, set-up excluded).
#include <algorithm>
#include <cstdio>

#include <CLI/CLI.hpp>

#include "DeviceRun.hh"
#include "run/InputError.hh"
#include "run/RunCard.hh"
#include "run/RunDriver.hh"

int main(int argc, char** argv)
{
    CLI::App app{"bench_pipeline: events/s of the fused sample -> cuts -> |M|^2 -> fill pipeline"};
    std::string card = FATHOM_SOURCE_DIR "/configs/bhabha_belle2.toml";
    std::uint64_t events = 4'000'000;
    unsigned threads = 0;
    unsigned repeat = 3;
    app.add_option("--card", card, "Run card")->capture_default_str();
    app.add_option("--events,-n", events, "Events per repetition")->capture_default_str();
    app.add_option("--threads,-t", threads, "CPU threads (omp backend), 0 = all")->capture_default_str();
    app.add_option("--repeat,-r", repeat, "Repetitions (the best is reported)")->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    try
    {
        fathom::RunSpec spec = fathom::read_run_card(card);
        spec.events = events;
        spec.threads = threads;
        double best = 0;
        fathom::RunOutcome o;
        for (unsigned r = 0; r < std::max(1u, repeat); ++r)
        {
            o = fathom::simulate(spec);
            best = std::max(best, o.timing.events_per_s);
        }
        std::printf("benchmark: pipeline\n");
        std::printf("backend: %s\n", fathom::DeviceRun::backend_name());
        std::printf("device: %s\n", o.device.c_str());
        std::printf("process: %s\n", spec.process.c_str());
        std::printf("card: %s\n", card.c_str());
        std::printf("threads: %u\n", o.threads);
        std::printf("events: %llu\n", static_cast<unsigned long long>(events));
        std::printf("histograms: %zu\n", o.histograms.size());
        std::printf("device_bytes: %llu\n", static_cast<unsigned long long>(o.device_bytes));
        std::printf("cross_section_pb: %.8g\n", o.summary.cross_section_pb);
        std::printf("cross_section_error_pb: %.3g\n", o.summary.cross_section_error_pb);
        std::printf("events_per_s: %.6g\n", best);
    }
    catch (std::exception const& e)
    {
        std::fprintf(stderr, "bench_pipeline: error: %s\n", e.what());
        return 1;
    }
    return 0;
}
