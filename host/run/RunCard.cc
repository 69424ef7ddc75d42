#include "RunCard.hh"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <initializer_list>
#include <set>
#include <limits>
#include <sstream>
#include <tuple>
#include <utility>

#include "InputError.hh"
#include "ThreadLimit.hh"
#include "TomlTableReader.hh"
#include "ProcessCatalog.hh"
#include "fathom/amplitude/AlpParams.hh"
#include "fathom/base/Constants.hh"
#include "fathom/kinematics/BeamParams.hh"
#include "fathom/histogram/HistogramParams.hh"
#include "fathom/selection/AcceptanceCut.hh"

namespace fathom
{
namespace
{
//! [0, 180] degrees each, theta_min < theta_max: the key that is out of range is named.
void check_angle_pair(TableReader& r, double lo, double hi)
{
    if (!(lo >= 0 && lo < 180))
        r.fail("theta_min", "expected a polar angle in [0, 180) degrees, got " + show_number(lo));
    if (!(hi > 0 && hi <= 180))
        r.fail("theta_max", "expected a polar angle in (0, 180] degrees, got " + show_number(hi));
    if (!(lo < hi))
        r.fail("theta_max", "expected theta_max > theta_min = " + show_number(lo) + " degrees, got "
                                + show_number(hi));
}

//! energy_min finite and >= 0, energy_max above it (+inf: no upper cut).
void check_energy_pair(TableReader& r, double lo, double hi)
{
    if (!(lo >= 0) || !std::isfinite(lo))
        r.fail("energy_min", "expected a finite energy >= 0 GeV, got " + show_number(lo));
    if (!(hi > lo))
        r.fail("energy_max", "expected energy_max > energy_min = " + show_number(lo) + " GeV, got "
                                 + show_number(hi));
}

//! The diphoton mass window [pair_mass_min, pair_mass_max]: each key named when it is wrong.
template<class Fail>
void check_pair_mass_window(RunSpec const& s, Fail const& fail)
{
    if (!(s.pair_mass_min >= 0) || !std::isfinite(s.pair_mass_min))
        fail("phase_space.pair_mass_min", "expected a finite diphoton mass >= 0 GeV, got " + show_number(s.pair_mass_min));
    if (!(s.pair_mass_max > s.pair_mass_min) || !std::isfinite(s.pair_mass_max))
        fail("phase_space.pair_mass_max", "expected a finite diphoton mass above pair_mass_min = "
                                              + show_number(s.pair_mass_min) + " GeV, got " + show_number(s.pair_mass_max));
    // the window must reach below the kinematic limit, or nothing can be generated
    double const sqrt_s = make_beam_params(s.electron_energy, s.positron_energy, s.electron_mass,
                                           1e-3 * s.crossing_angle_mrad)
                              .sqrt_s;
    if (!(s.pair_mass_min < sqrt_s - 2 * s.electron_mass))
        fail("phase_space.pair_mass_min", "pair_mass_min = " + show_number(s.pair_mass_min)
                                              + " GeV is not below sqrt(s) - 2 electron_mass = "
                                              + show_derived(sqrt_s - 2 * s.electron_mass) + " GeV: nothing can pass");
}

void read_axis(TableReader& r, AxisSpec& a)
{
    r.get("observable", a.observable);
    if (a.observable.empty())
        r.fail("observable", "is required (the observable this axis bins)");
    r.get("label", a.label);
    std::uint64_t bins = 0;
    r.get("bins", bins);
    if (auto const* edges = r.array("edges"))
    {
        a.variable = true;
        for (std::size_t i = 0; i < edges->size(); ++i)
        {
            auto const& n = (*edges)[i];
            if (auto d = n.value<double>())
                a.edges.push_back(*d);
            else
                r.fail("edges", "expected an array of numbers");
        }
        if (a.edges.size() < 2)
            r.fail("edges", "expected at least 2 edges");
        for (std::size_t i = 1; i < a.edges.size(); ++i)
        {
            if (!(a.edges[i] > a.edges[i - 1]) || !std::isfinite(a.edges[i]) || !std::isfinite(a.edges[0]))
                r.fail("edges", "expected finite, strictly increasing values");
        }
        if (bins != 0 || r.find("lower") || r.find("upper"))
            r.fail("edges", "give either edges or bins/lower/upper, not both");
        a.bins = static_cast<std::uint32_t>(a.edges.size() - 1);
        a.lower = a.edges.front();
        a.upper = a.edges.back();
    }
    else
    {
        if (bins == 0)
            r.fail("bins", "expected a positive number of bins (or give edges)");
        if (bins > (1u << 24))
            r.fail("bins", "at most 16777216 bins per axis");
        a.bins = static_cast<std::uint32_t>(bins);
        a.lower = NAN;
        a.upper = NAN;
        r.get("lower", a.lower);
        r.get("upper", a.upper);
        if (std::isnan(a.lower) || std::isnan(a.upper))
            r.fail(std::isnan(a.lower) ? "lower" : "upper", "is required for a regular axis");
        if (!std::isfinite(a.lower))
            r.fail("lower", "expected a finite number, got " + show_number(a.lower));
        if (!(a.upper > a.lower) || !std::isfinite(a.upper))
            r.fail("upper", "expected a finite number > lower = " + show_number(a.lower) + ", got "
                                + show_number(a.upper));
    }
    r.reject_unknown();
}
}  // namespace

RunSpec parse_run_card(std::string const& text, std::string const& origin)
{
    return run_spec_from_toml(parse_card_toml(text, origin, "run card"), origin);
}

RunSpec run_spec_from_toml(toml::table const& root, std::string const& origin,
                           std::vector<std::string> const& other_tables)
{
    RunSpec s;
    s.card_path = origin;
    TableReader top(root, "", origin);

    if (auto const* t = top.subtable("run"))
    {
        TableReader r(*t, "run", origin);
        r.get("events", s.events);
        r.get("seed", s.seed);
        r.get("batch_size", s.batch_size);
        r.get("threads", s.threads);
        r.get("simd", s.simd);
        r.get("histogram_memory", s.histogram_memory);
        r.reject_unknown();
    }
    if (auto const* t = top.subtable("beams"))
    {
        TableReader r(*t, "beams", origin);
        r.get("electron_energy", s.electron_energy);
        r.get("positron_energy", s.positron_energy);
        double sqrt_s = NAN;
        r.get("sqrt_s", sqrt_s);
        if (!std::isnan(sqrt_s))
        {
            if (t->get("electron_energy") || t->get("positron_energy"))
                r.fail("sqrt_s", "give either sqrt_s (symmetric beams) or the two beam energies");
            if (!(sqrt_s > 0 && sqrt_s <= 2 * max_beam_energy))
                r.fail("sqrt_s", "expected a CM energy in (0, 2e4] GeV, got " + show_number(sqrt_s));
            s.electron_energy = s.positron_energy = sqrt_s / 2;
        }
        r.get("crossing_angle_mrad", s.crossing_angle_mrad);
        r.get("electron_energy_spread", s.electron_energy_spread);
        r.get("positron_energy_spread", s.positron_energy_spread);
        r.reject_unknown();
    }
    if (auto const* t = top.subtable("process"))
    {
        TableReader r(*t, "process", origin);
        r.get("name", s.process);
        r.get("alpha", s.alpha);
        r.get("electron_mass", s.electron_mass);
        r.get("z_exchange", s.z_exchange);
        r.get("z_mass", s.z_mass);
        r.get("z_width", s.z_width);
        r.get("sin2_theta_w", s.sin2_theta_w);
        r.get("alp_mass", s.alp_mass);
        r.get("g_agg", s.g_agg);
        r.get("alp_width", s.alp_width);
        r.get("alp_lineshape", s.alp_lineshape);
        r.get("alp_window_widths", s.alp_window_widths);
        r.get("meson", s.meson);
        r.reject_unknown();
        if (s.process == "meson_fusion")
        {
            MesonInfo const* m = find_meson(s.meson);
            if (s.meson.empty())
                r.fail("meson", "is required for name = \"meson_fusion\" (" + meson_names() + ")");
            if (!m)
                r.fail("meson", "unknown meson '" + s.meson + "' (expected one of: " + meson_names() + ")");
            for (char const* k : {"alp_mass", "g_agg", "alp_width"})
            {
                if (t->get(k))
                    r.fail(k, "meson_fusion derives it from process.meson (PDG 2024 values): remove it");
            }
            set_meson(s, *m);
        }
        else if (!s.meson.empty())
        {
            r.fail("meson", "only for name = \"meson_fusion\"");
        }
    }
    if (auto const* t = top.subtable("phase_space"))
    {
        TableReader r(*t, "phase_space", origin);
        r.get("sampler", s.sampler);
        r.get("pair_mass_min", s.pair_mass_min);
        r.get("pair_mass_max", s.pair_mass_max);
        r.get("pair_mass_mapping", s.pair_mass_mapping);
        r.get("alpha_positron_first", s.alpha_positron_first);
        r.get("grid_bins", s.grid_bins);
        r.get("adapt_iterations", s.adapt_iterations);
        r.get("adapt_events", s.adapt_events);
        r.get("grid_damping", s.grid_damping);
        r.get("channel_weight_damping", s.channel_weight_damping);
        r.reject_unknown();
    }
    if (auto const* t = top.subtable("cuts"))
    {
        TableReader cuts(*t, "cuts", origin);
        for_each_table(cuts, "particle", [&](TableReader& r) {
            ParticleCutSpec c;
            r.get("particles", c.particles);
            if (c.particles.empty())
                r.fail("particles", "is required (ep, em, a1, a2, a3, leptons, photons or all)");
            r.get("frame", c.frame);
            r.get("energy_min", c.energy_min);
            r.get("energy_max", c.energy_max);
            r.get("theta_min", c.theta_min_deg);
            r.get("theta_max", c.theta_max_deg);
            r.reject_unknown();
            check_angle_pair(r, c.theta_min_deg, c.theta_max_deg);
            check_energy_pair(r, c.energy_min, c.energy_max);
            s.particle_cuts.push_back(c);
        });
        for_each_table(cuts, "acceptance", [&](TableReader& r) {
            AcceptanceCutSpec c;
            r.get("particles", c.particles);
            if (c.particles.empty())
                r.fail("particles", "is required (ep, em, a1, a2, a3, leptons, photons or all)");
            if (!r.find("regions"))
                r.fail("regions", "is required (an array of {frame, theta_min, theta_max} tables)");
            for_each_table(r, "regions", [&](TableReader& rr) {
                AcceptanceRegionSpec g;
                rr.get("frame", g.frame);
                rr.get("theta_min", g.theta_min_deg);
                rr.get("theta_max", g.theta_max_deg);
                rr.get("energy_min", g.energy_min);
                rr.get("energy_max", g.energy_max);
                rr.get("energy_resolution", g.energy_resolution);
                rr.reject_unknown();
                if (g.frame != "cm" && g.frame != "lab")
                    rr.fail("frame", "expected \"cm\" or \"lab\", got \"" + g.frame + "\"");
                check_angle_pair(rr, g.theta_min_deg, g.theta_max_deg);
                check_energy_pair(rr, g.energy_min, g.energy_max);
                if (!(g.energy_resolution >= 0 && g.energy_resolution < 1))
                    rr.fail("energy_resolution", "expected a relative resolution in [0, 1), got "
                                                     + show_number(g.energy_resolution));
                if (g.energy_resolution > 0 && g.frame != "lab")
                    rr.fail("energy_resolution", "only for a lab-frame (tagger) region");
                c.regions.push_back(g);
            });
            r.reject_unknown();
            if (c.regions.empty())
                r.fail("regions", "expected at least one region");
            if (c.regions.size() > max_acceptance_regions)
                r.fail("regions", "at most " + std::to_string(max_acceptance_regions) + " regions, got "
                                      + std::to_string(c.regions.size()));
            s.acceptance_cuts.push_back(c);
        });
        if (s.acceptance_cuts.size() > max_acceptance_cuts)
            cuts.fail("acceptance", "at most " + std::to_string(max_acceptance_cuts) + " acceptance cuts, got "
                                        + std::to_string(s.acceptance_cuts.size()));
        for_each_table(cuts, "separation", [&](TableReader& r) {
            SeparationCutSpec c;
            r.get("first", c.first);
            r.get("second", c.second);
            if (c.first.empty() || c.second.empty())
                r.fail(c.first.empty() ? "first" : "second", "is required (a particle set)");
            r.get("frame", c.frame);
            r.get("min_opening_angle", c.min_opening_angle_deg);
            r.get("min_delta_theta_rad", c.min_delta_theta_rad);
            r.get("min_delta_phi_rad", c.min_delta_phi_rad);
            r.get("min_delta_r", c.min_delta_r);
            r.get("require", c.require);
            r.reject_unknown();
            if (c.require != "any" && c.require != "all")
                r.fail("require", "expected \"any\" or \"all\", got \"" + c.require + "\"");
            using Limit = std::tuple<char const*, double, double, char const*>;
            for (auto const& [key, v, hi, unit] :
                 {Limit{"min_opening_angle", c.min_opening_angle_deg, 180, " degrees"},
                  Limit{"min_delta_theta_rad", c.min_delta_theta_rad, constants::pi, " rad"},
                  Limit{"min_delta_phi_rad", c.min_delta_phi_rad, constants::pi, " rad"},
                  Limit{"min_delta_r", c.min_delta_r, std::numeric_limits<double>::infinity(), ""}})
            {
                // a separation at or above its largest possible value passes nothing
                if (!(v >= 0 && v < hi))
                    r.fail(key, "expected a separation in [0, " + show_number(hi) + ")" + unit + ", got "
                                    + show_number(v));
            }
            s.separation_cuts.push_back(c);
        });
        for_each_table(cuts, "observable", [&](TableReader& r) {
            ObservableCutSpec c;
            r.get("observable", c.observable);
            if (c.observable.empty())
                r.fail("observable", "is required");
            r.get("min", c.min);
            r.get("max", c.max);
            r.reject_unknown();
            if (c.min == std::numeric_limits<double>::infinity())
                r.fail("min", "expected a number below +inf");
            if (!(c.min < c.max))
                r.fail("max", "expected max > min = " + show_number(c.min) + ", got " + show_number(c.max));
            s.observable_cuts.push_back(c);
        });
        cuts.reject_unknown();
    }
    for_each_table(top, "histograms", [&](TableReader& r) {
        HistogramSpec h;
        r.get("name", h.name);
        if (h.name.empty())
            r.fail("name", "is required (a unique histogram name)");
        r.get("title", h.title);
        r.get("weight", h.weight);
        for_each_table(r, "axes", [&](TableReader& ar) {
            AxisSpec a;
            read_axis(ar, a);
            h.axes.push_back(std::move(a));
        });
        r.reject_unknown();
        if (h.axes.empty() || h.axes.size() > max_histogram_dims)
            r.fail("axes", "expected 1 to 5 axes");
        s.histograms.push_back(std::move(h));
    });
    if (auto const* t = top.subtable("detector"))
    {
        TableReader r(*t, "detector", origin);
        r.get("enabled", s.detector_enabled);
        r.get("photon_energy_noise", s.photon_energy_noise);
        r.get("photon_energy_stochastic", s.photon_energy_stochastic);
        r.get("photon_energy_quartic", s.photon_energy_quartic);
        r.get("photon_energy_constant", s.photon_energy_constant);
        r.get("photon_theta_sigma", s.photon_theta_sigma);
        r.get("photon_phi_sigma", s.photon_phi_sigma);
        r.get("lepton_pt_slope", s.lepton_pt_slope);
        r.get("lepton_pt_constant", s.lepton_pt_constant);
        r.get("window_sigmas", s.window_sigmas);
        r.reject_unknown();
    }
    if (auto const* t = top.subtable("llr_alp"))
    {
        TableReader r(*t, "llr_alp", origin);
        s.llr_alp_given = true;
        r.get("mass", s.llr_alp_mass);
        r.get("sigma_m", s.llr_alp_sigma_m);
        r.get("coupling", s.llr_alp_coupling);
        r.reject_unknown();
    }
    if (auto const* t = top.subtable("output"))
    {
        TableReader r(*t, "output", origin);
        r.get("directory", s.output_directory);
        r.reject_unknown();
    }
    for (auto const& name : other_tables)
        top.find(name);  // read by the caller
    top.reject_unknown();
    validate(s);
    return s;
}

RunSpec read_run_card(std::filesystem::path const& path, std::vector<std::string> const& overrides)
{
    std::string const origin = path.string();
    return run_spec_from_toml(parse_card_toml(read_card_text(path, "run card"), origin, "run card", overrides),
                              origin);
}

void validate(RunSpec const& s)
{
    std::string const& o = s.card_path;
    auto fail = [&](std::string const& key, std::string const& what) {
        throw InputError(o + ": key '" + key + "': " + what);
    };
    // event indices: production [0, 2^63), adaptation iteration k [2^63 + k 2^40, ...)
    if (s.events >= max_production_events)
        fail("run.events", "expected fewer than 2^63 events (production event indices are [0, 2^63))");
    // the effective card must read back, and TOML integers are signed 64-bit
    if (s.seed >= max_production_events)
        fail("run.seed", "expected a seed below 2^63 (TOML integers are signed 64-bit), got " + std::to_string(s.seed));
    if (s.histogram_memory != "auto" && s.histogram_memory != "shared" && s.histogram_memory != "global")
        fail("run.histogram_memory", "expected \"auto\", \"shared\" or \"global\", got '" + s.histogram_memory + "'");
    if (s.streams == 0 || (s.streams > 1 && s.streams > s.events))
        throw InputError("option --streams: expected 1 to run.events (" + std::to_string(s.events) + ") streams, got "
                         + std::to_string(s.streams));
    if (s.stream >= s.streams)
        throw InputError("option --stream: expected a stream index from 0 to --streams - 1 ("
                         + std::to_string(s.streams - 1) + "), got " + std::to_string(s.stream));
    if (s.streams > 1 && s.sampler == "adaptive" && s.grid_file.empty())
        throw InputError("option --streams: the adaptive sampler's streams must share one frozen grid: first "
                         "`fathom run CARD -n 10000 -o GRIDRUN` (adapts and writes GRIDRUN/grid.h5), then each "
                         "stream `fathom run CARD --grid GRIDRUN/grid.h5 --stream J --streams M -o OUT_J`, then "
                         "`fathom merge OUT OUT_0 ... OUT_M-1`");
    if (s.threads > max_cpu_threads())
        fail("run.threads", "expected at most " + std::to_string(max_cpu_threads()) + " (4 x the "
                                + std::to_string(affinity_cpu_count()) + " CPUs this process may use; 0 = all), got "
                                + std::to_string(s.threads));
    // numbers: finite and in their physical range, each named with its value
    auto require = [&](char const* key, double v, bool ok, std::string const& expected) {
        if (!ok || !std::isfinite(v))
            fail(key, "expected " + expected + ", got " + show_number(v));
    };
    find_process(s.process, o + ": key 'process.name'");
    require("process.alpha", s.alpha, s.alpha > 0 && s.alpha < 1, "0 < alpha < 1");
    require("process.electron_mass", s.electron_mass, s.electron_mass >= 0 && s.electron_mass < 1,
            "an electron mass in [0, 1) GeV");
    for (auto const& [key, e] : {std::pair{"beams.electron_energy", s.electron_energy},
                                 std::pair{"beams.positron_energy", s.positron_energy}})
    {
        require(key, e, e > s.electron_mass && e <= max_beam_energy,
                "a beam energy above the electron mass and at most 1e4 GeV");
    }
    require("beams.crossing_angle_mrad", s.crossing_angle_mrad,
            s.crossing_angle_mrad >= 0 && s.crossing_angle_mrad < 1000,
            "a full crossing angle in [0, 1000) mrad (Belle II: 83)");
    require("beams.electron_energy_spread", s.electron_energy_spread,
            s.electron_energy_spread >= 0 && s.electron_energy_spread < 0.1, "a relative beam energy spread in [0, 0.1)");
    require("beams.positron_energy_spread", s.positron_energy_spread,
            s.positron_energy_spread >= 0 && s.positron_energy_spread < 0.1, "a relative beam energy spread in [0, 0.1)");
    if ((s.electron_energy_spread > 0 || s.positron_energy_spread > 0) && !s.detector_enabled)
        fail("beams.electron_energy_spread", "the beam energy spread acts in the response stage: it needs "
                                             "[detector] enabled = true (resolutions may be set to 0)");
    require("process.z_mass", s.z_mass, s.z_mass > 0 && s.z_mass <= max_beam_energy,
            "a Z mass in (0, 1e4] GeV");
    // a width at or above the mass is no resonance; +inf would switch the Z off silently
    require("process.z_width", s.z_width, s.z_width >= 0 && s.z_width < s.z_mass,
            "a Z width in [0, z_mass = " + show_number(s.z_mass) + ") GeV");
    require("process.sin2_theta_w", s.sin2_theta_w, s.sin2_theta_w > 0 && s.sin2_theta_w < 1, "0 < sin2_theta_w < 1");
    require("process.alp_mass", s.alp_mass, s.alp_mass > 0 && s.alp_mass <= max_beam_energy,
            "an ALP mass in (0, 1e4] GeV");
    // Narrow resonance: the two-photon width g^2 m^3 / (64 pi), a part of the total width, stays
    // below the mass, i.e. g < 8 sqrt(pi) / m; this also keeps g^2 and |M|^2 finite (g = 1e308
    // overflowed them to NaN weights).
    double const g_max = 8 * std::sqrt(constants::pi) / s.alp_mass;
    require("process.g_agg", s.g_agg, s.g_agg > 0 && alp_diphoton_width(s.alp_mass, s.g_agg) < s.alp_mass,
            "a coupling in (0, 8 sqrt(pi) / alp_mass = " + show_derived(g_max)
                + ") GeV^-1 (the two-photon width g^2 m^3 / 64 pi below the ALP mass)");
    require("process.alp_width", s.alp_width, s.alp_width >= 0 && s.alp_width < s.alp_mass,
            "a width in [0, alp_mass = " + show_number(s.alp_mass) + ") GeV (0: g^2 m^3 / 64 pi)");
    // the whole: the CM energy the beams give must be finite and above the final state's masses
    {
        ProcessInfo const& info = find_process(s.process, o + ": key 'process.name'");
        BeamParams const b = make_beam_params(s.electron_energy, s.positron_energy, s.electron_mass,
                                              1e-3 * s.crossing_angle_mrad);
        double threshold = 2 * s.electron_mass * (info.num_leptons > 0);
        std::string from = info.num_leptons > 0 ? "2 process.electron_mass" : "";
        if (info.narrow_resonance)
        {
            threshold += s.alp_mass;
            from += std::string(from.empty() ? "" : " + ")
                    + (s.process == "meson_fusion" ? "the mass of process.meson" : "process.alp_mass");
        }
        if (!std::isfinite(b.sqrt_s) || !(b.sqrt_s > threshold))
            fail("beams.electron_energy', 'beams.positron_energy",
                 "sqrt(s) = " + show_derived(b.sqrt_s) + " GeV from the beam energies " + show_number(s.electron_energy)
                     + " and " + show_number(s.positron_energy) + " GeV: expected a finite sqrt(s) above the final-state masses ("
                     + show_derived(threshold) + " GeV" + (from.empty() ? "" : ": " + from) + ")");
    }
    if (s.alp_lineshape != "narrow_width" && s.alp_lineshape != "breit_wigner")
        fail("process.alp_lineshape", "expected \"narrow_width\" or \"breit_wigner\", got \""
                                          + s.alp_lineshape + "\"");
    require("process.alp_window_widths", s.alp_window_widths, s.alp_window_widths > 0,
            "a positive, finite number of widths");
    ProcessInfo const& info = find_process(s.process, o + ": key 'process.name'");
    if (s.process == "meson_fusion" && !find_meson(s.meson))
        fail("process.meson", "expected one of: " + meson_names() + ", got '" + s.meson + "'");
    if (std::find(info.samplers.begin(), info.samplers.end(), s.sampler) == info.samplers.end())
    {
        std::string avail;
        for (auto const& x : info.samplers)
            avail += (avail.empty() ? "" : ", ") + x;
        fail("phase_space.sampler", "sampler '" + s.sampler + "' cannot generate " + s.process
                                        + " (available: " + avail + ")");
    }
    // named before the channels are built: their "no phase space" would not say why
    if (s.electron_mass == 0)
    {
        bool const adaptive = s.sampler == "adaptive";
        if (adaptive && info.id == ProcessId::ee_eeaa)
            fail("process.electron_mass", "the lepton-radiation channel of the adaptive sampler for ee_eeaa (and its "
                                          "two-photon-fusion channels) needs a massive electron (the mass regulates "
                                          "their collinear poles): expected electron_mass > 0 GeV (e.g. 0.000511) with "
                                          "phase_space.sampler = \"adaptive\", or sampler = \"rambo\"");
        if (s.sampler == "two_photon_fusion" || (adaptive && info.id == ProcessId::alp_fusion))
            fail("process.electron_mass", "the two-photon-fusion channels of phase_space.sampler = \"" + s.sampler
                                              + "\" need a massive electron (its mass bounds |t| from below): "
                                                "expected electron_mass > 0 GeV (e.g. 0.000511)");
    }
    if (s.sampler == "two_photon_fusion")
    {
        if (!info.narrow_resonance)
            check_pair_mass_window(s, fail);
        if (info.narrow_resonance && s.alp_lineshape != "narrow_width")
            fail("phase_space.sampler", "two_photon_fusion generates the ALP on shell: use "
                                        "alp_lineshape = \"narrow_width\"");
        if (s.pair_mass_mapping != "flat_m2" && s.pair_mass_mapping != "log_m2")
            fail("phase_space.pair_mass_mapping", "expected \"flat_m2\" or \"log_m2\"");
        if (!(s.alpha_positron_first >= 0 && s.alpha_positron_first <= 1))
            fail("phase_space.alpha_positron_first", "expected a weight in [0, 1]");
    }
    if (s.sampler == "adaptive")
    {
        if (s.pair_mass_min != 0 || s.pair_mass_max != 0)
        {
            check_pair_mass_window(s, fail);
        }
        if (s.grid_bins == 1 || s.grid_bins > 4096)
            fail("phase_space.grid_bins", "expected 0 (no VEGAS grids) or 2..4096 bins per dimension");
        if (s.adapt_iterations > 0 && s.adapt_events < 1000)
            fail("phase_space.adapt_events", "expected at least 1000 events per adaptation iteration");
        if (s.adapt_events > max_adaptation_events)
            fail("phase_space.adapt_events", "expected at most 2^40 events per adaptation iteration (each "
                                             "iteration has its own 2^40 event indices)");
        if (s.adapt_iterations > max_adaptation_iterations)
            fail("phase_space.adapt_iterations", "expected at most 2^23 adaptation iterations");
        if (!(s.grid_damping >= 0 && s.grid_damping <= 2))
            fail("phase_space.grid_damping", "expected a VEGAS damping exponent in [0, 2]");
        if (!(s.channel_weight_damping >= 0 && s.channel_weight_damping <= 1))
            fail("phase_space.channel_weight_damping", "expected an exponent in [0, 1]");
        if (info.narrow_resonance && info.id == ProcessId::alp_fusion && s.alp_lineshape != "narrow_width")
            fail("phase_space.sampler", "the adaptive alp_fusion channels generate the ALP on shell: use "
                                        "alp_lineshape = \"narrow_width\"");
    }
    for (auto const& c : s.particle_cuts)
    {
        if (c.frame != "cm" && c.frame != "lab")
            fail("cuts.particle.frame", "expected \"cm\" or \"lab\", got \"" + c.frame + "\"");
    }
    for (auto const& c : s.separation_cuts)
    {
        if (c.frame != "cm" && c.frame != "lab")
            fail("cuts.separation.frame", "expected \"cm\" or \"lab\", got \"" + c.frame + "\"");
    }
    std::set<std::string> names;
    for (auto const& h : s.histograms)
    {
        if (!names.insert(h.name).second)
            fail("histograms.name", "duplicate histogram name '" + h.name + "'");
        // '/' would nest HDF5 groups; a mass scan's own names are <component>.<card name>
        if (h.name.find('/') != std::string::npos || h.name == "." || h.name == "..")
            fail("histograms.name", "'" + h.name + "' may not contain '/' or be '.' or '..'");
        std::set<std::string> observables;
        for (auto const& a : h.axes)
        {
            // hist names axes by their observable and refuses duplicates
            if (!observables.insert(a.observable).second)
                fail("histograms.axes.observable",
                     "histogram '" + h.name + "' bins '" + a.observable + "' on two axes");
        }
    }
    using Term = std::pair<char const*, double>;
    for (auto const& [key, v] : std::initializer_list<Term>{{"photon_energy_noise", s.photon_energy_noise},
                                 {"photon_energy_stochastic", s.photon_energy_stochastic},
                                 {"photon_energy_quartic", s.photon_energy_quartic},
                                 {"photon_energy_constant", s.photon_energy_constant},
                                 {"photon_theta_sigma", s.photon_theta_sigma},
                                 {"photon_phi_sigma", s.photon_phi_sigma},
                                 {"lepton_pt_slope", s.lepton_pt_slope},
                                 {"lepton_pt_constant", s.lepton_pt_constant}})
    {
        if (!(v >= 0 && v < 1))
            fail(std::string("detector.") + key, "expected a resolution term in [0, 1), got " + show_number(v));
    }
    require("detector.window_sigmas", s.window_sigmas, s.window_sigmas >= 0 && s.window_sigmas <= 100,
            "a number of resolutions in [0, 100]");
    if (s.llr_alp_given)
    {
        require("llr_alp.mass", s.llr_alp_mass, s.llr_alp_mass > 0 && s.llr_alp_mass <= max_beam_energy,
                "an ALP mass in (0, 1e4] GeV");
        require("llr_alp.sigma_m", s.llr_alp_sigma_m, s.llr_alp_sigma_m > 0 && s.llr_alp_sigma_m < s.llr_alp_mass,
                "a diphoton mass resolution in (0, llr_alp.mass = " + show_number(s.llr_alp_mass) + ") GeV");
        double const g_llr_max = 8 * std::sqrt(constants::pi) / s.llr_alp_mass;
        require("llr_alp.coupling", s.llr_alp_coupling,
                s.llr_alp_coupling > 0 && alp_diphoton_width(s.llr_alp_mass, s.llr_alp_coupling) < s.llr_alp_mass,
                "a coupling in (0, 8 sqrt(pi) / llr_alp.mass = " + show_derived(g_llr_max) + ") GeV^-1");
    }
    if (s.output_directory.empty())
        fail("output.directory", "expected a non-empty path");
}

toml::table effective_card(RunSpec const& s)
{
    toml::table card;
    card.insert("run", toml::table{{"events", static_cast<std::int64_t>(s.events)},
                                   {"seed", static_cast<std::int64_t>(s.seed)},
                                   {"batch_size", static_cast<std::int64_t>(s.batch_size)},
                                   {"threads", static_cast<std::int64_t>(s.threads)},
                                   {"simd", s.simd}});
    if (s.histogram_memory != "auto")  // only when set: cards that never name it stay as they were
        card["run"].as_table()->insert("histogram_memory", s.histogram_memory);
    toml::table beams{{"electron_energy", s.electron_energy}, {"positron_energy", s.positron_energy}};
    // only when set: head-on beams without spread keep the effective card (and grid files) as before
    if (s.crossing_angle_mrad != 0)
        beams.insert("crossing_angle_mrad", s.crossing_angle_mrad);
    if (s.electron_energy_spread != 0 || s.positron_energy_spread != 0)
    {
        beams.insert("electron_energy_spread", s.electron_energy_spread);
        beams.insert("positron_energy_spread", s.positron_energy_spread);
    }
    card.insert("beams", std::move(beams));
    toml::table process{{"name", s.process},
                        {"alpha", s.alpha},
                        {"electron_mass", s.electron_mass},
                        {"z_exchange", s.z_exchange},
                        {"z_mass", s.z_mass},
                        {"z_width", s.z_width},
                        {"sin2_theta_w", s.sin2_theta_w},
                        {"alp_mass", s.alp_mass},
                        {"g_agg", s.g_agg},
                        {"alp_width", s.alp_width},
                        {"alp_lineshape", s.alp_lineshape},
                        {"alp_window_widths", s.alp_window_widths}};
    if (s.process == "meson_fusion")
    {
        // the card names the meson; its derived mass, coupling and width are in summary.json ("meson"),
        // not here, so that the effective card reads back (setting them with meson is an error)
        process.erase("alp_mass");
        process.erase("g_agg");
        process.erase("alp_width");
        process.insert("meson", s.meson);
    }
    card.insert("process", std::move(process));
    toml::table ps{{"sampler", s.sampler}};
    if (s.sampler == "two_photon_fusion")
    {
        ps.insert("pair_mass_min", s.pair_mass_min);
        ps.insert("pair_mass_max", s.pair_mass_max);
        ps.insert("pair_mass_mapping", s.pair_mass_mapping);
        ps.insert("alpha_positron_first", s.alpha_positron_first);
    }
    if (s.sampler == "adaptive")
    {
        ps.insert("pair_mass_min", s.pair_mass_min);
        ps.insert("pair_mass_max", s.pair_mass_max);
        ps.insert("grid_bins", static_cast<std::int64_t>(s.grid_bins));
        ps.insert("adapt_iterations", static_cast<std::int64_t>(s.adapt_iterations));
        ps.insert("adapt_events", static_cast<std::int64_t>(s.adapt_events));
        ps.insert("grid_damping", s.grid_damping);
        ps.insert("channel_weight_damping", s.channel_weight_damping);
    }
    card.insert("phase_space", std::move(ps));

    toml::table cuts;
    toml::array particle, separation, observable;
    for (auto const& c : s.particle_cuts)
    {
        toml::table t{{"particles", c.particles}, {"frame", c.frame},
                      {"energy_min", c.energy_min}, {"theta_min", c.theta_min_deg},
                      {"theta_max", c.theta_max_deg}};
        if (std::isfinite(c.energy_max))
            t.insert("energy_max", c.energy_max);
        particle.push_back(std::move(t));
    }
    for (auto const& c : s.separation_cuts)
    {
        separation.push_back(toml::table{{"first", c.first},
                                         {"second", c.second},
                                         {"frame", c.frame},
                                         {"min_opening_angle", c.min_opening_angle_deg},
                                         {"min_delta_theta_rad", c.min_delta_theta_rad},
                                         {"min_delta_phi_rad", c.min_delta_phi_rad},
                                         {"min_delta_r", c.min_delta_r},
                                         {"require", c.require}});
    }
    for (auto const& c : s.observable_cuts)
    {
        toml::table t{{"observable", c.observable}};
        if (std::isfinite(c.min))
            t.insert("min", c.min);
        if (std::isfinite(c.max))
            t.insert("max", c.max);
        observable.push_back(std::move(t));
    }
    cuts.insert("particle", std::move(particle));
    // only when used: cards without one keep their effective card (and grid files) unchanged
    if (!s.acceptance_cuts.empty())
    {
        toml::array acceptance;
        for (auto const& c : s.acceptance_cuts)
        {
            toml::array regions;
            for (auto const& g : c.regions)
            {
                toml::table t{{"frame", g.frame}, {"theta_min", g.theta_min_deg}, {"theta_max", g.theta_max_deg},
                              {"energy_min", g.energy_min}};
                if (std::isfinite(g.energy_max))
                    t.insert("energy_max", g.energy_max);
                if (g.energy_resolution > 0)
                    t.insert("energy_resolution", g.energy_resolution);
                regions.push_back(std::move(t));
            }
            acceptance.push_back(toml::table{{"particles", c.particles}, {"regions", std::move(regions)}});
        }
        cuts.insert("acceptance", std::move(acceptance));
    }
    cuts.insert("separation", std::move(separation));
    cuts.insert("observable", std::move(observable));
    card.insert("cuts", std::move(cuts));

    toml::array hists;
    for (auto const& h : s.histograms)
    {
        toml::array axes;
        for (auto const& a : h.axes)
        {
            toml::table t{{"observable", a.observable}};
            if (!a.label.empty())
                t.insert("label", a.label);
            if (a.variable)
            {
                toml::array e;
                for (double x : a.edges)
                    e.push_back(x);
                t.insert("edges", std::move(e));
            }
            else
            {
                t.insert("bins", static_cast<std::int64_t>(a.bins));
                t.insert("lower", a.lower);
                t.insert("upper", a.upper);
            }
            axes.push_back(std::move(t));
        }
        hists.push_back(toml::table{
            {"name", h.name}, {"title", h.title}, {"weight", h.weight}, {"axes", std::move(axes)}});
    }
    card.insert("histograms", std::move(hists));
    // only when on: a run without the response keeps today's effective card, byte for byte
    if (s.detector_enabled)
        card.insert("detector", toml::table{{"enabled", s.detector_enabled},
                                        {"photon_energy_noise", s.photon_energy_noise},
                                        {"photon_energy_stochastic", s.photon_energy_stochastic},
                                        {"photon_energy_quartic", s.photon_energy_quartic},
                                        {"photon_energy_constant", s.photon_energy_constant},
                                        {"photon_theta_sigma", s.photon_theta_sigma},
                                        {"photon_phi_sigma", s.photon_phi_sigma},
                                        {"lepton_pt_slope", s.lepton_pt_slope},
                                        {"lepton_pt_constant", s.lepton_pt_constant},
                                        {"window_sigmas", s.window_sigmas}});
    if (s.llr_alp_given)
        card.insert("llr_alp", toml::table{{"mass", s.llr_alp_mass},
                                           {"sigma_m", s.llr_alp_sigma_m},
                                           {"coupling", s.llr_alp_coupling}});
    card.insert("output", toml::table{{"directory", s.output_directory}});
    return card;
}
}  // namespace fathom
