// bench_sampler: what the adaptive sampler buys over flat RAMBO for e+e- -> e+e- gamma gamma with
// the analysis cuts and an m_gg window (default card: m_a = 1 GeV, window [0.97, 1.015] GeV).
//
//   bench_sampler [--card CARD] [--rambo-events N] [--events N] [--threads T]
//
// Runs the card once with sampler = "rambo" and once as given (adaptive), and prints `key: value`
// lines for each: cross section and error, N_ME (events that passed the cuts, i.e. that needed
// a matrix element), N_eff/N, events/s; then the adaptation cost and, last,
//   variance_ratio: (error^2 x N_ME) of RAMBO / (error^2 x N_ME) of the adaptive sampler,
// how many times fewer matrix-element evaluations the adaptive sampler needs for the same error.
#include <cmath>
#include <cstdio>

#include <CLI/CLI.hpp>

#include "DeviceRun.hh"
#include "run/RunCard.hh"
#include "run/RunDriver.hh"

namespace
{
std::uint64_t matrix_elements(fathom::RunSummary const& s)
{
    return s.events_accepted + s.nonfinite_weights;
}

void print_run(char const* name, fathom::RunOutcome const& o)
{
    fathom::RunSummary const& s = o.summary;
    std::printf("%s_events: %llu\n", name, static_cast<unsigned long long>(s.events_tried));
    std::printf("%s_cross_section_pb: %.8g\n", name, s.cross_section_pb);
    std::printf("%s_cross_section_error_pb: %.4g\n", name, s.cross_section_error_pb);
    std::printf("%s_n_me: %llu\n", name, static_cast<unsigned long long>(matrix_elements(s)));
    std::printf("%s_n_eff_over_n: %.4g\n", name,
                s.events_tried > 0 ? s.n_eff / static_cast<double>(s.events_tried) : 0.0);
    std::printf("%s_max_weight_over_mean: %.4g\n", name,
                s.cross_section_pb > 0 ? s.max_weight / s.cross_section_pb : 0.0);
    std::printf("%s_events_per_s: %.6g\n", name, o.timing.events_per_s);
}
}  // namespace

int main(int argc, char** argv)
{
    CLI::App app{"bench_sampler: adaptive multichannel sampler versus flat RAMBO"};
    std::string card = FATHOM_SOURCE_DIR "/configs/ee_eeaa_belle2_adaptive.toml";
    std::uint64_t rambo_events = 20'000'000;
    std::uint64_t events = 2'000'000;
    unsigned threads = 0;
    app.add_option("--card", card, "Run card with sampler = \"adaptive\"")->capture_default_str();
    app.add_option("--rambo-events", rambo_events, "RAMBO events")->capture_default_str();
    app.add_option("--events,-n", events, "Adaptive production events")->capture_default_str();
    app.add_option("--threads,-t", threads, "CPU threads (omp backend), 0 = all")->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    try
    {
        fathom::RunSpec spec = fathom::read_run_card(card);
        spec.threads = threads;
        fathom::RunSpec flat = spec;
        flat.sampler = "rambo";
        flat.events = rambo_events;
        fathom::validate(flat);
        spec.events = events;
        fathom::validate(spec);

        fathom::RunOutcome const r = fathom::simulate(flat);
        fathom::RunOutcome const a = fathom::simulate(spec);

        std::printf("benchmark: sampler\n");
        std::printf("backend: %s\n", fathom::DeviceRun::backend_name());
        std::printf("device: %s\n", a.device.c_str());
        std::printf("process: %s\n", spec.process.c_str());
        std::printf("card: %s\n", card.c_str());
        print_run("rambo", r);
        print_run("adaptive", a);
        double const adapt_events = a.adaptation ? static_cast<double>(a.adaptation->events) : 0;
        std::printf("adaptive_adaptation_events: %.0f\n", adapt_events);
        std::printf("adaptive_adaptation_s: %.4g\n", a.timing.adapt_s);
        double const production_1e8_s = a.timing.events_per_s > 0 ? 1e8 / a.timing.events_per_s : 0;
        std::printf("adaptive_adaptation_over_1e8_production: %.4g\n",
                    production_1e8_s > 0 ? a.timing.adapt_s / production_1e8_s : 0.0);
        double const er = r.summary.cross_section_error_pb, ea = a.summary.cross_section_error_pb;
        double const pull = (a.summary.cross_section_pb - r.summary.cross_section_pb) / std::hypot(er, ea);
        std::printf("pull_adaptive_minus_rambo: %.3g\n", pull);
        double const vr = er * er * static_cast<double>(matrix_elements(r.summary));
        double const va = ea * ea * static_cast<double>(matrix_elements(a.summary));
        std::printf("variance_ratio: %.4g\n", va > 0 ? vr / va : 0.0);
    }
    catch (std::exception const& e)
    {
        std::fprintf(stderr, "bench_sampler: error: %s\n", e.what());
        return 1;
    }
    return 0;
}
