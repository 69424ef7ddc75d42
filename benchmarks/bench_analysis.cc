// bench_analysis: the figure of merit of the background Monte Carlo for the ALP search: how many
// core-hours the radiative-Bhabha background of a scan mass needs before its MC error stops
// mattering for the limit (the sensitivity-weighted ratio r of `fathom reach` down to 0.3).
//
//   bench_analysis [--card CARD] [--masses 0.5,2,6] [--events N] [--seeds K] [--threads T]
//                  [--analysis HIST] [--calibration-events N] [--signal-events N]
//                  [--adapt-iterations I] [--adapt-events M]
//
// Per mass m_a, built as `fathom scan` builds it (host/scan: calibration_spec, calibration_width,
// mass_window, signal_spec, background_spec), from the scan card (default
// configs/alp_scan_belle2.toml: its cuts, detector response and histograms):
//   1. the calibration run and the scan's sigma_m fit, hence the scan's m_gg window;
//   2. the signal at the card's g_agg_ref with that window (the card's signal_events);
//   3. the background with that window: one run adapts (the card's adaptation, no production);
//      its grid is saved and every production run reloads it, so that all of them sample the
//      same adapted density, as the scan's one production run of this mass would. As in the
//      scan, unless the card (or --set scan.importance_sampling=false) turns it off, the
//      adaptation follows f h, h from a pilot run and the signal (AnalysisImportanceMap.hh);
//      the pilot's cost counts as adaptation;
//   4. production at two sample sizes a factor 4 apart, each as K runs with independent seeds:
//      "large" K x N events, "small" K x N/4 events (N = --events, K = --seeds >= 5).
// Only the radiative-Bhabha background counts: the scan's peaking backgrounds (their own samples,
// whose MC error more radiative-Bhabha events do not reduce) are left out of r and of the
// projection; r_at_50ab_with_peaking adds them (the card's peaking_events, not timed) for the r
// that `fathom reach` prints on a scan of this mass with the same radiative-Bhabha sample.
// The analysis histogram is the card's scan.analysis_histogram (also the importance map's), or
// --analysis HIST: llr_alp (or llr_alp_m_ee) measures r on the likelihood-ratio analysis, its fine
// lambda histograms merged at the signal's quantiles into scan.llr_bins bins as the scan does.
// Per sample size, on the analysis histogram (flow bins included) at 50 ab^-1, with the K runs
// merged into one sample (b_i = mean of the runs' b_i, v_i = sum of their v_i / K^2, as one run
// of K times the events would have them):
//   r_at_50ab       BackgroundMcPrecision's weighted_ratio on make_reach_bins of that input and
//                   the signal at g_ref, exactly as `fathom reach` computes it (empty-bin
//                   background: the scan's typical_event_background of the merged sample);
//   r_seed_scatter  the same with v_i replaced by the variance of the merged b_i estimated
//                   from the scatter of the K seeds, sum_k (b_ik - b_i)^2 / (K - 1) / K: heavy
//                   weight tails that the quoted v_i miss show up here.
//   seed_chi2_per_dof_cross_section, seed_chi2_per_dof_top10_bins: the K seeds' window cross
//                   sections, and their 10 largest-s^2/b bins, about their means with their own
//                   quoted errors (about 1 when the quoted errors are honest); _pooled: with the
//                   seeds' mean quoted variance instead of each seed's own.
// Projection to r = 0.3 (r^2 falls as 1 / N in the Gaussian regime):
//   Q = max(r_at_50ab, r_seed_scatter)^2 x N x production core-seconds per event / 0.09
//   core_hours_to_r03 = (Q + adaptation core-seconds) / 3600
// with N the sample's events and the core-seconds per event those of all 2 K production runs
// (both sizes): the two sizes' Q differ only by r^2 N, not by how busy a shared machine was
// while each ran (production_core_s_* give each size's own).
// Counted: production core-seconds = the sum over the runs of RunTiming::generate_s (wall
// time from the first batch to the tallies and histograms summed over threads: sampling, cuts,
// detector response, |M|^2, filling) x the threads that ran them. The adaptation (RunTiming::
// adapt_s x threads) is added once, not scaled: every mass needs its own (the window differs),
// but a longer production does not need a longer adaptation. Not counted: set-up (card, device
// set-up, grid loading, conversion of the histograms), the calibration and the signal.
// Wall time x threads is what the issue defines; on a shared machine it overstates the work,
// so the *_cpu_s keys and core_hours_to_r03_cpu give the same with process CPU seconds (set-up
// of the runs included), and load_average_start / _end say how shared the machine was.
// gaussian_regime: "yes" if Q of the two sizes agree within 25 % (larger / smaller <= 1.25);
// the large size's projection is then used, else the larger of the two.
// Keys carry the mass as m0p5, m2, m6 (%g with the point written "p"). Last line:
// core_hours_to_r03_worst, the largest core_hours_to_r03 over the masses.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <time.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "DeviceRun.hh"
#include "io/SamplerGridFile.hh"
#include "reach/BackgroundMcPrecision.hh"
#include "reach/ReachBins.hh"
#include "reach/SignalQuantileBins.hh"
#include "run/InputError.hh"
#include "run/Luminosity.hh"
#include "run/RunCard.hh"
#include "run/RunDriver.hh"
#include "scan/MassPointSpecs.hh"
#include "scan/ScanCard.hh"
#include "scan/ScanDriver.hh"

namespace
{
using namespace fathom;

//! r = 0.3: the threshold `fathom reach` warns at (the limit about 4 % weaker).
constexpr double target_ratio = BackgroundMcPrecision::warning_threshold;

struct Options
{
    std::string card = FATHOM_SOURCE_DIR "/configs/alp_scan_belle2.toml";
    std::vector<double> masses{0.5, 2.0, 6.0};
    //! large sample 5 x 3e6: under 10 minutes on 2 cores with llr_alp's stage in every scan run
    //! (5 x 4e6, the card's 2e7 per mass, took 10.1)
    std::uint64_t events{3'000'000};
    unsigned seeds{5};
    unsigned threads{0};
    std::uint64_t calibration_events{0};  //!< 0: the card's
    std::uint64_t signal_events{0};
    unsigned adapt_iterations{0};
    std::uint64_t adapt_events{0};
    std::vector<std::string> overrides;  //!< --set KEY=VALUE
    std::string analysis;                //!< the histogram r is measured on ("": the card's)
};

//! CPU seconds of the whole process (all threads): on a shared machine a far steadier measure of
//! the work than wall time x threads.
double cpu_seconds()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

//! /proc/loadavg's first three fields ("" where there is none): how shared the machine was.
std::string load_average()
{
    std::FILE* f = std::fopen("/proc/loadavg", "r");
    if (!f)
        return {};
    double a = 0, b = 0, c = 0;
    int const n = std::fscanf(f, "%lf %lf %lf", &a, &b, &c);
    std::fclose(f);
    if (n != 3)
        return {};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f %.2f %.2f", a, b, c);
    return buf;
}

std::string mass_key(double m)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "m%g", m);
    std::string k = buf;
    std::replace(k.begin(), k.end(), '.', 'p');
    return k;
}

HistogramData const& histogram(RunOutcome const& o, std::string const& name)
{
    for (auto const& h : o.histograms)
        if (h.spec.name == name)
            return h;
    throw std::logic_error("bench_analysis: run has no histogram '" + name + "'");
}

//! One sample size: K runs of the same adapted background.
struct Sample
{
    std::uint64_t events_per_run{0};
    std::vector<HistogramData> analysis;  //!< each run's analysis histogram, in events at L
    std::vector<RunSummary> summaries;
    double production_core_s{0};  //!< wall x threads
    double production_wall_s{0};
    double production_cpu_s{0};   //!< process CPU time of the runs (set-up included)
    double r_quoted{0};
    double r_scatter{0};
    double q{0};      //!< max(r)^2 x events x core-seconds per event / 0.09
    double q_cpu{0};  //!< the same with CPU seconds

    std::uint64_t events() const { return events_per_run * summaries.size(); }
};

//! Background that the scan adds to the radiative Bhabha's (its peaking backgrounds), in events.
struct ExtraBackground
{
    std::vector<double> values;
    std::vector<double> variances;
    double typical_event{0};  //!< the largest typical_event_background of its runs
};

//! The merged sample's ReachInput (quoted variances) and the scatter variances of its b_i.
ReachInput merged_input(Sample const& s, std::vector<double> const& signal, double g_ref, double luminosity_pb);

//! r of both kinds and the projections Q, at the cost per event of both sizes' runs together
//! (wall x threads, and CPU): the two sizes' Q then differ only by r^2 N, not by how busy the
//! machine was during each.
void measure_ratios(Sample& s, std::vector<double> const& signal, double g_ref, double luminosity_pb,
                    double core_s_per_event, double cpu_s_per_event)
{
    ReachInput const in = merged_input(s, signal, g_ref, luminosity_pb);
    std::size_t const k = s.analysis.size();
    std::size_t const n = signal.size();
    s.r_quoted = background_mc_precision(make_reach_bins(in)).weighted_ratio;

    ReachInput sc = in;
    for (std::size_t i = 0; i < n; ++i)
    {
        double ss = 0;
        for (std::size_t r = 0; r < k; ++r)
        {
            double const d = s.analysis[r].values[i] - in.background[i];
            ss += d * d;
        }
        sc.background_variance[i] = ss / (k - 1) / k;
    }
    s.r_scatter = background_mc_precision(make_reach_bins(sc)).weighted_ratio;
    double const r = std::max(s.r_quoted, s.r_scatter);
    double const events = static_cast<double>(s.events());
    s.q = r * r * events * core_s_per_event / (target_ratio * target_ratio);
    s.q_cpu = r * r * events * cpu_s_per_event / (target_ratio * target_ratio);
}

/*!
 * Are the quoted errors honest? chi^2 / dof of the K seeds' window cross sections about their
 * mean, each with its own quoted error (dof K - 1), and the same pooled over the \p top_bins
 * analysis bins with the largest s^2 / b of the merged sample (dof top_bins x (K - 1)). About 1
 * when the quoted errors match the seeds' scatter; heavy tails that the quoted errors miss
 * push it up.
 */
struct SeedConsistency
{
    double cross_section_chi2_per_dof{0};
    double top_bins_chi2_per_dof{0};
    //! The same with every seed's error replaced by the seeds' mean quoted variance: the
    //! scatter against the typical quoted error (a seed that misses a rare large weight has a
    //! low value and a small own error, which the own-error chi^2 above punishes).
    double cross_section_chi2_per_dof_pooled{0};
    double top_bins_chi2_per_dof_pooled{0};
};

SeedConsistency seed_consistency(Sample const& s, std::vector<double> const& signal, double luminosity_pb,
                                 std::size_t top_bins)
{
    SeedConsistency c;
    std::size_t const k = s.summaries.size();
    if (k < 2)
        return c;
    //! {own-error chi^2, pooled-error chi^2} of the K values about their mean
    auto chi2_about_mean = [k](auto value, auto error) {
        double mean = 0, mean_var = 0;
        for (std::size_t r = 0; r < k; ++r)
        {
            mean += value(r) / k;
            mean_var += error(r) * error(r) / k;
        }
        double own = 0, pooled = 0;
        for (std::size_t r = 0; r < k; ++r)
        {
            double const d2 = (value(r) - mean) * (value(r) - mean);
            double const e = error(r);
            if (e > 0)
                own += d2 / (e * e);
            if (mean_var > 0)
                pooled += d2 / mean_var;
        }
        return std::pair<double, double>{own, pooled};
    };
    auto const xs = chi2_about_mean([&](std::size_t r) { return s.summaries[r].cross_section_pb; },
                                    [&](std::size_t r) { return s.summaries[r].cross_section_error_pb; });
    c.cross_section_chi2_per_dof = xs.first / static_cast<double>(k - 1);
    c.cross_section_chi2_per_dof_pooled = xs.second / static_cast<double>(k - 1);
    ReachInput const in = merged_input(s, signal, 1.0, luminosity_pb);
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < signal.size(); ++i)
        if (signal[i] > 0 && in.background[i] > 0)
            order.push_back(i);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return signal[a] * signal[a] / in.background[a] > signal[b] * signal[b] / in.background[b];
    });
    order.resize(std::min(order.size(), top_bins));
    double own = 0, pooled = 0;
    for (std::size_t i : order)
    {
        auto const b = chi2_about_mean([&](std::size_t r) { return s.analysis[r].values[i]; },
                                       [&](std::size_t r) { return std::sqrt(s.analysis[r].variances[i]); });
        own += b.first;
        pooled += b.second;
    }
    double const dof = static_cast<double>(order.size() * (k - 1));
    c.top_bins_chi2_per_dof = order.empty() ? 0 : own / dof;
    c.top_bins_chi2_per_dof_pooled = order.empty() ? 0 : pooled / dof;
    return c;
}

//! r of `fathom reach` on a scan of this mass: the peaking backgrounds' histograms added.
double ratio_with(Sample const& s, ExtraBackground const& extra, std::vector<double> const& signal, double g_ref,
                  double luminosity_pb)
{
    ReachInput in = merged_input(s, signal, g_ref, luminosity_pb);
    for (std::size_t i = 0; i < extra.values.size(); ++i)
    {
        in.background[i] += extra.values[i];
        in.background_variance[i] += extra.variances[i];
    }
    in.empty_bin_background = std::max(in.empty_bin_background, extra.typical_event);
    return background_mc_precision(make_reach_bins(in)).weighted_ratio;
}

ReachInput merged_input(Sample const& s, std::vector<double> const& signal, double g_ref, double luminosity_pb)
{
    std::size_t const k = s.analysis.size();
    std::size_t const n = signal.size();
    ReachInput in;
    in.signal = signal;
    in.g_ref = g_ref;
    in.background.assign(n, 0.0);
    in.background_variance.assign(n, 0.0);
    RunSummary merged;
    for (std::size_t r = 0; r < k; ++r)
    {
        HistogramData const& h = s.analysis[r];
        if (h.values.size() != n)
            throw std::logic_error("bench_analysis: signal and background histograms differ in size");
        for (std::size_t i = 0; i < n; ++i)
        {
            in.background[i] += h.values[i] / k;
            in.background_variance[i] += h.variances[i] / (double(k) * k);
        }
        merged.cross_section_pb += s.summaries[r].cross_section_pb / k;
        merged.events_accepted += s.summaries[r].events_accepted;
    }
    in.empty_bin_background = typical_event_background(merged, luminosity_pb);
    return in;
}

struct MassResult
{
    double core_hours{0};
    double cpu_hours{0};  //!< the same projection from CPU seconds
};

MassResult run_mass(ScanSpec const& scan, std::size_t index, double m_a, Options const& opt, double luminosity_pb)
{
    std::string const key = mass_key(m_a);
    auto line = [&key](char const* name, char const* fmt, auto value) {
        std::printf("%s_%s: ", name, key.c_str());
        std::printf(fmt, value);
        std::printf("\n");
    };
    std::uint64_t const seed = scan.base.seed;

    // the scan's window: its calibration run and sigma_m fit
    RunSpec calib = calibration_spec(scan, m_a, run_seed(seed, index, scan_component::calibration));
    validate(calib);
    CoreWidth const width = calibration_width(simulate(calib), m_a);
    MassWindow const window = mass_window(scan, m_a, width.sigma);
    line("sigma_m_gev", "%.5g", width.sigma);
    std::printf("window_gev_%s: [%.5f, %.5f]\n", key.c_str(), window.lo, window.hi);

    // the matching signal at g_ref, on the analysis histogram, in events at L
    RunSpec sig = signal_spec(scan, m_a, window, run_seed(seed, index, scan_component::signal));
    validate(sig);
    RunOutcome const signal_run = simulate(sig);
    AnalysisBinning const analysis(opt.analysis, scan.llr_bins, [&signal_run](std::string const& name) {
        return histogram(signal_run, "signal." + name);
    });
    std::string const ana = "." + analysis.filled();
    std::vector<double> const signal
        = to_events(analysis(histogram(signal_run, "signal" + ana), "signal." + opt.analysis), luminosity_pb).values;
    line("signal_cross_section_pb", "%.6g", signal_run.summary.cross_section_pb);

    // the background: one run adapts (no production), every production run reloads its grid;
    // as the scan (unless the card says importance_sampling = false), the adaptation follows
    // f h with h from a pilot run and the signal, and the pilot counts as adaptation work
    std::uint64_t const bg_seed = run_seed(seed, index, scan_component::radiative_bhabha);
    RunSpec bg = background_spec(scan, window, bg_seed);
    std::string const bg_name = "background_radiative_bhabha" + ana;
    double pilot_cpu_s = 0, pilot_core_s = 0;
    if (scan.importance_sampling)
    {
        RunSpec pilot = importance_pilot_spec(scan, bg, run_seed(seed, index, scan_component::importance_pilot));
        validate(pilot);
        double const cpu0 = cpu_seconds();
        RunOutcome const o = simulate(pilot);
        pilot_cpu_s = cpu_seconds() - cpu0;
        pilot_core_s = (o.timing.adapt_s + o.timing.generate_s) * o.threads;
        bg = with_importance_map(scan, bg, signal_run, o);
        line("pilot_events", "%llu", static_cast<unsigned long long>(pilot.events));
    }
    line("importance_sampling", "%s", scan.importance_sampling ? "yes" : "no");
    RunSpec adapt = bg;
    adapt.events = 0;
    validate(adapt);
    double const adapt_cpu0 = cpu_seconds();
    RunOutcome const adapted = simulate(adapt);
    double const adaptation_cpu_s = cpu_seconds() - adapt_cpu0 + pilot_cpu_s;
    double const adaptation_core_s = adapted.timing.adapt_s * adapted.threads + pilot_core_s;
    std::uint64_t const adaptation_events = adapted.adaptation ? adapted.adaptation->events : 0;
    std::filesystem::path grid_file;
    if (adapted.grid)
    {
        grid_file = std::filesystem::temp_directory_path()
                    / ("bench_analysis_grid_" + std::to_string(getpid()) + "_" + key + ".h5");
        write_sampler_grid(grid_file, *adapted.grid);
        bg.grid_file = grid_file.string();
    }

    Sample large, small;
    large.events_per_run = opt.events;
    small.events_per_run = std::max<std::uint64_t>(1, opt.events / 4);
    unsigned threads = 0;
    unsigned run_number = 0;
    for (Sample* s : {&large, &small})
    {
        for (unsigned k = 0; k < opt.seeds; ++k)
        {
            RunSpec spec = bg;
            spec.events = s->events_per_run;
            spec.seed = run_seed(bg_seed, ++run_number, scan_component::radiative_bhabha);
            validate(spec);
            double const cpu0 = cpu_seconds();
            RunOutcome const o = simulate(spec);
            s->production_cpu_s += cpu_seconds() - cpu0;
            threads = o.threads;
            s->production_wall_s += o.timing.generate_s;
            s->production_core_s += o.timing.generate_s * o.threads;
            s->summaries.push_back(o.summary);
            s->analysis.push_back(to_events(analysis(histogram(o, bg_name), bg_name), luminosity_pb));
        }
    }
    if (!grid_file.empty())
        std::filesystem::remove(grid_file);
    double const all_events = static_cast<double>(large.events() + small.events());
    double const core_s_per_event = (large.production_core_s + small.production_core_s) / all_events;
    double const cpu_s_per_event = (large.production_cpu_s + small.production_cpu_s) / all_events;
    measure_ratios(large, signal, scan.g_ref, luminosity_pb, core_s_per_event, cpu_s_per_event);
    measure_ratios(small, signal, scan.g_ref, luminosity_pb, core_s_per_event, cpu_s_per_event);

    // not counted: the scan's peaking backgrounds (own samples, their MC error does not fall
    // with more radiative Bhabha events), for the r that `fathom reach` prints on a scan
    ExtraBackground peaking;
    std::string mesons;
    if (scan.peaking_backgrounds)
    {
        std::vector<MesonInfo> const& catalog = meson_catalog();
        peaking.values.assign(signal.size(), 0.0);
        peaking.variances.assign(signal.size(), 0.0);
        for (MesonInfo const* m : peaking_mesons_in_reach(m_a, width.sigma, window))
        {
            unsigned const c = scan_component::first_meson + static_cast<unsigned>(m - catalog.data());
            RunSpec spec = peaking_spec(scan, *m, window, run_seed(seed, index, c));
            validate(spec);
            RunOutcome const o = simulate(spec);
            HistogramData const h
                = to_events(analysis(histogram(o, "background_" + m->name + ana), m->name), luminosity_pb);
            for (std::size_t i = 0; i < h.values.size(); ++i)
            {
                peaking.values[i] += h.values[i];
                peaking.variances[i] += h.variances[i];
            }
            peaking.typical_event = std::max(peaking.typical_event, typical_event_background(o.summary, luminosity_pb));
            mesons += (mesons.empty() ? "" : ",") + m->name;
        }
    }
    double const r_scan = ratio_with(large, peaking, signal, scan.g_ref, luminosity_pb);

    // the merged large sample's cross section, N_eff / N and rate
    double sum_w = 0, sum_w2 = 0, events = 0, xs = 0, xs_var = 0;
    for (RunSummary const& x : large.summaries)
    {
        sum_w += x.sum_w;
        sum_w2 += x.sum_w2;
        events += static_cast<double>(x.events_tried);
        xs += x.cross_section_pb / opt.seeds;
        xs_var += x.cross_section_error_pb * x.cross_section_error_pb / (double(opt.seeds) * opt.seeds);
    }
    double const ratio = std::max(large.q, small.q) / std::max(std::min(large.q, small.q), 1e-300);
    bool const gaussian = ratio <= 1.25;
    double const q = gaussian ? large.q : std::max(large.q, small.q);
    MassResult res;
    res.core_hours = (q + adaptation_core_s) / 3600;
    res.cpu_hours = ((gaussian ? large.q_cpu : std::max(large.q_cpu, small.q_cpu)) + adaptation_cpu_s) / 3600;

    line("threads", "%u", threads);
    line("background_cross_section_pb", "%.6g", xs);
    line("background_cross_section_error_pb", "%.3g", std::sqrt(xs_var));
    line("background_events", "%llu", static_cast<unsigned long long>(large.events()));
    line("background_events_small", "%llu", static_cast<unsigned long long>(small.events()));
    line("adaptation_events", "%llu", static_cast<unsigned long long>(adaptation_events));
    line("adaptation_core_s", "%.4g", adaptation_core_s);
    line("adaptation_cpu_s", "%.4g", adaptation_cpu_s);
    line("production_core_s", "%.4g", large.production_core_s);
    line("production_core_s_small", "%.4g", small.production_core_s);
    line("production_cpu_s", "%.4g", large.production_cpu_s);
    line("production_cpu_s_small", "%.4g", small.production_cpu_s);
    line("events_per_s", "%.6g", large.production_wall_s > 0 ? events / large.production_wall_s : 0.0);
    line("events_per_cpu_s", "%.6g", large.production_cpu_s > 0 ? events / large.production_cpu_s : 0.0);
    line("neff_over_n", "%.4g", sum_w2 > 0 && events > 0 ? sum_w * sum_w / sum_w2 / events : 0.0);
    line("r_at_50ab", "%.4g", large.r_quoted);
    line("r_seed_scatter", "%.4g", large.r_scatter);
    SeedConsistency const honest = seed_consistency(large, signal, luminosity_pb, 10);
    line("seed_chi2_per_dof_cross_section", "%.3g", honest.cross_section_chi2_per_dof);
    line("seed_chi2_per_dof_top10_bins", "%.3g", honest.top_bins_chi2_per_dof);
    line("seed_chi2_per_dof_cross_section_pooled", "%.3g", honest.cross_section_chi2_per_dof_pooled);
    line("seed_chi2_per_dof_top10_bins_pooled", "%.3g", honest.top_bins_chi2_per_dof_pooled);
    line("peaking_backgrounds", "%s", mesons.empty() ? "none" : mesons.c_str());
    line("r_at_50ab_with_peaking", "%.4g", r_scan);
    line("r_at_50ab_small", "%.4g", small.r_quoted);
    line("r_seed_scatter_small", "%.4g", small.r_scatter);
    line("core_hours_to_r03_large", "%.4g", (large.q + adaptation_core_s) / 3600);
    line("core_hours_to_r03_small", "%.4g", (small.q + adaptation_core_s) / 3600);
    line("core_hours_to_r03_cpu", "%.4g", res.cpu_hours);
    line("gaussian_regime", "%s", gaussian ? "yes" : "no");
    line("core_hours_to_r03", "%.4g", res.core_hours);
    std::fflush(stdout);
    return res;
}
}  // namespace

int main(int argc, char** argv)
{
    CLI::App app{"bench_analysis: core-hours of background MC per mass to reach `fathom reach`'s r = 0.3"};
    Options opt;
    app.add_option("--card", opt.card, "Scan card")->capture_default_str();
    app.add_option("--masses", opt.masses, "ALP masses in GeV, comma-separated")->delimiter(',')->capture_default_str();
    app.add_option("--events,-n", opt.events, "Background events per seed of the large sample (small: a quarter)")
        ->capture_default_str();
    app.add_option("--seeds", opt.seeds, "Independent background runs per sample size (at least 5)")
        ->capture_default_str();
    app.add_option("--threads,-t", opt.threads, "CPU threads (omp backend), 0 = all")->capture_default_str();
    app.add_option("--calibration-events", opt.calibration_events, "Calibration events (0: the card's)")
        ->capture_default_str();
    app.add_option("--signal-events", opt.signal_events, "Signal events (0: the card's)")->capture_default_str();
    app.add_option("--adapt-iterations", opt.adapt_iterations, "Adaptation iterations of every run (0: the card's)")
        ->capture_default_str();
    app.add_option("--adapt-events", opt.adapt_events, "Events per adaptation iteration (0: the card's)")
        ->capture_default_str();
    app.add_option("--analysis", opt.analysis,
                   "The histogram r is measured on (default: the card's scan.analysis_histogram); llr_alp and "
                   "llr_alp_m_ee are merged from the fine lambda histograms as the scan merges them");
    app.add_option("--set", opt.overrides, "Override a scan card key, KEY=VALUE (repeatable), e.g. "
                                           "scan.importance_sampling=false for the plain sampler");
    CLI11_PARSE(app, argc, argv);

    try
    {
        if (opt.seeds < 5)
            throw InputError("option --seeds: expected at least 5 seeds (the seed scatter needs them)");
        if (opt.events < 4)
            throw InputError("option --events: expected at least 4 events (the small sample has a quarter)");
        if (opt.masses.empty())
            throw InputError("option --masses: expected at least one mass");
        ScanSpec scan = read_scan_card(opt.card, opt.overrides);
        scan.masses = opt.masses;  // checked by validate as the scan's --masses are
        scan.base.threads = opt.threads;
        if (opt.calibration_events)
            scan.calibration_events = opt.calibration_events;
        if (opt.signal_events)
            scan.signal_events = opt.signal_events;
        if (opt.adapt_iterations)
            scan.base.adapt_iterations = opt.adapt_iterations;
        if (opt.adapt_events)
            scan.base.adapt_events = opt.adapt_events;
        validate(scan);
        if (opt.analysis.empty())
            opt.analysis = scan.analysis_histogram;
        if (is_llr_analysis(opt.analysis) && scan.llr_bins == 0)
            throw InputError("option --analysis: " + opt.analysis + " needs scan.llr_bins > 0");
        double const luminosity_pb = parse_luminosity_pb("50ab-1", "bench_analysis");

        std::printf("benchmark: analysis\n");
        std::printf("backend: %s\n", DeviceRun::backend_name());
        std::printf("card: %s\n", opt.card.c_str());
        std::printf("analysis_histogram: %s\n", opt.analysis.c_str());
        std::printf("importance_map_histogram: %s\n", scan.analysis_histogram.c_str());
        std::printf("luminosity_pb: %g\n", luminosity_pb);
        std::printf("g_ref_per_gev: %g\n", scan.g_ref);
        std::printf("seeds: %u\n", opt.seeds);
        std::printf("events_per_seed: %llu\n", static_cast<unsigned long long>(opt.events));
        std::printf("load_average_start: %s\n", load_average().c_str());
        std::fflush(stdout);
        double worst = 0, worst_cpu = 0;
        for (std::size_t i = 0; i < opt.masses.size(); ++i)
        {
            MassResult const r = run_mass(scan, i, opt.masses[i], opt, luminosity_pb);
            worst = std::max(worst, r.core_hours);
            worst_cpu = std::max(worst_cpu, r.cpu_hours);
        }
        std::printf("load_average_end: %s\n", load_average().c_str());
        std::printf("core_hours_to_r03_cpu_worst: %.4g\n", worst_cpu);
        std::printf("core_hours_to_r03_worst: %.4g\n", worst);
    }
    catch (InputError const& e)
    {
        std::fprintf(stderr, "bench_analysis: error: %s\n", e.what());
        return 2;
    }
    catch (std::exception const& e)
    {
        std::fprintf(stderr, "bench_analysis: error: %s\n", e.what());
        return 1;
    }
    return 0;
}
