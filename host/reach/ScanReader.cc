#include "ScanReader.hh"
#include "SignalQuantileBins.hh"

#include <cmath>
#include <cstdio>
#include <system_error>

#include "io/Hdf5HistogramReader.hh"
#include "io/JsonFile.hh"
#include "run/InputError.hh"

namespace fs = std::filesystem;

namespace fathom
{
namespace
{
void rescale(HistogramData& h, double factor)
{
    for (double& v : h.values)
        v *= factor;
    for (double& v : h.variances)
        v *= factor * factor;
}

//! "bin 12 = (t_plus 3, t_minus 0)" of a flattened histogram (C order, flow bins at 0 and bins + 1).
std::string describe_bin(HistogramSpec const& spec, std::size_t flat)
{
    std::vector<std::size_t> index(spec.axes.size());
    std::size_t rest = flat;
    for (std::size_t a = spec.axes.size(); a-- > 0;)
    {
        std::size_t const n = spec.axes[a].bins + 2;
        index[a] = rest % n;
        rest /= n;
    }
    std::string s = "bin " + std::to_string(flat) + " = (";
    for (std::size_t a = 0; a < index.size(); ++a)
        s += (a > 0 ? ", " : "") + spec.axes[a].observable + " " + std::to_string(index[a]);
    return s + ")";
}

//! Expected events are sums of non-negative weights: a negative or non-finite bin is a damaged
//! or hand-edited file, and would make the likelihood meaningless. Names the file, mass and bin.
void check_events(HistogramData const& h, fs::path const& file, double m_a)
{
    auto check = [&](std::vector<double> const& v, char const* what) {
        for (std::size_t i = 0; i < v.size(); ++i)
        {
            if (std::isfinite(v[i]) && v[i] >= 0)
                continue;
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.6g", v[i]);
            char mass[48];
            std::snprintf(mass, sizeof mass, " (m_a = %.6g GeV)", m_a);
            throw InputError("scan file '" + file.string() + "'" + mass + ": " + h.spec.name + " " + what + " of "
                             + describe_bin(h.spec, i) + " is " + buf + ", expected a finite number >= 0");
        }
    };
    check(h.values, "expected events");
    check(h.variances, "variance");
}

bool same_binning(HistogramSpec const& a, HistogramSpec const& b)
{
    if (a.axes.size() != b.axes.size())
        return false;
    for (std::size_t i = 0; i < a.axes.size(); ++i)
    {
        auto const& x = a.axes[i];
        auto const& y = b.axes[i];
        if (x.variable != y.variable || x.bins != y.bins || x.lower != y.lower
            || x.upper != y.upper || x.edges != y.edges)
            return false;
    }
    return true;
}
}  // namespace

ScanData read_scan(fs::path const& scan_dir, double luminosity_pb, ScanSelection const& selection)
{
    std::error_code ec;
    if (!fs::is_directory(scan_dir, ec))
        throw InputError("scan directory '" + scan_dir.string() + "' "
                         + (fs::exists(scan_dir, ec) ? "is not a directory" : "does not exist"));
    if (!(luminosity_pb > 0 && std::isfinite(luminosity_pb)))
        throw InputError("reach: the luminosity must be finite and > 0");
    fs::path const index_path = scan_dir / "index.json";
    if (!fs::exists(index_path, ec))
        throw InputError("scan directory '" + scan_dir.string()
                         + "' has no index.json (is it the output of fathom scan?)");
    Json const index = read_json_file(index_path);
    JsonFields const idx("scan index '" + index_path.string() + "'");

    std::string const& format = idx.string(index, "format");
    // fathom-scan-2 added summary.json's background_mc and index.json's mc_precision_ratio,
    // fathom-scan-3 the llr_alp histograms and summary.json's llr_alp: all read alike
    if (format != "fathom-scan-1" && format != "fathom-scan-2" && format != "fathom-scan-3")
        idx.fail("format is '" + format + "', fathom reads 'fathom-scan-1' to 'fathom-scan-3'");

    ScanData scan;
    scan.directory = scan_dir;
    scan.luminosity_pb = luminosity_pb;
    scan.scan_luminosity_pb = idx.number(index, "luminosity_pb");
    scan.g_ref_per_gev = idx.number(index, "g_ref_per_gev");
    scan.analysis_histogram = idx.string(index, "analysis_histogram");
    if (!selection.analysis.empty())
        scan.analysis_histogram = selection.analysis;
    scan.llr_bins = selection.llr_bins;
    bool const llr_analysis = is_llr_analysis(scan.analysis_histogram);
    if (selection.llr_bins > 0 && !llr_analysis)
        throw InputError("option --llr-bins: merges llr_alp's fine bins, so it needs --analysis " + std::string(llr_histogram)
                         + " or " + llr_m_ee_histogram + " (got analysis '" + scan.analysis_histogram + "')");
    if (llr_analysis && format != "fathom-scan-3")
        throw InputError("scan '" + scan_dir.string() + "' (" + format
                         + ") has no llr_alp histograms: made before fathom-scan-3, rerun fathom scan");
    // with --llr-bins: the fine histograms, merged at the signal's quantiles below
    std::string const read_name
        = selection.llr_bins == 0 ? scan.analysis_histogram : filled_histogram_of(scan.analysis_histogram);
    if (!(scan.scan_luminosity_pb > 0))
        idx.fail("luminosity_pb must be > 0");
    if (!(scan.g_ref_per_gev > 0))
        idx.fail("g_ref_per_gev must be > 0");
    Json const& masses = idx.member(index, "masses");
    if (!masses.is_array() || masses.empty())
        idx.fail("masses is not a non-empty array");

    double const factor = luminosity_pb / scan.scan_luminosity_pb;
    std::string const signal_name = std::string(scan_signal_component) + "." + read_name;
    std::string const background_name = std::string(scan_background_component) + "." + read_name;
    for (std::size_t i = 0; i < masses.size(); ++i)
    {
        std::string const where = "masses[" + std::to_string(i) + "]";
        Json const& entry = masses[i];
        ScanMassPoint point;
        point.m_a_gev = idx.number(entry, "m_a_gev", where);
        point.directory = idx.string(entry, "directory", where);
        while (point.directory.size() > 1 && point.directory.back() == '/')
            point.directory.pop_back();  // "m_a_1.0000GeV/" names the same directory
        if (point.directory.empty() || fs::path(point.directory).is_absolute())
            idx.fail(where + ".directory must be a path relative to the scan directory");
        if (!(point.m_a_gev > 0))
            idx.fail(where + ".m_a_gev must be > 0");
        if (!scan.masses.empty() && !(point.m_a_gev > scan.masses.back().m_a_gev))
            idx.fail("masses are not in increasing order at " + where);
        for (auto const& earlier : scan.masses)
        {
            if (fs::path(earlier.directory).lexically_normal().filename()
                == fs::path(point.directory).lexically_normal().filename())
                idx.fail(where + ": directory '" + point.directory + "' is used twice");
        }
        fs::path const dir = scan_dir / point.directory;
        if (!fs::is_directory(dir, ec))
            idx.fail(where + ": mass directory '" + dir.string() + "' does not exist");
        fs::path const file = dir / "histograms.h5";

        HistogramData signal = read_histogram_hdf5(file, signal_name);
        HistogramData background = read_histogram_hdf5(file, background_name);
        if (!same_binning(signal.spec, background.spec))
            throw InputError("cannot read HDF5 file '" + file.string() + "': histograms '"
                             + signal_name + "' and '" + background_name
                             + "' do not have the same axes");
        check_events(signal, file, point.m_a_gev);
        check_events(background, file, point.m_a_gev);
        if (selection.llr_bins > 0)
        {
            // quantiles of the signal's lambda alone, so that llr_alp and llr_alp_m_ee share them
            HistogramData const lambda
                = read_histogram_hdf5(file, std::string(scan_signal_component) + "." + llr_fine_histogram);
            std::vector<std::size_t> const starts = signal_quantile_starts(lambda, selection.llr_bins);
            signal = merge_first_axis(signal, starts, signal_name);
            background = merge_first_axis(background, starts, background_name);
        }
        rescale(signal, factor);
        rescale(background, factor);
        point.input.signal = std::move(signal.values);
        point.input.background = std::move(background.values);
        point.input.background_variance = std::move(background.variances);
        point.input.g_ref = scan.g_ref_per_gev;
        // optional (older scans lack it): the background of bins without a background MC event
        if (auto const e = entry.find("empty_bin_background_events"); e != entry.end())
        {
            if (!e->is_number() || !(e->get<double>() >= 0))
                idx.fail(where + ".empty_bin_background_events must be a number >= 0");
            point.input.empty_bin_background = e->get<double>() * factor;
        }

        // Optional: only the decay-radius option needs it, and it says so when it is absent.
        for (auto const& name : list_histograms_hdf5(file))
        {
            if (name == scan_betagamma_histogram)
            {
                point.betagamma_t = read_histogram_hdf5(file, name);
                rescale(*point.betagamma_t, factor);
            }
        }
        // optional: the ALP's decay length at g_ref (summary.json of the scan; older scans lack it)
        fs::path const summary = dir / "summary.json";
        if (fs::exists(summary, ec))
        {
            Json const sj = read_json_file(summary);
            if (auto const alp = sj.find("alp"); alp != sj.end())  // end() if not an object
            {
                auto const ct = alp->find("ctau_m");
                auto const bg = alp->find("mean_betagamma_lab");
                if (ct != alp->end() && bg != alp->end() && ct->is_number() && bg->is_number()
                    && ct->get<double>() > 0 && bg->get<double>() > 0)
                {
                    point.ctau_ref_m = ct->get<double>();
                    point.mean_betagamma_lab = bg->get<double>();
                }
            }
        }
        scan.masses.push_back(std::move(point));
    }
    return scan;
}
}  // namespace fathom
