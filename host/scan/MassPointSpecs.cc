#include "MassPointSpecs.hh"

#include <cmath>
#include <stdexcept>

namespace fathom
{
namespace
{
//! Every card histogram again, named component.name and filled with the part `weight`.
void add_component_histograms(RunSpec& spec, std::vector<HistogramSpec> const& card,
                              std::string const& component, std::string const& weight)
{
    for (HistogramSpec h : card)
    {
        h.name = component + "." + h.name;
        h.weight = weight;
        spec.histograms.push_back(std::move(h));
    }
}

HistogramSpec log_histogram(std::string name, std::string title, std::string observable)
{
    HistogramSpec h;
    h.name = std::move(name);
    h.title = std::move(title);
    AxisSpec a;
    a.observable = std::move(observable);
    a.variable = true;
    a.bins = 120;  // 1e-3 to 1e3, 20 bins per decade
    for (unsigned i = 0; i <= a.bins; ++i)
        a.edges.push_back(std::pow(10.0, -3.0 + 6.0 * i / a.bins));
    h.axes.push_back(std::move(a));
    return h;
}

void set_window(RunSpec& spec, MassWindow w)
{
    ObservableCutSpec c;
    c.observable = "m_aa";
    c.min = w.lo;
    c.max = w.hi;
    spec.observable_cuts.push_back(c);
}

//! The hypothesis of llr_alp (the mass point's) and its fine histograms for one component.
void add_llr_histograms(RunSpec& spec, ScanSpec const& scan, MassWindow w, std::string const& component,
                        std::string const& weight)
{
    if (!(w.m_a > 0 && w.sigma_m > 0))
        throw std::invalid_argument("add_llr_histograms: the window carries no mass point (use mass_window)");
    // the hypothesis also serves llr_alp in the card's own histograms
    spec.llr_alp_given = true;
    spec.llr_alp_mass = w.m_a;
    spec.llr_alp_sigma_m = w.sigma_m;
    spec.llr_alp_coupling = scan.g_ref;
    if (scan.llr_bins == 0)
        return;
    AxisSpec lambda;
    lambda.observable = "llr_alp";
    lambda.bins = llr_fine_bins;
    lambda.lower = llr_fine_lower;
    lambda.upper = llr_fine_upper;
    HistogramSpec h;
    h.name = component + "." + llr_fine_histogram;
    h.title = "ln(dsigma_ALP / dsigma_bg) at this mass point";
    h.weight = weight;
    h.axes.push_back(lambda);
    spec.histograms.push_back(h);
    AxisSpec m_ee;
    m_ee.observable = "m_ee";
    m_ee.variable = true;
    m_ee.edges = {0.0, dalitz_fusion_boundary(scan, w.m_a), nominal_sqrt_s(scan.base)};
    m_ee.bins = 2;
    h.name = component + "." + llr_fine_m_ee_histogram;
    h.title = "ln(dsigma_ALP / dsigma_bg) in the Dalitz-like (m_ee below (sqrt(s) - m_a) / 2) and the fusion region";
    h.axes.push_back(m_ee);
    spec.histograms.push_back(h);
}

//! The signal-like runs (ALP, mesons): the card's sampler settings with the scan's sampler.
RunSpec resonance_base(ScanSpec const& scan, std::uint64_t seed)
{
    RunSpec s = scan.base;
    s.process = "alp_fusion";
    s.z_exchange = false;
    s.sampler = scan.signal_sampler;
    s.alp_lineshape = "narrow_width";
    s.alp_width = 0;
    s.seed = seed;
    s.histograms.clear();
    s.grid_file.clear();
    return s;
}
}  // namespace

MassWindow mass_window(ScanSpec const& scan, double m_a, double sigma_m)
{
    return {m_a + scan.window_low_sigmas * sigma_m, m_a + scan.window_high_sigmas * sigma_m, m_a, sigma_m};
}

double dalitz_fusion_boundary(ScanSpec const& scan, double m_a)
{
    return (nominal_sqrt_s(scan.base) - m_a) / 2;
}

std::vector<std::pair<std::string, std::string>> const& signal_parts()
{
    static std::vector<std::pair<std::string, std::string>> const parts{{"total", "signal"},
                                                                      {"fusion", "signal_fusion"},
                                                                      {"annihilation", "signal_annihilation"},
                                                                      {"interference", "signal_interference"}};
    return parts;
}

std::uint64_t run_seed(std::uint64_t scan_seed, std::size_t mass_index, unsigned component)
{
    auto splitmix = [](std::uint64_t z) {
        z += 0x9e3779b97f4a7c15ULL;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    };
    // 63 bits: run seeds must be TOML integers (the runs' effective cards read back)
    return splitmix(scan_seed ^ splitmix((static_cast<std::uint64_t>(mass_index) << 8) | component)) >> 1;
}

RunSpec calibration_spec(ScanSpec const& scan, double m_a, std::uint64_t seed)
{
    RunSpec s = resonance_base(scan, seed);
    s.alp_mass = m_a;
    s.g_agg = scan.g_ref;
    s.events = scan.calibration_events;
    HistogramSpec h;
    h.name = calibration_histogram;
    h.title = "reconstructed diphoton mass of the signal (sigma_m fit)";
    AxisSpec a;
    a.observable = "m_aa";
    a.bins = calibration_bins;
    a.lower = (1 - calibration_half_range) * m_a;
    a.upper = (1 + calibration_half_range) * m_a;
    h.axes.push_back(a);
    s.histograms.push_back(h);
    return s;
}

RunSpec signal_spec(ScanSpec const& scan, double m_a, MassWindow w, std::uint64_t seed)
{
    RunSpec s = resonance_base(scan, seed);
    s.alp_mass = m_a;
    s.g_agg = scan.g_ref;
    s.events = scan.signal_events;
    set_window(s, w);
    for (auto const& [part, component] : signal_parts())
    {
        add_component_histograms(s, scan.base.histograms, component, part);
        add_llr_histograms(s, scan, w, component, part);
    }
    s.histograms.push_back(log_histogram(betagamma_t_histogram, "ALP p_T / m (lab = CM: boost along z)",
                                         "betagamma_t_a1_a2_lab"));
    s.histograms.push_back(log_histogram(betagamma_histogram, "ALP |p| / m in the lab frame",
                                         "betagamma_a1_a2_lab"));
    return s;
}

RunSpec background_spec(ScanSpec const& scan, MassWindow w, std::uint64_t seed)
{
    RunSpec s = scan.base;
    s.seed = seed;
    s.events = scan.background_events;
    s.histograms.clear();
    set_window(s, w);
    add_component_histograms(s, scan.base.histograms, "background_radiative_bhabha", "total");
    add_llr_histograms(s, scan, w, "background_radiative_bhabha", "total");
    return s;
}

RunSpec peaking_spec(ScanSpec const& scan, MesonInfo const& meson, MassWindow w, std::uint64_t seed)
{
    RunSpec s = resonance_base(scan, seed);
    set_meson(s, meson);
    s.events = scan.peaking_events;
    set_window(s, w);
    add_component_histograms(s, scan.base.histograms, "background_" + meson.name, "total");
    add_llr_histograms(s, scan, w, "background_" + meson.name, "total");
    return s;
}

std::vector<MesonInfo const*> peaking_mesons_in_reach(double m_a, double sigma_m, MassWindow w)
{
    std::vector<MesonInfo const*> out;
    for (MesonInfo const& m : meson_catalog())
    {
        double const sigma_p = sigma_m * m.mass / m_a;
        if (m.mass > w.lo - 5 * sigma_p && m.mass < w.hi + 5 * sigma_p)
            out.push_back(&m);
    }
    return out;
}
}  // namespace fathom
