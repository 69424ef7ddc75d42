// The runs of one mass point, derived from the scan card: every run shares the card's beams,
// cuts, detector response and histograms; only the process, the sampler, the m_gg window and
// the event count differ. Histograms are named "<component>.<histogram>" (docs/scan-format.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ScanSpec.hh"
#include "reach/SignalQuantileBins.hh"
#include "run/ProcessCatalog.hh"

namespace fathom
{
//! m_gg window [lo, hi) in GeV, of the mass point m_a with resolution sigma_m (the hypothesis
//! of llr_alp in its runs).
struct MassWindow
{
    double lo{0};
    double hi{0};
    double m_a{0};
    double sigma_m{0};
};

//! [m_a + low sigma_m, m_a + high sigma_m).
MassWindow mass_window(ScanSpec const& scan, double m_a, double sigma_m);

//! llr_alp's fine histograms (reach/SignalQuantileBins.hh) in every component of a scan with
//! scan.llr_bins > 0: lambda alone, and against m_ee split at the Dalitz/fusion boundary.
//! lambda in [-60, 20) in steps of 0.05: g_ref = 1e-4 puts the selected signal between about -30
//! and 0 at every mass; what lies below -60 (background far from the signal) is the underflow bin.
inline constexpr double llr_fine_lower = -60;
inline constexpr double llr_fine_upper = 20;
inline constexpr unsigned llr_fine_bins = 1600;
//! m_ee between the Dalitz-like (below) and the fusion (above) region: (sqrt(s) - m_a) / 2.
double dalitz_fusion_boundary(ScanSpec const& scan, double m_a);

//! Calibration histogram of the signal's reconstructed m_gg: [0.6, 1.4] m_a in 800 bins
//! (0.1 % of m_a per bin: at least 10 bins per sigma_m, whose smallest value is ~1 % of m_a).
inline constexpr char const* calibration_histogram = "signal.m_aa_calibration";
inline constexpr double calibration_half_range = 0.4;  //!< relative to m_a
inline constexpr unsigned calibration_bins = 800;

//! Log-spaced transverse and total lab beta gamma of the ALP (photon pair): decay lengths.
inline constexpr char const* betagamma_t_histogram = "signal.alp_betagamma_t_lab";
inline constexpr char const* betagamma_histogram = "signal.alp_betagamma_lab";

//! The signal's part names and the components they fill ("signal" is the total).
std::vector<std::pair<std::string, std::string>> const& signal_parts();

//! Seed of one run, below 2^63: distinct for every (scan seed, mass index, component), by splitmix64.
std::uint64_t run_seed(std::uint64_t scan_seed, std::size_t mass_index, unsigned component);

//! The component numbers of run_seed: the runs of a mass point, in the order they are written
//! (calibration first). Whatever replays a scan's runs (bench_analysis) takes them from here.
namespace scan_component
{
inline constexpr unsigned calibration = 0;
inline constexpr unsigned signal = 1;
inline constexpr unsigned radiative_bhabha = 2;
inline constexpr unsigned first_meson = 3;  //!< + the meson's index in meson_catalog()
//! the analysis-aware background's pilot: after every meson of the catalog
inline constexpr unsigned importance_pilot = 64;
}  // namespace scan_component

//! alp_fusion at m_a, g_ref, no window: only the calibration histogram.
RunSpec calibration_spec(ScanSpec const& scan, double m_a, std::uint64_t seed);
//! alp_fusion at m_a, g_ref with the window: every card histogram for the total and each part,
//! plus the beta gamma histograms.
RunSpec signal_spec(ScanSpec const& scan, double m_a, MassWindow w, std::uint64_t seed);
//! The card's background run with the window; histograms "background_radiative_bhabha.<name>".
RunSpec background_spec(ScanSpec const& scan, MassWindow w, std::uint64_t seed);
//! meson_fusion with the window; histograms "background_<meson>.<name>".
RunSpec peaking_spec(ScanSpec const& scan, MesonInfo const& meson, MassWindow w, std::uint64_t seed);

//! Mesons whose peak can reach the window: |m_P - window| < 5 sigma_P, with sigma_P scaled
//! from sigma_m by m_P / m_a (the relative resolution changes slowly with mass). Further away
//! a Gaussian core contributes < 3e-7 of the meson's events; resolution tails are not
//! modelled beyond the Gaussian response.
std::vector<MesonInfo const*> peaking_mesons_in_reach(double m_a, double sigma_m, MassWindow w);
}  // namespace fathom
