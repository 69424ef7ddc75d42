// event_weights: the status and weight of each of a card's events as one backend computes them,
// and the comparison of two such files (scripts/gpu-check.sh: the CPU's against the GPU's, per
// event within 1e-12 relative; nvcc contracts multiply-adds and CUDA's libm is not glibc's, so
// not bit for bit).
//
//   event_weights write CARD -o FILE [-n 10000] [-s SEED] [--grid GRID]
//   event_weights compare A B [--tolerance 1e-12] [--max-flip-fraction 1e-3]
//
// write: the events [0, n) of the card's run (its seed, or -s), one line per event: index,
// status (EventStatus) and weight in pb (%.17g); an adaptive card needs its frozen --grid, so
// that both backends sample the same map. compare: key: value lines (events, status_flips: events
// whose status differs, as a cut decided on the last bits can; max_rel_diff: the largest
// |a - b| / max(|a|, |b|) of the events with the same status; agree) and exit 0 if they agree,
// 1 if not, 2 for bad input.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "DeviceRun.hh"
#include "io/OutputDirectory.hh"
#include "run/Adaptation.hh"
#include "run/CountText.hh"
#include "run/DeviceSetupBuilder.hh"
#include "run/InputError.hh"
#include "run/RunCard.hh"

namespace
{
using namespace fathom;

struct Line
{
    std::uint64_t index{0};
    unsigned status{0};
    double weight{0};
};

std::vector<Line> read_lines(std::string const& file)
{
    std::ifstream in(file);
    if (!in)
        throw InputError(file + ": cannot be read");
    std::vector<Line> lines;
    std::string text;
    while (std::getline(in, text))
    {
        if (text.empty() || text[0] == '#')
            continue;
        std::istringstream is(text);
        Line l;
        if (!(is >> l.index >> l.status >> l.weight) || !std::isfinite(l.weight))
            throw InputError(file + ":" + std::to_string(lines.size() + 1) + ": expected 'index status weight'");
        lines.push_back(l);
    }
    return lines;
}

int write(std::string const& card, std::string const& output, std::uint64_t events, std::string const& seed,
          std::string const& grid)
{
    RunSpec spec = read_run_card(card);
    if (!seed.empty())
        spec.seed = parse_count(seed, "--seed");
    spec.grid_file = grid;
    DeviceSetupBuild const build = build_device_setup(spec);
    DeviceRun run(build.setup);
    if (build.setup.sampler == SamplerKind::adaptive)
    {
        if (grid.empty())
            throw InputError("option --grid: " + card + " has the adaptive sampler; give its frozen grid so that "
                             "both backends sample the same map");
        load_sampler_grid(spec, run);
    }
    std::vector<EventWeight> const w = run.event_weights(0, events);
    std::string text = "# event_weights: " + card + ", seed " + std::to_string(spec.seed) + ", backend "
                       + DeviceRun::backend_name() + ": index status weight_pb\n";
    char line[64];
    for (std::size_t i = 0; i < w.size(); ++i)
    {
        std::snprintf(line, sizeof line, "%zu %u %.17g\n", i, static_cast<unsigned>(w[i].status), w[i].weight);
        text += line;
    }
    write_text_file_atomic(output, text);  // whole or not at all
    std::printf("events: %zu\nbackend: %s\n", w.size(), DeviceRun::backend_name());
    return 0;
}

int compare(std::string const& a_file, std::string const& b_file, double tolerance, double max_flip_fraction)
{
    std::vector<Line> const a = read_lines(a_file), b = read_lines(b_file);
    if (a.size() != b.size() || a.empty())
        throw InputError(a_file + " and " + b_file + " hold " + std::to_string(a.size()) + " and "
                         + std::to_string(b.size()) + " events: not the same events");
    std::size_t flips = 0, compared = 0, accepted = 0;
    double worst = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        if (a[i].index != b[i].index)
            throw InputError(a_file + " and " + b_file + ": line " + std::to_string(i + 1) + " is not the same event");
        if (a[i].status != b[i].status)
        {
            ++flips;
            continue;
        }
        ++compared;
        double const scale = std::max(std::fabs(a[i].weight), std::fabs(b[i].weight));
        if (scale > 0)
        {
            ++accepted;
            worst = std::max(worst, std::fabs(a[i].weight - b[i].weight) / scale);
        }
    }
    double const flip_fraction = static_cast<double>(flips) / static_cast<double>(a.size());
    bool const agree = worst <= tolerance && flip_fraction <= max_flip_fraction;
    std::printf("events: %zu\nstatus_flips: %zu\nweights_compared: %zu\nnonzero_weights: %zu\n", a.size(), flips,
                compared, accepted);
    std::printf("max_rel_diff: %.3e\ntolerance: %.1e\nagree: %s\n", worst, tolerance, agree ? "yes" : "no");
    return agree ? 0 : 1;
}
}  // namespace

int main(int argc, char** argv)
{
    CLI::App app{"event_weights: per-event statuses and weights of one backend, and their comparison"};
    app.require_subcommand(1);
    auto* w = app.add_subcommand("write", "The events [0, n) of a card: index, status, weight");
    std::string card, output, seed, grid;
    std::uint64_t events = 10000;
    w->add_option("card", card, "Run card")->required();
    w->add_option("-o,--output", output, "Output file")->required();
    w->add_option("-n,--events", events, "Events (from index 0)");
    w->add_option("-s,--seed", seed, "Seed (default: the card's)");
    w->add_option("--grid", grid, "Frozen grid (adaptive sampler)");
    auto* c = app.add_subcommand("compare", "Two files of the same events within a relative tolerance");
    std::string a_file, b_file;
    double tolerance = 1e-12, max_flip_fraction = 1e-3;
    c->add_option("a", a_file, "First file")->required();
    c->add_option("b", b_file, "Second file")->required();
    c->add_option("--tolerance", tolerance, "Largest relative difference of a weight");
    c->add_option("--max-flip-fraction", max_flip_fraction, "Largest fraction of events whose status differs");
    CLI11_PARSE(app, argc, argv);
    try
    {
        return w->parsed() ? write(card, output, events, seed, grid) : compare(a_file, b_file, tolerance, max_flip_fraction);
    }
    catch (std::exception const& e)
    {
        std::fprintf(stderr, "event_weights: error: %s\n", e.what());
        return 2;
    }
}
