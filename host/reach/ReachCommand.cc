#include "ReachCommand.hh"

#include <spawn.h>
#include <sys/wait.h>
#include <fcntl.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <ostream>
#include <sstream>
#include <system_error>

#include "DecayEfficiency.hh"
#include "LimitCurve.hh"
#include "PyhfWorkspace.hh"
#include "ReachPaths.hh"
#include "io/JsonFile.hh"
#include "io/OutputDirectory.hh"
#include "run/InputError.hh"
#include "run/Luminosity.hh"
#include "run/Version.hh"

extern char** environ;

namespace fs = std::filesystem;

namespace fathom
{
namespace
{
// Band order of ExpectedLimits::band_sigma (-2, -1, 0, +1, +2) and their names in the files.
constexpr std::array<char const*, 5> band_names{"m2", "m1", "median", "p1", "p2"};

//! Shortest text that reads back to the same double (to_chars); "inf" for no limit, as
//! Python's float() and numpy read it.
std::string csv_number(double x)
{
    if (std::isinf(x))
        return x > 0 ? "inf" : "-inf";
    if (std::isnan(x))
        return "nan";
    char buf[64];
    auto const [end, ec] = std::to_chars(buf, buf + sizeof(buf), x);
    return std::string(buf, ec == std::errc{} ? end : buf);
}

std::string csv_optional(std::optional<double> const& x)
{
    return x ? csv_number(*x) : std::string{};
}

//! A band's limits; inf (no limit) is null
Json bands_json(std::array<double, 5> const& values)
{
    Json o = Json::object();
    for (std::size_t k = 0; k < values.size(); ++k)
        o[band_names[k]] = number_or_null(values[k]);
    return o;
}

std::string short_number(double x)
{
    if (std::isinf(x))
        return "none";
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.3g", x);
    return buf;
}

std::string default_plot_command(std::string const& python, fs::path const& json,
                                 fs::path const& csv, fs::path const& png)
{
    std::string cmd = python + " " + plot_reach_script().string() + " " + json.string();
    if (!csv.empty())
        cmd += " --three-photon " + csv.string();
    return cmd + " -o " + png.string();
}

//! Run the plot script; returns an empty string on success, else why it failed (one line).
std::string run_plot(std::string const& python, fs::path const& json, fs::path const& csv,
                     fs::path const& png, fs::path const& log)
{
    std::vector<std::string> args{python, plot_reach_script().string(), json.string()};
    if (!csv.empty())
    {
        args.push_back("--three-photon");
        args.push_back(csv.string());
    }
    args.push_back("-o");
    args.push_back(png.string());
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    // The script's own output goes to a log; its last line is the reason if it fails.
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    pid_t pid = 0;
    int const err = posix_spawnp(&pid, python.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (err != 0)
        return "cannot run '" + python + "': " + std::generic_category().message(err);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
    {
        if (errno != EINTR)
            return "cannot wait for the plot script: " + std::generic_category().message(errno);
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return {};
    std::ifstream in(log);
    std::string line, last;
    while (std::getline(in, line))
    {
        if (line.find_first_not_of(" \t\r") != std::string::npos)
            last = line;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && last.empty())
        return "'" + python + "' not found";
    return last.empty() ? "the plot script failed" : last;
}
}  // namespace

std::vector<std::string> reach_csv_columns()
{
    return {"m_a_gev",
            "g_up_median",
            "g_up_m2",
            "g_up_m1",
            "g_up_p1",
            "g_up_p2",
            "mu_up_median",
            "signal_events_at_gref",
            "background_events",
            "mc_precision_weighted_ratio",
            "mc_precision_warning",
            "kept_bins",
            "dropped_bins",
            "floored_bins",
            "decay_efficiency_at_median",
            "three_photon_g_limit",
            "ratio_to_three_photon",
            "mean_decay_length_lab_at_g_up_m",
            "g_up_median_no_mc_error"};
}

std::vector<ReachPoint> compute_reach(ScanData const& scan, ReachOptions const& options)
{
    std::optional<LimitCurve> curve;
    if (!options.three_photon_csv.empty())
        curve = read_limit_curve_csv(options.three_photon_csv);
    if (options.decay_radius_m && !(*options.decay_radius_m > 0))
        throw InputError("option --decay-radius: expected a radius > 0 in metres");

    std::vector<ReachPoint> points;
    for (auto const& mass : scan.masses)
    {
        ReachPoint p;
        p.m_a_gev = mass.m_a_gev;
        p.directory = mass.directory;
        ReachInput input = mass.input;
        input.background_norm_uncertainty = options.background_norm_uncertainty;
        p.bins = make_reach_bins(input);
        ReachBins const& bins = p.bins;
        p.limits = expected_upper_limits(bins, options.cls_level);
        p.g_up = p.limits.g_up;
        ExpectedLimits const ideal = expected_upper_limits(make_reach_bins(without_mc_error(input)), options.cls_level);
        p.g_up_median_no_mc_error = ideal.g_up[2];
        for (double s : input.signal)
            p.signal_events += s;
        for (double b : input.background)
            p.background_events += b;
        p.kept_bins = bins.size();
        p.dropped_bins = bins.dropped_bins;
        p.floored_bins = bins.floored_bins;
        p.empty_bin_background = input.empty_bin_background;
        if (mass.ctau_ref_m && mass.mean_betagamma_lab && std::isfinite(p.limits.g_up[2]) && p.limits.g_up[2] > 0)
        {
            double const r = scan.g_ref_per_gev / p.limits.g_up[2];
            p.decay_length_at_limit_m = *mass.mean_betagamma_lab * *mass.ctau_ref_m * r * r;
        }
        if (options.decay_radius_m)
        {
            if (!mass.betagamma_t)
                throw InputError("option --decay-radius: scan mass '" + mass.directory
                                 + "' has no histogram '" + scan_betagamma_histogram + "' in "
                                 + (scan.directory / mass.directory / "histograms.h5").string());
            BetagammaSpectrum const spectrum = make_betagamma_spectrum(*mass.betagamma_t);
            for (std::size_t k = 0; k < p.g_up.size(); ++k)
                p.g_up[k] = coupling_limit_with_decay(spectrum, mass.m_a_gev,
                                                      *options.decay_radius_m, input.g_ref,
                                                      p.limits.mu_up[k]);
            p.g_up_median_no_mc_error = coupling_limit_with_decay(spectrum, mass.m_a_gev, *options.decay_radius_m,
                                                                  input.g_ref, ideal.mu_up[2]);
            if (std::isfinite(p.g_up[2]))
                p.decay_efficiency = decay_efficiency(spectrum, p.g_up[2], mass.m_a_gev,
                                                      *options.decay_radius_m);
        }
        if (curve)
            p.three_photon_g = interpolate_log_log(*curve, mass.m_a_gev);
        points.push_back(std::move(p));
    }
    return points;
}

void validate(ReachOptions const& o)
{
    auto require = [](char const* option, double v, bool ok, std::string const& expected) {
        if (!ok || !std::isfinite(v))
            throw InputError(std::string("option ") + option + ": expected " + expected + ", got " + show_number(v));
    };
    require("--luminosity", o.luminosity_pb, o.luminosity_pb > 0, "a luminosity > 0");
    // a relative normalisation uncertainty of 100 % or more would let the background vanish
    require("--background-norm-uncertainty", o.background_norm_uncertainty,
            o.background_norm_uncertainty >= 0 && o.background_norm_uncertainty < 1,
            "a relative uncertainty in [0, 1) (0: none)");
    require("--cls-level", o.cls_level, o.cls_level > 0 && o.cls_level < 1, "a CLs level in (0, 1) (0.05: 95 % CL)");
    if (o.decay_radius_m)
        require("--decay-radius", *o.decay_radius_m, *o.decay_radius_m > 0, "a radius > 0 in metres");
}

void run_reach_command(ReachOptions const& options, std::ostream& out, std::ostream& err)
{
    validate(options);
    ScanData const scan = read_scan(options.scan_dir, options.luminosity_pb, options.selection);
    fs::path const target = options.output.empty() ? options.scan_dir / "reach" : options.output;
    std::vector<ReachPoint> const points = compute_reach(scan, options);
    // Only now, with every input read and checked: a failure leaves no directory behind.
    // The default SCAN_DIR/reach lies inside the scan; the scan itself or a directory holding
    // it is never replaced.
    OutputDirectory output(target, {"reach", options.force,
                                    {{options.scan_dir, true}, {options.three_photon_csv}}});

    // reach.csv and the per-mass lines
    std::ostringstream csv;
    auto const columns = reach_csv_columns();
    for (std::size_t i = 0; i < columns.size(); ++i)
        csv << (i ? "," : "") << columns[i];
    csv << '\n';
    Json json_points = Json::array();
    fs::create_directory(output.staging_path("pyhf"));
    for (auto const& p : points)
    {
        auto const& lim = p.limits;
        std::optional<double> ratio;
        if (p.three_photon_g && std::isfinite(p.g_up[2]))
            ratio = p.g_up[2] / *p.three_photon_g;
        csv << csv_number(p.m_a_gev) << ',' << csv_number(p.g_up[2]) << ','
            << csv_number(p.g_up[0]) << ',' << csv_number(p.g_up[1]) << ','
            << csv_number(p.g_up[3]) << ',' << csv_number(p.g_up[4]) << ','
            << csv_number(lim.median_mu_up()) << ',' << csv_number(p.signal_events) << ','
            << csv_number(p.background_events) << ','
            << csv_number(lim.mc_precision.weighted_ratio) << ','
            << (lim.mc_precision.warning ? 1 : 0) << ',' << p.kept_bins << ',' << p.dropped_bins
            << ',' << p.floored_bins << ',' << csv_optional(p.decay_efficiency) << ','
            << csv_optional(p.three_photon_g) << ',' << csv_optional(ratio) << ','
            << csv_optional(p.decay_length_at_limit_m) << ',' << csv_number(p.g_up_median_no_mc_error) << '\n';

        // The workspace of the prompt model (mu multiplies the signal at g_ref). Named by the
        // mass directory's last component: index.json cannot point it outside pyhf/.
        PyhfWorkspaceOptions ws;
        if (std::isfinite(lim.mu_up[4]))
            ws.mu_upper_bound = 10 * lim.mu_up[4];
        fs::path const ws_name
            = fs::path("pyhf")
              / (fs::path(p.directory).lexically_normal().filename().string() + ".json");
        write_json_file(output.staging_path(ws_name), make_pyhf_workspace(p.bins, ws));

        Json jp = Json::object();
        jp["m_a_gev"] = p.m_a_gev;
        jp["directory"] = p.directory;
        jp["g_up_per_gev"] = bands_json(p.g_up);
        jp["g_up_prompt_per_gev"] = bands_json(lim.g_up);
        jp["mu_up"] = bands_json(lim.mu_up);
        jp["signal_events_at_gref"] = p.signal_events;
        jp["background_events"] = p.background_events;
        Json mc = Json::object();
        mc["max_bin_ratio"] = lim.mc_precision.max_bin_ratio;
        mc["summed_ratio"] = lim.mc_precision.summed_ratio;
        mc["weighted_ratio"] = lim.mc_precision.weighted_ratio;
        mc["warning"] = lim.mc_precision.warning;
        jp["mc_precision"] = std::move(mc);
        jp["kept_bins"] = p.kept_bins;
        jp["dropped_bins"] = p.dropped_bins;
        jp["floored_bins"] = p.floored_bins;
        jp["decay_efficiency_at_median"] = number_or_null(p.decay_efficiency);
        jp["three_photon_g_limit"] = number_or_null(p.three_photon_g);
        jp["ratio_to_three_photon"] = number_or_null(ratio);
        jp["mean_decay_length_lab_at_g_up_m"] = number_or_null(p.decay_length_at_limit_m);
        jp["g_up_median_no_mc_error"] = p.g_up_median_no_mc_error;
        jp["pyhf_workspace"] = ws_name.string();
        json_points.push_back(std::move(jp));

        out << "m_a = " << short_number(p.m_a_gev) << " GeV: g_up = " << short_number(p.g_up[2])
            << " GeV^-1 (1 sigma " << short_number(p.g_up[1]) << " .. "
            << short_number(p.g_up[3]) << ", 2 sigma " << short_number(p.g_up[0]) << " .. "
            << short_number(p.g_up[4]) << "), background MC precision "
            << short_number(lim.mc_precision.weighted_ratio)
            << (lim.mc_precision.warning ? " (WARNING)" : "") << '\n';
        if (lim.mc_precision.warning)
            err << "fathom: warning: m_a = " << short_number(p.m_a_gev)
                << " GeV: background MC error / Poisson error = "
                << short_number(lim.mc_precision.weighted_ratio) << " > "
                << BackgroundMcPrecision::warning_threshold
                << ": the limit reflects the MC sample; generate more background\n";
        if (p.floored_bins > 0)
            err << "fathom: warning: m_a = " << short_number(p.m_a_gev) << " GeV: "
                << p.floored_bins
                << " bin(s) with signal but no background MC event"
                << (p.empty_bin_background > 0
                        ? ": each given one typical event's weight with a 100 % error"
                        : ": the limit there rests on zero background")
                << "\n";
    }
    write_text_file_atomic(output.staging_path("reach.csv"), csv.str());

    Json doc = Json::object();
    doc["format"] = "fathom-reach-2";
    doc["version"] = version_string();
    doc["git_revision"] = git_revision();
    doc["scan_directory"] = fs::absolute(options.scan_dir).lexically_normal().string();
    doc["luminosity_pb"] = scan.luminosity_pb;
    doc["luminosity"] = format_luminosity(scan.luminosity_pb);
    doc["scan_luminosity_pb"] = scan.scan_luminosity_pb;
    doc["g_ref_per_gev"] = scan.g_ref_per_gev;
    doc["analysis_histogram"] = scan.analysis_histogram;
    Json settings = Json::object();
    settings["cls_level"] = options.cls_level;
    settings["background_norm_uncertainty"] = options.background_norm_uncertainty;
    settings["decay_radius_m"] = number_or_null(options.decay_radius_m);
    settings["three_photon_csv"] = options.three_photon_csv.empty()
                                       ? Json(nullptr)
                                       : Json(options.three_photon_csv.string());
    settings["test_statistic"] = "qtilde, asymptotic (Asimov), CLs";
    settings["llr_bins"] = number_or_null(scan.llr_bins > 0 ? std::optional<double>(scan.llr_bins) : std::nullopt);
    doc["settings"] = std::move(settings);
    doc["band_sigma"] = Json::array({-2, -1, 0, 1, 2});
    doc["points"] = std::move(json_points);
    write_json_file(output.staging_path("reach.json"), doc);

    std::string plot_warning;
    if (options.plot)
    {
        std::string const python = reach_python();
        fs::path const log = output.staging_path("plot.log");
        std::string const why = run_plot(python, output.staging_path("reach.json"),
                                         options.three_photon_csv, output.staging_path("reach.png"),
                                         log);
        std::error_code ec;
        fs::remove(log, ec);
        if (!why.empty())
        {
            fs::remove(output.staging_path("reach.png"), ec);  // no half-written plot
            plot_warning = "fathom: warning: reach.png not made (" + why + "); make it with: "
                           + default_plot_command(python, target / "reach.json",
                                                  options.three_photon_csv, target / "reach.png");
        }
    }
    output.commit();
    if (!plot_warning.empty())
        err << plot_warning << '\n';
    out << "wrote " << target.string() << "/{reach.csv, reach.json, pyhf/"
        << (options.plot && plot_warning.empty() ? ", reach.png" : "") << "}\n";
}
}  // namespace fathom
