#include "Adaptation.hh"

#include <chrono>
#include <cmath>
#include <sstream>

#include "EventRange.hh"
#include "InputError.hh"
#include "Ranks.hh"
#include "RunCard.hh"
#include "fathom/sampling/AdaptiveTrainer.hh"

namespace fathom
{
namespace
{
//! Canonical text of one table of the effective run card (exact doubles, fixed key order).
std::string card_section(RunSpec const& spec, char const* key)
{
    toml::table const card = effective_card(spec);
    std::ostringstream os;
    if (auto const* t = card[key].as_table())
        os << *t;
    return os.str();
}
}  // namespace

CombinedEstimate combine_estimates(std::vector<RunSummary> const& estimates)
{
    CombinedEstimate c;
    double n = 0, nx = 0, n2e2 = 0;
    unsigned k = 0;
    for (auto const& e : estimates)
    {
        if (!(e.cross_section_error_pb > 0) || e.events_tried == 0)
            continue;
        double const w = static_cast<double>(e.events_tried);
        n += w;
        nx += w * e.cross_section_pb;
        n2e2 += w * w * e.cross_section_error_pb * e.cross_section_error_pb;
        ++k;
    }
    if (k == 0)
        return c;
    c.value = nx / n;
    c.error = std::sqrt(n2e2) / n;
    if (k > 1)
    {
        double chi2 = 0;
        for (auto const& e : estimates)
        {
            if (!(e.cross_section_error_pb > 0) || e.events_tried == 0)
                continue;
            double const d = (e.cross_section_pb - c.value) / e.cross_section_error_pb;
            chi2 += d * d;
        }
        c.dof = k - 1;
        c.chi2_per_dof = chi2 / c.dof;
    }
    return c;
}

std::vector<RunSummary> converged_estimates(AdaptationReport const& a, RunSummary const& production)
{
    std::vector<RunSummary> out;
    std::size_t const n = a.iterations.size();
    for (std::size_t k = n / 2; k < n; ++k)
        out.push_back(a.iterations[k].summary);
    out.push_back(production);
    return out;
}

std::uint64_t adaptation_first_event(unsigned iteration)
{
    // production uses [0, 2^63); iteration k uses [2^63 + k 2^40, ...): 1e12 events each
    // (validate() keeps events, adapt_events and adapt_iterations inside these ranges)
    return (std::uint64_t{1} << 63) + (std::uint64_t{iteration} << 40);
}

namespace
{
//! The training scale of the iteration after one with estimate \p s: w^2 scaled so that typical
//! accepted weights give values near 1.
double next_training_scale(RunSummary const& s, double scale)
{
    if (s.efficiency > 0 && s.cross_section_pb > 0)
    {
        double const mean_accepted = s.cross_section_pb / s.efficiency;
        return 1 / (mean_accepted * mean_accepted);
    }
    return scale;
}
}  // namespace

AdaptationReport adapt_sampler(RunSpec const& spec, DeviceRun& run, AdaptationReport const* done,
                               IterationHook const& after_iteration)
{
    auto const t0 = std::chrono::steady_clock::now();
    AdaptationReport rep;
    double scale = 1;
    if (done)
    {
        rep = *done;
        for (IterationReport const& it : rep.iterations)
            scale = next_training_scale(it.summary, scale);
    }
    rep.layout = run.sampler_layout();
    VegasRefineOptions const options{spec.grid_damping};
    for (auto k = static_cast<unsigned>(rep.iterations.size()); k < spec.adapt_iterations; ++k)
    {
        std::vector<double> alpha = run.sampler_state().alpha;
        // MPI: each rank trains on its share of the iteration's events; the exact training sums
        // of all ranks are added before the refinement, so every rank refines the same grid as
        // one process would (Ranks.hh)
        RankInfo const& rk = ranks();
        EventRange const part = stream_range(0, spec.adapt_events, static_cast<std::uint64_t>(rk.rank),
                                             static_cast<std::uint64_t>(rk.size));
        AdaptationResult r = run.adapt(adaptation_first_event(k) + part.first, part.size(), scale);
        if (rk.size > 1)
        {
            TrainingSums t = run.training_sums();
            allreduce_exact(t);
            run.set_training_sums(t);
            r = adaptation_result(t);
        }
        IterationReport it{summarize(r.tally, spec.adapt_events), r.tally, alpha};
        rep.events += spec.adapt_events;

        std::vector<double> next = alpha;
        if (spec.channel_weight_damping > 0)
        {
            update_channel_weights(next.data(), r.channel_value.data(), static_cast<size_type>(next.size()),
                                   spec.channel_weight_damping);
        }
        run.refine(options, next);
        scale = next_training_scale(it.summary, scale);
        rep.iterations.push_back(std::move(it));
        rep.alpha = next;
        if (after_iteration)
        {
            rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            after_iteration(rep);
        }
    }
    rep.alpha = run.sampler_state().alpha;
    rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return rep;
}

SamplerGrid expected_sampler_grid(RunSpec const& spec, SamplerLayout const& layout)
{
    SamplerGrid g;
    g.process = spec.process;
    g.settings = {{"beams", card_section(spec, "beams")},
                  {"process", card_section(spec, "process")},
                  {"cuts", card_section(spec, "cuts")},
                  {"detector", card_section(spec, "detector")}};  // empty while the response is off
    std::ostringstream ps;
    ps << "pair_mass_min = " << spec.pair_mass_min << ", pair_mass_max = " << spec.pair_mass_max;
    g.settings.emplace_back("phase_space", ps.str());
    g.channel_names = layout.names;
    g.channel_ndim = layout.ndim;
    g.bins = layout.bins;
    return g;
}

AdaptationReport load_sampler_grid(RunSpec const& spec, DeviceRun& run)
{
    AdaptationReport rep;
    rep.layout = run.sampler_layout();
    rep.grid_loaded_from = spec.grid_file;
    SamplerGrid const loaded = read_sampler_grid(spec.grid_file);
    check_sampler_grid_matches(loaded, expected_sampler_grid(spec, rep.layout), spec.grid_file);
    try
    {
        run.set_sampler_state(SamplerState{loaded.alpha, loaded.edges});
    }
    catch (std::invalid_argument const& e)
    {
        throw InputError(spec.grid_file + ": " + e.what());
    }
    rep.alpha = loaded.alpha;
    return rep;
}

SamplerGrid frozen_sampler_grid(RunSpec const& spec, DeviceRun const& run, std::uint64_t adaptation_events)
{
    SamplerGrid g = expected_sampler_grid(spec, run.sampler_layout());
    SamplerState const st = run.sampler_state();
    g.alpha = st.alpha;
    g.edges = st.edges;
    g.adaptation_events = adaptation_events;
    return g;
}
}  // namespace fathom
