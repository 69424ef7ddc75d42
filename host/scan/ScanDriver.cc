#include "ScanDriver.hh"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <stdexcept>

#include "AnalysisImportanceMap.hh"
#include "ScanCard.hh"
#include "fathom/amplitude/AlpParams.hh"
#include "fathom/base/Constants.hh"
#include "io/Hdf5HistogramWriter.hh"
#include "io/OutputDirectory.hh"
#include "reach/BackgroundMcPrecision.hh"
#include "reach/ReachBins.hh"
#include "reach/SignalQuantileBins.hh"
#include "run/DeviceSetupBuilder.hh"
#include "run/InputError.hh"
#include "run/Luminosity.hh"
#include "run/RunCard.hh"
#include "run/RunCheck.hh"
#include "run/RunFailure.hh"
#include "run/RunDriver.hh"
#include "run/Version.hh"

namespace fathom
{
namespace
{
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

HistogramData const& find_histogram(std::vector<HistogramData> const& histograms, std::string const& name)
{
    for (auto const& h : histograms)
    {
        if (h.spec.name == name)
            return h;
    }
    throw std::logic_error("scan: no histogram '" + name + "'");
}

HistogramData const& find_histogram(RunOutcome const& o, std::string const& name)
{
    return find_histogram(o.histograms, name);
}

//! sigma_m from the calibration run's m_gg histogram (inner bins only).
CoreWidth fit_calibration(RunOutcome const& o, double m_a)
{
    HistogramData const& h = find_histogram(o, calibration_histogram);
    AxisSpec const& a = h.spec.axes.at(0);
    std::vector<double> x(a.bins), w(a.bins), w2(a.bins);
    double const width = (a.upper - a.lower) / a.bins;
    for (std::uint32_t k = 0; k < a.bins; ++k)
    {
        x[k] = a.lower + (k + 0.5) * width;
        w[k] = h.values[k + 1];
        w2[k] = h.variances[k + 1];
    }
    try
    {
        return fit_core_width(x, w, w2);
    }
    catch (std::invalid_argument const& e)
    {
        // too few calibration events for the fit: a run without a usable result (exit 3)
        char buf[64];
        std::snprintf(buf, sizeof buf, "m_a = %.4f GeV: ", m_a);
        throw RunFailure(std::string("scan: ") + buf + e.what());
    }
}

//! Weighted mean of a 1D histogram's observable (bin centres; flow bins at the edges).
double histogram_mean(HistogramData const& h)
{
    AxisSpec const& a = h.spec.axes.at(0);
    std::vector<double> const& e = a.edges;
    double s0 = 0, s1 = 0;
    for (std::size_t k = 0; k < h.values.size(); ++k)
    {
        double x = 0;
        if (k == 0)
            x = e.front();
        else if (k == h.values.size() - 1)
            x = e.back();
        else
            x = (e[k - 1] + e[k]) / 2;
        s0 += h.values[k];
        s1 += h.values[k] * x;
    }
    return s0 > 0 ? s1 / s0 : NAN;
}

//! Sum and error over all bins (flow included) of a histogram in pb per bin: every event
//! fills one bin, so the summed variances are the sum of w^2 / N^2 of the whole run.
ComponentYield yield_of(std::string component, HistogramData const& h_pb, double luminosity_pb)
{
    ComponentYield y;
    y.component = std::move(component);
    double v = 0;
    for (std::size_t k = 0; k < h_pb.values.size(); ++k)
    {
        y.cross_section_pb += h_pb.values[k];
        v += h_pb.variances[k];
    }
    y.cross_section_error_pb = std::sqrt(v);
    y.events = y.cross_section_pb * luminosity_pb;
    y.events_error = y.cross_section_error_pb * luminosity_pb;
    return y;
}

Json yield_json(ComponentYield const& y)
{
    Json j = Json::object();
    j["cross_section_pb"] = y.cross_section_pb;
    j["cross_section_error_pb"] = y.cross_section_error_pb;
    j["events"] = y.events;
    j["events_error"] = y.events_error;
    return j;
}

struct SubRun
{
    std::string component;
    RunSpec spec;
    RunOutcome outcome;
};

SubRun run_component(double m_a, std::string component, RunSpec spec, StopRule const& stop = {})
{
    validate(spec);
    auto t0 = Clock::now();
    SubRun r{std::move(component), std::move(spec), {}};
    r.outcome = simulate(r.spec, {}, stop);
    // a component without a usable result stops the scan (nothing is written), naming it
    char where[96];
    std::snprintf(where, sizeof where, "scan: m_a = %.6g GeV, component '", m_a);
    check_run_usable(r.spec, r.outcome.summary, where + r.component + "': ");
    double const s = std::chrono::duration<double>(Clock::now() - t0).count();
    RunSummary const& x = r.outcome.summary;
    std::printf("    %-28s %.6g +- %.3g pb   N_eff/N %.3g   %.1f s\n", r.component.c_str(), x.cross_section_pb,
                x.cross_section_error_pb, x.events_tried > 0 ? x.n_eff / double(x.events_tried) : 0.0, s);
    std::fflush(stdout);
    return r;
}

//! r of `fathom reach` (BackgroundMcPrecision::weighted_ratio) from histograms in events;
//! \p empty_bin_events: ReachInput::empty_bin_background.
double precision_ratio(std::vector<double> const& signal, HistogramData const& background, double empty_bin_events,
                       double g_ref)
{
    ReachInput in;
    in.signal = signal;
    in.background = background.values;
    in.background_variance = background.variances;
    in.g_ref = g_ref;
    in.empty_bin_background = empty_bin_events;
    return background_mc_precision(make_reach_bins(in)).weighted_ratio;
}

//! The scan's analysis (scan.analysis_histogram) as it bins what the runs fill: llr_alp at the
//! quantiles of this signal run (AnalysisBinning).
AnalysisBinning analysis_binning(ScanSpec const& spec, RunOutcome const& signal)
{
    return AnalysisBinning(spec.analysis_histogram, spec.llr_bins,
                           [&signal](std::string const& name) { return find_histogram(signal, "signal." + name); });
}

//! A component's analysis histogram from its run, in events at the scan's luminosity.
HistogramData analysis_events(ScanSpec const& spec, AnalysisBinning const& analysis, RunOutcome const& run,
                              std::string const& component)
{
    return to_events(analysis(find_histogram(run, component + "." + analysis.filled()),
                              component + "." + analysis.analysis()),
                     spec.luminosity_pb);
}

//! r of a background run's analysis histogram at the scan's luminosity against the signal run's,
//! with the run's own typical event for empty bins: what scan.background_mc_precision decides on.
double run_precision_ratio(ScanSpec const& spec, RunOutcome const& signal, RunOutcome const& background,
                           std::string const& component)
{
    AnalysisBinning const analysis = analysis_binning(spec, signal);
    return precision_ratio(analysis_events(spec, analysis, signal, "signal").values,
                           analysis_events(spec, analysis, background, component),
                           typical_event_background(background.summary, spec.luminosity_pb), spec.g_ref);
}

//! r of a peaking component's MC variance alone at the scan's luminosity, with each bin's
//! background the radiative Bhabha's plus the component's: what scan.background_mc_precision
//! brings each peaking component to (the components' r^2 add up to the total's).
double component_precision_ratio(ScanSpec const& spec, RunOutcome const& signal, RunOutcome const& radiative_bhabha,
                                 RunOutcome const& component, std::string const& name)
{
    AnalysisBinning const analysis = analysis_binning(spec, signal);
    HistogramData b = analysis_events(spec, analysis, radiative_bhabha, "background_radiative_bhabha");
    HistogramData const c = analysis_events(spec, analysis, component, name);
    for (std::size_t i = 0; i < b.values.size(); ++i)
    {
        b.values[i] += c.values[i];
        b.variances[i] = c.variances[i];
    }
    return precision_ratio(analysis_events(spec, analysis, signal, "signal").values, b,
                           typical_event_background(component.summary, spec.luminosity_pb), spec.g_ref);
}

//! r at the scan's luminosity of one of the mass point's background histograms (in events).
double mc_precision_ratio(MassPointResult const& p, std::string const& analysis, std::string const& background_name,
                          double g_ref)
{
    return precision_ratio(find_histogram(p.histograms, "signal." + analysis).values,
                           find_histogram(p.histograms, background_name + "." + analysis), p.empty_bin_background,
                           g_ref);
}

/*!
 * llr_alp's analysis histograms from the fine ones: every component's `llr_alp_fine` and
 * `llr_alp_fine_m_ee` merged into scan.llr_bins bins of equal signal content (the total signal's),
 * named `llr_alp` and `llr_alp_m_ee`. Returns summary.json's "llr_alp" block (null without them).
 */
Json add_llr_quantile_histograms(ScanSpec const& spec, MassPointResult& p)
{
    if (spec.llr_bins == 0)
        return Json();
    std::vector<std::size_t> const starts
        = signal_quantile_starts(find_histogram(p.histograms, std::string("signal.") + llr_fine_histogram), spec.llr_bins);
    std::size_t const count = p.histograms.size();
    for (std::size_t k = 0; k < count; ++k)
    {
        std::string const name = p.histograms[k].spec.name;
        std::string const component = name.substr(0, name.find('.'));
        if (name == component + "." + llr_fine_histogram)
            p.histograms.push_back(merge_first_axis(p.histograms[k], starts, component + "." + llr_histogram));
        else if (name == component + "." + llr_fine_m_ee_histogram)
            p.histograms.push_back(merge_first_axis(p.histograms[k], starts, component + "." + llr_m_ee_histogram));
    }
    HistogramData const& merged = find_histogram(p.histograms, std::string("signal.") + llr_histogram);
    Json j = Json::object();
    j["mass_gev"] = p.m_a;
    j["sigma_m_gev"] = p.width.sigma;
    j["coupling_per_gev"] = spec.g_ref;
    j["bins_requested"] = spec.llr_bins;
    j["bins"] = merged.spec.axes[0].bins;
    Json edges = Json::array();
    for (double e : merged.spec.axes[0].edges)
        edges.push_back(e);
    j["edges"] = std::move(edges);
    j["dalitz_fusion_boundary_m_ee_gev"] = dalitz_fusion_boundary(spec, p.m_a);
    j["what"] = "lambda = ln(dsigma_ALP / dsigma_bg) per event from the exact matrix elements (docs/run-card.md, "
                "[llr_alp]) at this mass, its sigma_m and g_ref; histograms llr_alp (and llr_alp_m_ee, against m_ee "
                "below and above the boundary) in bins of about equal signal content, merged from llr_alp_fine "
                "(steps of 0.05; fathom reach --llr-bins N merges any other number)";
    return j;
}

//! The runs of one mass after its calibration: histograms in events, yields and summary.
MassPointResult finish_mass_point(ScanSpec const& spec, std::size_t index, double m_a, SubRun calib,
                                  std::vector<SubRun>& runs)
{
    MassPointResult p;
    p.m_a = m_a;
    p.directory = mass_directory(m_a);
    p.width = fit_calibration(calib.outcome, m_a);
    p.window = mass_window(spec, m_a, p.width.sigma);
    double const L = spec.luminosity_pb;
    std::uint64_t const seed = spec.base.seed;

    runs.push_back(std::move(calib));
    runs.push_back(run_component(m_a, "signal", signal_spec(spec, m_a, p.window, run_seed(seed, index, scan_component::signal))));
    RunSpec background = background_spec(spec, p.window, run_seed(seed, index, scan_component::radiative_bhabha));
    if (spec.importance_sampling)
    {
        // not kept: the pilot only tells the background's adaptation where the signal is
        SubRun const pilot = run_component(
            m_a, "background_pilot", importance_pilot_spec(spec, background, run_seed(seed, index, scan_component::importance_pilot)));
        background = with_importance_map(spec, std::move(background), runs[1].outcome, pilot.outcome);
    }
    StopRule stop;
    if (spec.background_mc_precision > 0)
    {
        // batches of background_events until r <= the target (or the bound): r from the exact
        // sums after each batch, so the events used are the same on any device or thread count
        background.events = spec.max_background_events();
        stop.every = spec.background_events;
        stop.reached = [&spec, &signal = runs[1].outcome](RunOutcome const& partial) {
            return run_precision_ratio(spec, signal, partial, "background_radiative_bhabha")
                   <= spec.background_mc_precision;
        };
    }
    runs.push_back(run_component(m_a, "background_radiative_bhabha", std::move(background), stop));
    if (spec.peaking_backgrounds)
    {
        std::vector<MesonInfo> const& catalog = meson_catalog();
        for (MesonInfo const* m : peaking_mesons_in_reach(m_a, p.width.sigma, p.window))
        {
            unsigned const c = scan_component::first_meson + static_cast<unsigned>(m - catalog.data());
            std::string const name = "background_" + m->name;
            RunSpec peaking = peaking_spec(spec, *m, p.window, run_seed(seed, index, c));
            StopRule stop_peaking;
            if (spec.background_mc_precision > 0)
            {
                // the same for each peaking component: its own share of r down to the target
                peaking.events = spec.max_peaking_events();
                stop_peaking.every = spec.peaking_events;
                stop_peaking.reached = [&spec, &signal = runs[1].outcome, &rb = runs[2].outcome,
                                        name](RunOutcome const& partial) {
                    return component_precision_ratio(spec, signal, rb, partial, name) <= spec.background_mc_precision;
                };
            }
            runs.push_back(run_component(m_a, name, std::move(peaking), stop_peaking));
            p.mesons.push_back(m->name);
        }
    }

    // histograms: every component's, then "background" = the sum of the background components
    std::map<std::string, HistogramData> background_sum;
    p.histograms.push_back(to_events(find_histogram(runs[0].outcome, calibration_histogram), L));
    for (std::size_t r = 1; r < runs.size(); ++r)
    {
        bool const is_background = runs[r].component.starts_with("background_");
        for (HistogramData const& h : runs[r].outcome.histograms)
        {
            p.histograms.push_back(to_events(h, L));
            if (!is_background)
                continue;
            HistogramData const& e = p.histograms.back();
            std::string const name = h.spec.name.substr(h.spec.name.find('.') + 1);
            auto [it, fresh] = background_sum.try_emplace(name, e);
            if (fresh)
            {
                it->second.spec.name = "background." + name;
                it->second.spec.title = "all backgrounds: " + h.spec.title;
                continue;
            }
            for (std::size_t k = 0; k < e.values.size(); ++k)
            {
                it->second.values[k] += e.values[k];
                it->second.variances[k] += e.variances[k];
            }
        }
    }
    for (auto& [name, h] : background_sum)
        p.histograms.push_back(std::move(h));
    Json llr = add_llr_quantile_histograms(spec, p);

    // yields from the analysis histogram (it holds every accepted event, flow bins included)
    std::string const ana = "." + filled_histogram_of(spec.analysis_histogram);
    SubRun const& sig = runs[1];
    for (auto const& [part, component] : signal_parts())
        p.yields.push_back(yield_of(component, find_histogram(sig.outcome, component + ana), L));
    ComponentYield bg_total;
    bg_total.component = "background";
    double bg_var = 0;
    for (std::size_t r = 2; r < runs.size(); ++r)
    {
        ComponentYield y = yield_of(runs[r].component, find_histogram(runs[r].outcome, runs[r].component + ana), L);
        bg_total.cross_section_pb += y.cross_section_pb;
        bg_var += y.cross_section_error_pb * y.cross_section_error_pb;
        p.yields.push_back(std::move(y));
    }
    bg_total.cross_section_error_pb = std::sqrt(bg_var);
    // one typical accepted background MC event, in events: the largest mean weight of the
    // components (the coarsest sample sets what "no MC event in a bin" can exclude)
    for (std::size_t r = 2; r < runs.size(); ++r)
    {
        RunSummary const& x = runs[r].outcome.summary;
        p.empty_bin_background = std::max(p.empty_bin_background, typical_event_background(x, L));
    }
    bg_total.events = bg_total.cross_section_pb * L;
    bg_total.events_error = bg_total.cross_section_error_pb * L;
    p.yields.push_back(bg_total);
    p.precision_ratio = mc_precision_ratio(p, spec.analysis_histogram, "background", spec.g_ref);
    p.precision_ratio_radiative_bhabha
        = mc_precision_ratio(p, spec.analysis_histogram, "background_radiative_bhabha", spec.g_ref);

    // the ALP's decay length at g_ref: c tau = hbar c / Gamma, lab length = beta gamma c tau
    double const width = alp_diphoton_width(m_a, spec.g_ref);
    double const ctau = constants::hbar_c_gev_m / width;
    double const bg = histogram_mean(find_histogram(sig.outcome, betagamma_histogram));
    double const bgt = histogram_mean(find_histogram(sig.outcome, betagamma_t_histogram));

    Json j = Json::object();
    j["m_a_gev"] = m_a;
    j["g_ref_per_gev"] = spec.g_ref;
    j["luminosity_pb"] = L;
    j["sigma_m_gev"] = p.width.sigma;
    j["sigma_m_error_gev"] = p.width.sigma_error;
    j["sigma_m_fit_mean_gev"] = p.width.mean;
    j["sigma_m_core_fraction"] = p.width.core_fraction;
    j["sigma_m_method"] = "Gaussian core: truncated moments within +-2 sigma iterated to convergence, "
                          "sigma = sd / 0.8796 (host/scan/CoreWidthFit.hh), on the signal's reconstructed m_gg "
                          "after the analysis cuts without the window";
    Json win = Json::array();
    win.push_back(p.window.lo);
    win.push_back(p.window.hi);
    j["window_gev"] = std::move(win);
    Json ws = Json::array();
    ws.push_back(spec.window_low_sigmas);
    ws.push_back(spec.window_high_sigmas);
    j["window_sigmas"] = std::move(ws);
    Json alp = Json::object();
    alp["width_gev"] = width;
    alp["ctau_m"] = ctau;
    alp["mean_betagamma_lab"] = bg;
    alp["mean_decay_length_lab_m"] = bg * ctau;
    alp["mean_betagamma_t"] = bgt;
    alp["mean_transverse_decay_length_m"] = bgt * ctau;
    alp["what"] = "at g_ref; c tau scales as g^-2. Means over the selected signal (histograms "
                  "signal.alp_betagamma_lab and signal.alp_betagamma_t_lab)";
    j["alp"] = std::move(alp);
    Json comps = Json::object();
    for (auto const& y : p.yields)
        comps[y.component] = yield_json(y);
    j["components"] = std::move(comps);
    Json mesons = Json::array();
    for (auto const& m : p.mesons)
        mesons.push_back(m);
    j["peaking_backgrounds"] = std::move(mesons);
    j["empty_bin_background_events"] = p.empty_bin_background;
    j["empty_bin_background_what"] = "background given to analysis bins with signal but no background MC event: "
                                     "the mean weight of an accepted event of the coarsest background sample, "
                                     "with a 100 % MC error (fathom reach)";
    j["histogram_normalisation"] = "expected events at luminosity_pb (values), their MC variance (variances); "
                                   "signal at g_ref, scaling as g^2";
    Json mc = Json::object();
    mc["precision_ratio"] = p.precision_ratio;
    mc["precision_ratio_radiative_bhabha"] = p.precision_ratio_radiative_bhabha;
    mc["precision_what"] = "background MC error / the data's Poisson error at luminosity_pb, averaged over the analysis "
                           "bins with each bin's sensitivity s^2 / b (fathom reach's mc_precision_weighted_ratio; "
                           "it scales as sqrt(luminosity)): all backgrounds, and the radiative Bhabha alone";
    SubRun const& rb = runs[2];  // the radiative Bhabha
    mc["radiative_bhabha_events"] = rb.outcome.summary.events_tried;
    if (spec.background_mc_precision > 0)
    {
        double const r = run_precision_ratio(spec, runs[1].outcome, rb.outcome, rb.component);
        mc["target_precision"] = spec.background_mc_precision;
        mc["batch_events"] = spec.background_events;
        mc["max_events"] = spec.max_background_events();
        mc["precision_reached"] = r <= spec.background_mc_precision;
        mc["stopped_by"] = r <= spec.background_mc_precision ? "precision" : "max_events";
        mc["target_what"] = "the radiative Bhabha ran in batches of batch_events until its precision_ratio (with the "
                            "empty-bin background of its own sample) was at most target_precision, or max_events ran; "
                            "each peaking component in batches of peaking_events until its own share of r (its MC "
                            "variance alone, against the radiative Bhabha's background plus its own) was at most "
                            "target_precision, or its max_events ran: the total r is at most sqrt(1 + components) x it";
        Json peaking = Json::object();
        for (std::size_t k = 3; k < runs.size(); ++k)
        {
            double const rc = component_precision_ratio(spec, runs[1].outcome, rb.outcome, runs[k].outcome,
                                                        runs[k].component);
            Json x = Json::object();
            x["events"] = runs[k].outcome.summary.events_tried;
            x["precision_ratio"] = rc;
            x["batch_events"] = spec.peaking_events;
            x["max_events"] = spec.max_peaking_events();
            x["precision_reached"] = rc <= spec.background_mc_precision;
            peaking[runs[k].component] = std::move(x);
        }
        mc["peaking"] = std::move(peaking);
    }
    mc["importance_sampling"] = spec.importance_sampling;
    if (spec.importance_sampling)
    {
        mc["importance_pilot_events"] = spec.pilot_events();
        mc["importance_floor"] = spec.importance_floor;
        mc["adapted_to"] = "f h: the radiative Bhabha's sampler adapted to its |M|^2 times h_i = s_i / b_i per analysis "
                           "bin (signal / pilot background, floored at importance_floor x the mean s/b); weights f / g";
    }
    j["background_mc"] = std::move(mc);
    if (!llr.is_null())
        j["llr_alp"] = std::move(llr);
    p.summary = std::move(j);
    return p;
}

void write_mass_point(OutputDirectory const& out, ScanSpec const& spec, MassPointResult const& p,
                      std::vector<SubRun> const& runs)
{
    fs::path const dir = out.staging_path(p.directory);
    fs::create_directories(dir);
    write_histograms_hdf5(dir / "histograms.h5", p.histograms,
                          {{"fathom_version", version_string()},
                           {"git_revision", git_revision()},
                           {"format", "fathom-scan-3"},
                           {"m_a_gev", p.m_a},
                           {"luminosity_pb", spec.luminosity_pb},
                           {"g_ref_per_gev", spec.g_ref},
                           {"unit", "expected events per bin"}});
    write_json_file(dir / "summary.json", p.summary);
    for (SubRun const& r : runs)
    {
        fs::path const rd = dir / "runs" / r.component;
        fs::create_directories(rd);
        write_json_file(rd / "summary.json", summary_json(r.spec, r.outcome));
        std::ostringstream card;
        card << "# effective run card of a scan run, fathom " << version_string() << "\n"
             << effective_card(r.spec) << "\n";
        write_text_file_atomic(rd / "run_card.toml", card.str());
    }
}
}  // namespace

std::string mass_directory(double m_a)
{
    char buf[48];
    std::snprintf(buf, sizeof buf, "m_a_%.4fGeV", m_a);
    return buf;
}

void check_mass_directories(std::vector<double> const& masses, std::string const& origin)
{
    std::map<std::string, double> seen;
    for (double m : masses)
    {
        auto [it, fresh] = seen.try_emplace(mass_directory(m), m);
        if (fresh)
            continue;
        char buf[160];
        std::snprintf(buf, sizeof buf, "masses %.15g and %.15g GeV would both be written to %s "
                      "(mass points are named with 4 decimals): give masses at least 1e-4 GeV apart",
                      it->second, m, it->first.c_str());
        throw InputError(origin + ": " + buf);
    }
}

HistogramData to_events(HistogramData h, double luminosity_pb)
{
    for (auto& v : h.values)
        v *= luminosity_pb;
    for (auto& v : h.variances)
        v *= luminosity_pb * luminosity_pb;
    h.unit = "events";
    return h;
}

void check_scan_runs(ScanSpec const& spec, std::string const& context)
{
    std::vector<double> masses = spec.masses;
    if (masses.empty())
        masses = {spec.mass_min, spec.mass_max};
    for (std::size_t i = 0; i < masses.size(); ++i)
    {
        double const m_a = masses[i];
        double const sigma = 0.01 * m_a;
        MassWindow const w = mass_window(spec, m_a, sigma);
        std::vector<std::pair<std::string, RunSpec>> runs{{"calibration", calibration_spec(spec, m_a, 1)},
                                                          {"signal", signal_spec(spec, m_a, w, 1)},
                                                          {"background", background_spec(spec, w, 1)}};
        if (spec.peaking_backgrounds)
        {
            // the mesons in reach of a window 10 times wider: those of the measured sigma_m among them
            double const wide = 10 * sigma;
            for (MesonInfo const* meson : peaking_mesons_in_reach(m_a, wide, mass_window(spec, m_a, wide)))
                runs.emplace_back("peaking " + meson->name, peaking_spec(spec, *meson, w, 1));
        }
        for (auto const& [component, run] : runs)
        {
            try
            {
                validate(run);
                build_device_setup(run);
            }
            catch (InputError const& e)
            {
                throw InputError(std::string(e.what()) + " (in the " + component + " run the scan derives for m_a = "
                                 + show_number(m_a) + " GeV" + context + ")");
            }
        }
    }
}

CoreWidth calibration_width(RunOutcome const& calibration, double m_a)
{
    return fit_calibration(calibration, m_a);
}

RunSpec importance_pilot_spec(ScanSpec const& scan, RunSpec background, std::uint64_t seed)
{
    background.events = scan.pilot_events();
    background.seed = seed;
    return background;
}

RunSpec with_importance_map(ScanSpec const& scan, RunSpec background, RunOutcome const& signal,
                            RunOutcome const& pilot)
{
    // over the analysis bins (llr_alp's merged ones), then spread over the bins the runs fill
    AnalysisBinning const analysis = analysis_binning(scan, signal);
    std::string const filled = "." + analysis.filled();
    HistogramData const& b_filled = find_histogram(pilot, "background_radiative_bhabha" + filled);
    HistogramData const s = analysis(find_histogram(signal, "signal" + filled), "signal");
    HistogramData const b = analysis(b_filled, "background");
    ImportanceMapOptions options;
    options.floor = scan.importance_floor;
    options.min_background = typical_event_background(pilot.summary, 1.0);  // pb, as the histograms
    // both samples' weights are |M|^2 x phase-space weight > 0, so no bin is negative
    background.importance_histogram = b_filled.spec.name;
    background.importance_map = analysis.spread(analysis_importance_map(s.values, b.values, options), b_filled);
    return background;
}

double typical_event_background(RunSummary const& run, double luminosity_pb)
{
    return run.events_accepted > 0 ? run.cross_section_pb * luminosity_pb / static_cast<double>(run.events_accepted)
                                   : 0.0;
}

std::vector<MassPointResult> execute_scan(ScanSpec const& spec, bool force)
{
    validate(spec);
    check_mass_directories(spec.masses, spec.card_path + ": key 'scan.masses'");
    check_scan_runs(spec);
    OutputDirectory out(spec.output_directory, {"scan", force, {{spec.card_path}}});
    std::printf("fathom %s: mass scan, %s, g_ref = %g GeV^-1, window [%g, %g] sigma_m\n", version_string(),
                format_luminosity(spec.luminosity_pb).c_str(), spec.g_ref, spec.window_low_sigmas,
                spec.window_high_sigmas);
    std::vector<MassPointResult> points;
    Json index_masses = Json::array();
    double m_a = spec.masses.empty() ? spec.mass_min : spec.masses.front();
    for (std::size_t i = 0;; ++i)
    {
        std::printf("  m_a = %.4f GeV\n", m_a);
        std::vector<SubRun> runs;
        SubRun calib = run_component(m_a, "calibration", calibration_spec(spec, m_a, run_seed(spec.base.seed, i, scan_component::calibration)));
        MassPointResult p = finish_mass_point(spec, i, m_a, std::move(calib), runs);
        write_mass_point(out, spec, p, runs);
        double const s = p.yields.front().events;
        double const b = p.yields.back().events;
        std::printf("    sigma_m = %.4g +- %.2g GeV, window [%.4f, %.4f] GeV: signal %.4g events at g_ref, "
                    "background %.4g events\n",
                    p.width.sigma, p.width.sigma_error, p.window.lo, p.window.hi, s, b);
        std::printf("    background MC error / data's at %s (sensitivity weighted): %.3g (radiative Bhabha %.3g)%s\n",
                    spec.luminosity_text.c_str(), p.precision_ratio, p.precision_ratio_radiative_bhabha,
                    p.precision_ratio > BackgroundMcPrecision::warning_threshold ? ": the limit is MC-limited" : "");
        Json e = Json::object();
        e["m_a_gev"] = m_a;
        e["directory"] = p.directory;
        e["sigma_m_gev"] = p.width.sigma;
        e["empty_bin_background_events"] = p.empty_bin_background;
        e["mc_precision_ratio"] = p.precision_ratio;
        Json win = Json::array();
        win.push_back(p.window.lo);
        win.push_back(p.window.hi);
        e["window_gev"] = std::move(win);
        index_masses.push_back(std::move(e));
        double const sigma = p.width.sigma;
        p.histograms.clear();  // written; the mass points kept for the caller are small
        points.push_back(std::move(p));
        if (!spec.masses.empty())
        {
            if (i + 1 == spec.masses.size())
                break;
            m_a = spec.masses[i + 1];
        }
        else
        {
            double const previous = m_a;
            m_a += spec.mass_spacing_sigmas * sigma;
            if (m_a > spec.mass_max)
                break;
            if (mass_directory(m_a) == mass_directory(previous))
            {
                char buf[192];
                std::snprintf(buf, sizeof buf, "the grid's next mass %.15g GeV would be written to %s with %.15g GeV "
                              "(mass points are named with 4 decimals): raise mass_spacing_sigmas",
                              m_a, mass_directory(m_a).c_str(), previous);
                throw InputError(spec.card_path + ": key 'scan.mass_spacing_sigmas': " + buf);
            }
        }
    }

    Json index = Json::object();
    index["format"] = "fathom-scan-3";
    index["llr_bins"] = spec.llr_bins;
    index["luminosity_pb"] = spec.luminosity_pb;
    index["g_ref_per_gev"] = spec.g_ref;
    index["analysis_histogram"] = spec.analysis_histogram;
    Json ws = Json::array();
    ws.push_back(spec.window_low_sigmas);
    ws.push_back(spec.window_high_sigmas);
    index["window_sigmas"] = std::move(ws);
    index["masses"] = std::move(index_masses);
    index["fathom_version"] = version_string();
    index["git_revision"] = git_revision();
    write_json_file(out.staging_path("index.json"), index);
    std::ostringstream card;
    card << "# effective scan card written by fathom " << version_string() << "\n" << effective_card(spec) << "\n";
    write_text_file_atomic(out.staging_path("scan_card.toml"), card.str());
    out.commit();
    std::printf("  output: %s (index.json; per mass histograms.h5 and summary.json)\n", out.target().string().c_str());
    return points;
}
}  // namespace fathom
