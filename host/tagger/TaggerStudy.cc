#include "TaggerStudy.hh"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>

#include "fathom/kinematics/BeamParams.hh"
#include "io/JsonFile.hh"
#include "io/OutputDirectory.hh"
#include "reach/ExpectedLimits.hh"
#include "reach/LimitCurve.hh"
#include "reach/LuminosityMatch.hh"
#include "reach/ReachBins.hh"
#include "reach/ReachPaths.hh"
#include "reach/ScanReader.hh"
#include "reach/SignalQuantileBins.hh"
#include "run/InputError.hh"
#include "run/RunFailure.hh"
#include "run/Luminosity.hh"
#include "run/TomlTableReader.hh"
#include "run/Version.hh"
#include "scan/ScanCard.hh"
#include "scan/ScanDriver.hh"

namespace fathom
{
namespace
{
namespace fs = std::filesystem;
constexpr double deg = 3.14159265358979323846 / 180;

//! Lab polar angle (degrees) of a massless particle at CM polar angle theta* and azimuth phi.
double lab_theta(BeamParams const& b, double theta_star_deg, double phi)
{
    double const t = theta_star_deg * deg;
    FourVector const lab = b.to_lab({1, std::sin(t) * std::cos(phi), std::sin(t) * std::sin(phi), std::cos(t)});
    return theta(lab) / deg;
}

//! The lab image of a CM polar angle over azimuths: the widest (max: true) or narrowest.
double lab_edge(BeamParams const& b, double theta_star_deg, bool largest)
{
    double edge = lab_theta(b, theta_star_deg, 0);
    for (int k = 1; k < 8; ++k)
    {
        double const t = lab_theta(b, theta_star_deg, k * 3.14159265358979323846 / 4);
        edge = largest ? std::max(edge, t) : std::min(edge, t);
    }
    return edge;
}

std::string theta_directory(double theta_min)
{
    char buf[40];
    std::snprintf(buf, sizeof buf, "theta_min_%04.1fdeg", theta_min);
    return buf;
}

//! Two angles that print the same directory name would write one scan over the other.
void check_theta_directories(std::vector<double> const& angles, std::string const& origin)
{
    for (std::size_t i = 0; i < angles.size(); ++i)
    {
        for (std::size_t j = 0; j < i; ++j)
        {
            if (theta_directory(angles[i]) != theta_directory(angles[j]))
                continue;
            char buf[160];
            std::snprintf(buf, sizeof buf, "angles %.15g and %.15g deg would both be written to %s "
                          "(named with 1 decimal): give angles at least 0.1 deg apart",
                          angles[j], angles[i], theta_directory(angles[i]).c_str());
            throw InputError(origin + ": " + buf);
        }
    }
}
}  // namespace

TaggerStudySpec read_tagger_card(fs::path const& path, std::vector<std::string> const& overrides)
{
    std::string const origin = path.string();
    toml::table const root = parse_card_toml(read_card_text(path, "tagger card"), origin, "tagger card", overrides);
    TaggerStudySpec s;
    s.scan = scan_spec_from_toml(root, origin, {"tagger"});
    s.output_directory = s.scan.output_directory;
    auto const* t = root.get("tagger");
    if (!t || !t->is_table())
        throw InputError(origin + ": key 'tagger': a tagger study card needs a [tagger] table (docs/run-card.md)");
    TableReader r(*t->as_table(), "tagger", origin);
    auto numbers = [&](std::string_view key, std::vector<double>& out) {
        if (auto const* a = r.array(key))
        {
            out.clear();
            for (auto const& n : *a)
            {
                if (!n.is_number())
                    r.fail(key, "expected an array of numbers");
                out.push_back(n.value<double>().value());
            }
        }
    };
    numbers("theta_min", s.theta_min_deg);
    r.get("frame", s.frame);
    r.get("side", s.side);
    r.get("energy_min", s.tagger_energy_min);
    r.get("energy_resolution", s.tagger_energy_resolution);
    if (auto const* a = r.array("luminosities"))
    {
        s.luminosities_pb.clear();
        s.luminosity_texts.clear();
        for (auto const& n : *a)
        {
            auto v = n.value_exact<std::string>();
            if (!v)
                r.fail("luminosities", "expected an array of luminosities with units, e.g. [\"1ab-1\", \"50ab-1\"]");
            s.luminosity_texts.push_back(*v);
            s.luminosities_pb.push_back(parse_luminosity_pb(*v, origin + ": key 'tagger.luminosities'"));
        }
    }
    r.get("analysis", s.analysis);
    std::string three;
    r.get("three_photon_csv", three);
    s.three_photon_csv = three;
    r.reject_unknown();

    auto fail = [&](std::string const& key, std::string const& what) {
        throw InputError(origin + ": key 'tagger." + key + "': " + what);
    };
    if (s.theta_min_deg.empty())
        fail("theta_min", "expected at least one angle");
    if ((s.analysis == llr_histogram || s.analysis == llr_m_ee_histogram) && s.scan.llr_bins == 0)
        fail("analysis", "'" + s.analysis + "' needs scan.llr_bins > 0");
    if (!s.analysis.empty() && s.analysis != llr_histogram && s.analysis != llr_m_ee_histogram
        && std::none_of(s.scan.base.histograms.begin(), s.scan.base.histograms.end(),
                        [&](HistogramSpec const& h) { return h.name == s.analysis; }))
        fail("analysis", "expected llr_alp, llr_alp_m_ee or a [[histograms]] name, got '" + s.analysis + "'");
    for (double x : s.theta_min_deg)
    {
        if (!(x > 0 && x < 90))
            fail("theta_min", "expected angles in (0, 90) degrees, got " + show_number(x));
    }
    check_theta_directories(s.theta_min_deg, origin + ": key 'tagger.theta_min'");
    if (s.frame != "cm" && s.frame != "lab")
        fail("frame", "expected \"cm\" (symmetric) or \"lab\" (one-sided), got \"" + s.frame + "\"");
    if (s.side != "forward" && s.side != "backward")
        fail("side", "expected \"forward\" (the e- side, +z) or \"backward\", got \"" + s.side + "\"");
    double const e_beam = std::max(s.scan.base.electron_energy, s.scan.base.positron_energy);
    if (!(s.tagger_energy_min >= 0 && s.tagger_energy_min < e_beam))
        fail("energy_min", "expected a lab energy in [0, " + show_number(e_beam)
                               + ") GeV (below the beam energy: a tagged lepton carries less), got "
                               + show_number(s.tagger_energy_min));
    if (!(s.tagger_energy_resolution >= 0 && s.tagger_energy_resolution < 1))
        fail("energy_resolution", "expected a relative resolution in [0, 1), got "
                                      + show_number(s.tagger_energy_resolution));
    if (s.luminosities_pb.empty())
        fail("luminosities", "expected at least one luminosity");
    with_tagger(s, s.theta_min_deg.front());  // the lepton cut must be found
    return s;
}

ScanSpec with_tagger(TaggerStudySpec const& study, double theta_min)
{
    ScanSpec s = study.scan;
    auto& cuts = s.base.particle_cuts;
    auto it = std::find_if(cuts.begin(), cuts.end(), [](ParticleCutSpec const& c) {
        return c.particles == "leptons" && c.frame == "cm";
    });
    if (it == cuts.end())
        throw InputError(s.card_path + ": key 'cuts.particle': a tagger study opens the barrel lepton cut, "
                                       "a [[cuts.particle]] with particles = \"leptons\" in the CM frame: none found");
    ParticleCutSpec const barrel = *it;
    if (study.frame == "cm")
    {
        it->theta_min_deg = std::min(barrel.theta_min_deg, theta_min);
        it->theta_max_deg = std::max(barrel.theta_max_deg, 180 - theta_min);
        return s;
    }
    RunSpec const& b = s.base;
    BeamParams const beams = make_beam_params(b.electron_energy, b.positron_energy, b.electron_mass,
                                              1e-3 * b.crossing_angle_mrad);
    AcceptanceRegionSpec tag;
    tag.frame = "lab";
    tag.energy_min = study.tagger_energy_min;
    tag.energy_resolution = study.tagger_energy_resolution;
    if (study.side == "forward")
    {
        tag.theta_min_deg = theta_min;
        tag.theta_max_deg = lab_edge(beams, barrel.theta_min_deg, true);
    }
    else
    {
        tag.theta_min_deg = lab_edge(beams, barrel.theta_max_deg, false);
        tag.theta_max_deg = 180 - theta_min;
    }
    if (!(tag.theta_min_deg < tag.theta_max_deg))
        return s;  // the tagger would sit inside the barrel's lab image: the barrel alone
    AcceptanceCutSpec acc;
    acc.particles = "leptons";
    AcceptanceRegionSpec bar;
    bar.frame = "cm";
    bar.theta_min_deg = barrel.theta_min_deg;
    bar.theta_max_deg = barrel.theta_max_deg;
    bar.energy_min = barrel.energy_min;
    bar.energy_max = barrel.energy_max;
    acc.regions = {bar, tag};
    cuts.erase(it);
    s.base.acceptance_cuts.push_back(acc);
    return s;
}

void execute_tagger_study(TaggerStudySpec const& study, bool force)
{
    // colliding output names are refused before anything runs
    check_theta_directories(study.theta_min_deg, study.scan.card_path + ": key 'tagger.theta_min'");
    check_mass_directories(study.scan.masses, study.scan.card_path + ": key 'scan.masses'");
    // the whole study checked before the first scan: every angle's scan, every mass's runs
    for (double theta : study.theta_min_deg)
    {
        ScanSpec const s = with_tagger(study, theta);
        validate(s);
        check_scan_runs(s, ", tagger.theta_min = " + show_number(theta) + " degrees");
    }
    fs::path const curve_path = study.three_photon_csv.empty() ? default_three_photon_csv() : study.three_photon_csv;
    if (!fs::is_regular_file(curve_path))
        throw InputError("tagger study: the 3-photon curve " + curve_path.string()
                         + " is not a readable file (the study matches its luminosity to it; give "
                           "[tagger] three_photon_csv, default data/belle2_3gamma_reach_50ab.csv)");
    OutputDirectory out(study.output_directory, {"tagger", force, {{study.scan.card_path}, {curve_path}}});
    LimitCurve const curve = read_limit_curve_csv(curve_path);
    double const l_ref = 5e7;  // the 3-photon curve's 50 ab^-1

    std::ostringstream csv;
    csv << "theta_min_deg,frame,m_a_gev,luminosity_pb,g_up_median,three_photon_g_50ab,"
           "matching_luminosity_pb,matching_over_50ab,background_events_50ab,signal_events_50ab_gref,"
           "background_mc_weighted_ratio_50ab,g_up_median_no_mc_error,matching_luminosity_no_mc_error_pb\n";
    Json rows = Json::array();
    // each scan read once, at the 3-photon curve's luminosity; other luminosities by rescaling
    std::vector<ScanData> scans;
    for (double theta : study.theta_min_deg)
    {
        ScanSpec s = with_tagger(study, theta);
        std::string const dir = theta_directory(theta);
        s.output_directory = out.staging_path(dir).string();
        std::printf("fathom tagger: theta_min = %.1f deg (%s)\n", theta, study.frame.c_str());
        try
        {
            execute_scan(s, false);
        }
        catch (RunFailure const& e)
        {
            // the study stops naming the angle; the scan's message names the mass and component
            char where[64];
            std::snprintf(where, sizeof where, "tagger: theta_min = %.4g deg, ", theta);
            throw RunFailure(where + std::string(e.what()));
        }
        scans.push_back(read_scan(out.staging_path(dir), l_ref, ScanSelection{study.analysis, 0}));
        for (double l : study.luminosities_pb)
        {
            for (ScanMassPoint const& m : scans.back().masses)
            {
                ExpectedLimits const lim
                    = expected_upper_limits(make_reach_bins(scale_to_luminosity(m.input, l_ref, l)));
                Json j = Json::object();
                j["theta_min_deg"] = theta;
                j["m_a_gev"] = m.m_a_gev;
                j["luminosity_pb"] = l;
                j["g_up_median"] = number_or_null(lim.median_g_up());  // null: no limit
                j["mc_precision_weighted_ratio"] = lim.mc_precision.weighted_ratio;
                rows.push_back(std::move(j));
            }
        }
    }
    // luminosity matching at each mass, from the 50 ab^-1 inputs
    Json matches = Json::array();
    for (std::size_t t = 0; t < scans.size(); ++t)
    {
        double const theta = study.theta_min_deg[t];
        for (ScanMassPoint const& m : scans[t].masses)
        {
            auto const g3 = interpolate_log_log(curve, m.m_a_gev);
            ExpectedLimits const lim = expected_upper_limits(make_reach_bins(m.input));
            double sig = 0, bg = 0;
            for (double x : m.input.signal)
                sig += x;
            for (double x : m.input.background)
                bg += x;
            Json j = Json::object();
            j["theta_min_deg"] = theta;
            j["m_a_gev"] = m.m_a_gev;
            // null: no limit, no 3-photon curve at this mass, not reached
            j["g_up_median_50ab"] = number_or_null(lim.median_g_up());
            j["three_photon_g_50ab"] = number_or_null(g3);
            std::optional<double> lmatch;
            double g_max = NAN;
            if (g3)
            {
                LuminosityMatch const lm = match_luminosity(m.input, l_ref, *g3, 1e3, 1e11);
                lmatch = lm.luminosity_pb;
                g_max = lm.g_at_max;
            }
            j["matching_luminosity_pb"] = number_or_null(lmatch);
            ReachInput const ideal = without_mc_error(m.input);
            double const g_ideal = median_limit_at(ideal, l_ref, l_ref);
            std::optional<double> lideal;
            if (g3)
                lideal = match_luminosity(ideal, l_ref, *g3, 1e3, 1e11).luminosity_pb;
            j["g_up_median_no_mc_error_50ab"] = number_or_null(g_ideal);
            j["matching_luminosity_no_mc_error_pb"] = number_or_null(lideal);
            j["g_up_median_at_1e11pb"] = number_or_null(g_max);
            j["background_events_50ab"] = bg;
            j["signal_events_50ab_gref"] = sig;
            j["background_mc_weighted_ratio_50ab"] = lim.mc_precision.weighted_ratio;
            char line[512];
            auto num = [](std::optional<double> x) {
                char b[32] = "";
                if (x)
                    std::snprintf(b, sizeof b, "%.6g", *x);
                return std::string(b);
            };
            std::snprintf(line, sizeof line, "%.4g,%s,%.6g,%.6g,%.6g,%s,%s,%s,%.6g,%.6g,%.4g,%.6g,%s\n", theta,
                          study.frame.c_str(), m.m_a_gev, l_ref, lim.median_g_up(), num(g3).c_str(),
                          num(lmatch).c_str(), num(lmatch ? std::optional<double>(*lmatch / l_ref) : std::nullopt).c_str(),
                          bg, sig, lim.mc_precision.weighted_ratio, g_ideal, num(lideal).c_str());
            csv << line;
            std::printf("  theta_min %.1f deg, m_a %.4g GeV: g_up(50 ab^-1) %.3g GeV^-1 (without MC error %.3g; 3 gamma %s); "
                        "matches 3 gamma at %s (without MC error %s)\n",
                        theta, m.m_a_gev, lim.median_g_up(), g_ideal, g3 ? num(g3).c_str() : "-",
                        lmatch ? format_luminosity(*lmatch).c_str() : (g3 ? "never" : "-"),
                        lideal ? format_luminosity(*lideal).c_str() : (g3 ? "never" : "-"));
            matches.push_back(std::move(j));
        }
    }
    Json doc = Json::object();
    doc["format"] = "fathom-tagger-study-1";
    doc["frame"] = study.frame;
    doc["side"] = study.side;
    doc["three_photon_csv"] = curve_path.string();
    doc["analysis_histogram"] = scans.empty() ? Json(nullptr) : Json(scans.front().analysis_histogram);
    Json th = Json::array();
    for (double x : study.theta_min_deg)
    {
        Json e = Json::object();
        e["theta_min_deg"] = x;
        e["directory"] = theta_directory(x);
        th.push_back(std::move(e));
    }
    doc["theta_min"] = std::move(th);
    doc["limits"] = std::move(rows);
    doc["matches"] = std::move(matches);
    doc["what"] = "limits: median expected 95 % CL limit on g_agg (GeV^-1) per theta_min, mass and luminosity; "
                  "matches: the luminosity at which it equals the 3-photon limit at 50 ab^-1 (null: not reached "
                  "up to 1e11 pb^-1, where g_up_median_at_1e11pb shows the plateau set by the background MC error); "
                  "*_no_mc_error: the same without the background's MC error (bins without background MC events "
                  "dropped), what a large enough MC sample would give";
    doc["fathom_version"] = version_string();
    write_json_file(out.staging_path("study.json"), doc);
    write_text_file_atomic(out.staging_path("study.csv"), csv.str());
    out.commit();
    std::printf("fathom tagger: wrote %s/{study.csv, study.json, theta_min_*/}\n", out.target().string().c_str());
}
}  // namespace fathom
