// Hand-made mass scans (docs/scan-format.md) for the reader and command tests, written with
// fathom's own writers as `fathom scan` does.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "io/Hdf5HistogramWriter.hh"
#include "io/JsonFile.hh"

namespace fathom::test
{
inline constexpr char const* analysis_name = "mgg";

//! One mass: per bin of the analysis histogram, flow bins included (size >= 3).
struct TestMass
{
    double m_a_gev{1};
    std::vector<double> signal, background, variance;
    std::optional<HistogramData> betagamma_t;  //!< written as signal.alp_betagamma_t_lab
    bool with_background{true};
};

inline HistogramData regular_1d(std::string name, std::vector<double> values,
                                std::vector<double> variances)
{
    HistogramData h;
    h.spec.name = std::move(name);
    AxisSpec a;
    a.observable = "m_gg";
    a.label = "m(gamma gamma) [GeV]";
    a.bins = static_cast<std::uint32_t>(values.size() - 2);
    a.lower = 0;
    a.upper = 1;
    h.spec.axes.push_back(a);
    h.values = std::move(values);
    h.variances = variances.empty() ? std::vector<double>(h.values.size(), 0.0)
                                    : std::move(variances);
    h.unit = "events";
    return h;
}

//! A variable-axis bg_T histogram with the given edges and values (flow bins included).
inline HistogramData betagamma_hist(std::vector<double> edges, std::vector<double> values)
{
    HistogramData h;
    h.spec.name = "signal.alp_betagamma_t_lab";
    AxisSpec a;
    a.observable = "alp_betagamma_t";
    a.variable = true;
    a.bins = static_cast<std::uint32_t>(edges.size() - 1);
    a.edges = std::move(edges);
    h.spec.axes.push_back(a);
    h.values = std::move(values);
    h.variances.assign(h.values.size(), 0.0);
    h.unit = "events";
    return h;
}

inline std::string mass_directory(double m)
{
    char buf[64];
    std::snprintf(buf, sizeof(buf), "m_a_%.4fGeV", m);
    return buf;
}

inline void write_scan(std::filesystem::path const& dir, double luminosity_pb, double g_ref,
                       std::vector<TestMass> const& masses,
                       std::string const& format = "fathom-scan-1")
{
    std::filesystem::create_directories(dir);
    Json index = Json::object();
    index["format"] = format;
    index["luminosity_pb"] = luminosity_pb;
    index["g_ref_per_gev"] = g_ref;
    index["analysis_histogram"] = analysis_name;
    Json list = Json::array();
    for (auto const& m : masses)
    {
        std::string const d = mass_directory(m.m_a_gev);
        Json e = Json::object();
        e["m_a_gev"] = m.m_a_gev;
        e["directory"] = d;
        e["sigma_m_gev"] = 0.01;
        list.push_back(std::move(e));
        std::filesystem::create_directories(dir / d);
        std::vector<HistogramData> hists;
        hists.push_back(regular_1d(std::string("signal.") + analysis_name, m.signal, {}));
        if (m.with_background)
            hists.push_back(
                regular_1d(std::string("background.") + analysis_name, m.background, m.variance));
        if (m.betagamma_t)
            hists.push_back(*m.betagamma_t);
        write_histograms_hdf5(dir / d / "histograms.h5", hists);
    }
    index["masses"] = std::move(list);
    write_json_file(dir / "index.json", index);
}
}  // namespace fathom::test
