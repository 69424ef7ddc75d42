#include "ScanCard.hh"
#include "MassPointSpecs.hh"
#include "ScanDriver.hh"

#include <cmath>
#include <fstream>
#include <sstream>

#include "run/InputError.hh"
#include "run/Luminosity.hh"
#include "run/ProcessCatalog.hh"
#include "run/RunCard.hh"
#include "run/TomlTableReader.hh"
#include "fathom/amplitude/AlpParams.hh"
#include "fathom/base/Constants.hh"

namespace fathom
{
namespace
{
bool is_diphoton_mass(std::string const& observable)
{
    return observable == "m_aa" || observable == "m_a1_a2" || observable == "m_a2_a1";
}
}  // namespace

ScanSpec parse_scan_card(std::string const& text, std::string const& origin)
{
    return scan_spec_from_toml(parse_card_toml(text, origin, "scan card"), origin);
}

ScanSpec scan_spec_from_toml(toml::table const& root, std::string const& origin,
                             std::vector<std::string> const& other_tables)
{
    ScanSpec s;
    s.card_path = origin;
    std::vector<std::string> tables = other_tables;
    tables.emplace_back("scan");
    s.base = run_spec_from_toml(root, origin, tables);
    s.output_directory = s.base.output_directory;

    auto const* t = root.get("scan");
    if (!t || !t->is_table())
        throw InputError(origin + ": key 'scan': a scan card needs a [scan] table (docs/run-card.md)");
    TableReader r(*t->as_table(), "scan", origin);
    if (auto const* arr = r.array("masses"))
    {
        for (std::size_t i = 0; i < arr->size(); ++i)
        {
            auto const& n = (*arr)[i];
            double m = NAN;
            if (auto d = n.value_exact<double>())
                m = *d;
            else if (auto k = n.value_exact<std::int64_t>())
                m = static_cast<double>(*k);
            else
                r.fail("masses", "expected an array of masses in GeV, element " + std::to_string(i) + " is "
                                     + TableReader::type_name(n));
            s.masses.push_back(m);
        }
        if (s.masses.empty())
            r.fail("masses", "expected at least one mass (or leave the key out for the grid)");
    }
    r.get("mass_min", s.mass_min);
    r.get("mass_max", s.mass_max);
    r.get("mass_spacing_sigmas", s.mass_spacing_sigmas);
    if (r.find("luminosity"))
    {
        r.get("luminosity", s.luminosity_text);
        s.luminosity_pb = parse_luminosity_pb(s.luminosity_text, origin + ": key 'scan.luminosity'");
    }
    r.get("g_agg_ref", s.g_ref);
    if (auto const* w = r.array("window_sigmas"))
    {
        if (w->size() != 2 || !(*w)[0].is_number() || !(*w)[1].is_number())
            r.fail("window_sigmas", "expected [low, high] in units of sigma_m, e.g. [-3.0, 1.5]");
        s.window_low_sigmas = (*w)[0].value<double>().value();
        s.window_high_sigmas = (*w)[1].value<double>().value();
    }
    r.get("calibration_events", s.calibration_events);
    r.get("signal_events", s.signal_events);
    r.get("background_events", s.background_events);
    r.get("peaking_events", s.peaking_events);
    r.get("signal_sampler", s.signal_sampler);
    r.get("peaking_backgrounds", s.peaking_backgrounds);
    r.get("analysis_histogram", s.analysis_histogram);
    r.get("llr_bins", s.llr_bins);
    r.get("importance_sampling", s.importance_sampling);
    r.get("importance_pilot_events", s.importance_pilot_events);
    r.get("importance_floor", s.importance_floor);
    r.get("background_mc_precision", s.background_mc_precision);
    r.get("background_max_events", s.background_max_events);
    r.get("peaking_max_events", s.peaking_max_events);
    r.reject_unknown();
    validate(s);
    check_mass_directories(s.masses, origin + ": key 'scan.masses'");
    return s;
}

ScanSpec read_scan_card(std::filesystem::path const& path, std::vector<std::string> const& overrides)
{
    std::string const origin = path.string();
    return scan_spec_from_toml(parse_card_toml(read_card_text(path, "scan card"), origin, "scan card", overrides),
                               origin);
}

void validate(ScanSpec const& s)
{
    std::string const& o = s.card_path;
    auto fail = [&](std::string const& key, std::string const& what) {
        throw InputError(o + ": key '" + key + "': " + what);
    };
    RunSpec const& b = s.base;
    if (b.process != "ee_eeaa")
        fail("process.name", "a scan card describes the e+e- -> e+e- gamma gamma background: expected \"ee_eeaa\", got \""
                                 + b.process + "\" (signal and peaking runs are derived from it)");
    if (!b.detector_enabled)
        fail("detector.enabled", "the scan's m_gg window is in units of the mass resolution: expected true");
    for (std::size_t i = 0; i < b.observable_cuts.size(); ++i)
    {
        if (is_diphoton_mass(b.observable_cuts[i].observable))
            fail("cuts.observable[" + std::to_string(i) + "]",
                 "the scan sets the m_gg window per mass (scan.window_sigmas): remove this cut");
    }
    if (b.llr_alp_given)
        fail("llr_alp", "a scan sets llr_alp's hypothesis per mass (m_a, its sigma_m, scan.g_agg_ref): remove the table");
    if (s.llr_bins > llr_fine_bins)
        fail("scan.llr_bins", "expected 0 (no llr_alp) to " + std::to_string(llr_fine_bins) + " bins, got "
                                  + std::to_string(s.llr_bins));
    bool found = false;
    for (auto const& h : b.histograms)
    {
        found = found || h.name == s.analysis_histogram;
        if (h.weight != "total")
            fail("histograms", "histogram '" + h.name + "': a scan fills every component itself, leave weight unset");
    }
    if (is_llr_analysis(s.analysis_histogram))
    {
        // llr_alp, llr_alp_m_ee: the scan's own, merged from the fine lambda histograms
        if (found)
            fail("histograms", "'" + s.analysis_histogram + "' is the scan's own llr_alp histogram: rename the card's");
        if (s.llr_bins == 0)
            fail("scan.analysis_histogram", "'" + s.analysis_histogram + "' needs scan.llr_bins > 0");
    }
    else if (!found)
        fail("scan.analysis_histogram", "no [[histograms]] named '" + s.analysis_histogram
                                            + "' (or llr_alp, llr_alp_m_ee: the scan's likelihood ratio)");
    double const sqrt_s = nominal_sqrt_s(b);
    double const m_max = sqrt_s - 2 * b.electron_mass;
    for (std::size_t i = 0; i < s.masses.size(); ++i)
    {
        if (!(s.masses[i] > 0 && s.masses[i] < m_max))
            fail("scan.masses", "expected masses in (0, sqrt(s) - 2 electron_mass = " + show_derived(m_max)
                                    + ") GeV, got " + show_number(s.masses[i]) + " (element " + std::to_string(i) + ")");
        if (i > 0 && !(s.masses[i] > s.masses[i - 1]))
            fail("scan.masses", "expected increasing masses");
    }
    if (!(s.mass_min > 0 && s.mass_min < m_max))
        fail("scan.mass_min", "expected a mass in (0, sqrt(s) - 2 electron_mass = " + show_derived(m_max) + ") GeV, got "
                                  + show_number(s.mass_min));
    if (!(s.mass_max > s.mass_min && s.mass_max < m_max))
        fail("scan.mass_max", "expected a mass in (mass_min = " + show_number(s.mass_min)
                                  + ", sqrt(s) - 2 electron_mass = " + show_derived(m_max) + ") GeV, got "
                                  + show_number(s.mass_max));
    if (!(s.mass_spacing_sigmas > 0 && s.mass_spacing_sigmas <= 1000) || !std::isfinite(s.mass_spacing_sigmas))
        fail("scan.mass_spacing_sigmas", "expected a number of sigma_m in (0, 1000], got "
                                             + show_number(s.mass_spacing_sigmas));
    if (!(s.luminosity_pb > 0) || !std::isfinite(s.luminosity_pb))
        fail("scan.luminosity", "expected a luminosity > 0");
    // the signal runs' g_agg: the narrow-width condition of process.g_agg at the largest mass
    double const m_top = s.masses.empty() ? s.mass_max : s.masses.back();
    if (!(s.g_ref > 0 && alp_diphoton_width(m_top, s.g_ref) < m_top) || !std::isfinite(s.g_ref))
        fail("scan.g_agg_ref", "expected a coupling in (0, 8 sqrt(pi) / m_a = " + show_derived(8 * std::sqrt(constants::pi) / m_top)
                                   + ") GeV^-1 (the two-photon width below the largest scan mass), got " + show_number(s.g_ref));
    if (!(s.window_low_sigmas < 0 && s.window_low_sigmas >= -100))
        fail("scan.window_sigmas", "expected the low edge in [-100, 0) sigma_m, got " + show_number(s.window_low_sigmas));
    if (!(s.window_high_sigmas > 0 && s.window_high_sigmas <= 100))
        fail("scan.window_sigmas", "expected the high edge in (0, 100] sigma_m, got " + show_number(s.window_high_sigmas));
    if (s.calibration_events < 1000)
        fail("scan.calibration_events", "expected at least 1000 events for the sigma_m fit");
    if (s.signal_events == 0)
        fail("scan.signal_events", "expected a number of events > 0");
    if (s.background_events == 0)
        fail("scan.background_events", "expected a number of events > 0");
    if (s.peaking_backgrounds && s.peaking_events == 0)
        fail("scan.peaking_events", "expected a number of events > 0 (or peaking_backgrounds = false)");
    if (s.importance_sampling && b.sampler != "adaptive")
        fail("scan.importance_sampling", "the analysis-aware background adapts the background's sampler: expected "
                                         "phase_space.sampler = \"adaptive\", or importance_sampling = false");
    if (s.importance_pilot_events > 1'000'000'000'000ull)
        fail("scan.importance_pilot_events", "expected at most 1e12 events (0: background_events / 10)");
    if (!(s.importance_floor > 0 && s.importance_floor <= 1) || !std::isfinite(s.importance_floor))
        fail("scan.importance_floor", "expected a fraction of the mean s/b in (0, 1], got " + show_number(s.importance_floor));
    if (!(s.background_mc_precision >= 0 && s.background_mc_precision <= 100) || !std::isfinite(s.background_mc_precision))
        fail("scan.background_mc_precision", "expected a ratio of MC to data errors in (0, 100], or 0 for a fixed "
                                             "background_events, got " + show_number(s.background_mc_precision));
    // background_max_events and peaking_max_events: the same bounds on their own batch size
    auto check_max_events = [&](std::string const& key, std::uint64_t value, std::uint64_t bound, char const* batch_key,
                                std::uint64_t batch, bool used) {
        if (value > 1'000'000'000'000ull)
            fail("scan." + key, std::string("expected at most 1e12 events (0: 100 x ") + batch_key + ")");
        if (value > 0 && value < batch)
            fail("scan." + key, std::string("expected at least ") + batch_key + " = " + std::to_string(batch)
                                    + " (the first batch), got " + std::to_string(value));
        if (used && bound > 1'000'000'000'000ull)
            fail("scan." + key, std::string("100 x ") + batch_key + " is above 1e12: set " + key);
    };
    bool const precision = s.background_mc_precision > 0;
    check_max_events("background_max_events", s.background_max_events, s.max_background_events(), "background_events",
                     s.background_events, precision);
    check_max_events("peaking_max_events", s.peaking_max_events, s.max_peaking_events(), "peaking_events",
                     s.peaking_events, precision && s.peaking_backgrounds);
    ProcessInfo const& alp = find_process("alp_fusion", o + ": key 'scan.signal_sampler'");
    bool ok = false;
    for (auto const& x : alp.samplers)
        ok = ok || x == s.signal_sampler;
    if (!ok)
        fail("scan.signal_sampler", "sampler '" + s.signal_sampler + "' cannot generate alp_fusion");
}

toml::table effective_card(ScanSpec const& s)
{
    toml::table card = effective_card(s.base);
    toml::table scan;
    if (!s.masses.empty())
    {
        toml::array m;
        for (double x : s.masses)
            m.push_back(x);
        scan.insert("masses", std::move(m));
    }
    scan.insert("mass_min", s.mass_min);
    scan.insert("mass_max", s.mass_max);
    scan.insert("mass_spacing_sigmas", s.mass_spacing_sigmas);
    scan.insert("luminosity", s.luminosity_text);
    scan.insert("g_agg_ref", s.g_ref);
    scan.insert("window_sigmas", toml::array{s.window_low_sigmas, s.window_high_sigmas});
    scan.insert("calibration_events", static_cast<std::int64_t>(s.calibration_events));
    scan.insert("signal_events", static_cast<std::int64_t>(s.signal_events));
    scan.insert("background_events", static_cast<std::int64_t>(s.background_events));
    scan.insert("peaking_events", static_cast<std::int64_t>(s.peaking_events));
    scan.insert("signal_sampler", s.signal_sampler);
    scan.insert("peaking_backgrounds", s.peaking_backgrounds);
    scan.insert("analysis_histogram", s.analysis_histogram);
    scan.insert("llr_bins", static_cast<std::int64_t>(s.llr_bins));
    scan.insert("importance_sampling", s.importance_sampling);
    scan.insert("importance_pilot_events", static_cast<std::int64_t>(s.importance_pilot_events));
    scan.insert("importance_floor", s.importance_floor);
    scan.insert("background_mc_precision", s.background_mc_precision);
    scan.insert("background_max_events", static_cast<std::int64_t>(s.background_max_events));
    scan.insert("peaking_max_events", static_cast<std::int64_t>(s.peaking_max_events));
    card.insert("scan", std::move(scan));
    return card;
}
}  // namespace fathom
