// The validated description of a mass scan: what the scan card and command line say.
//
// A scan card is a run card for the radiative-Bhabha background (beams, process options,
// adaptive sampler, cuts, histograms, detector response) plus a [scan] table. For every ALP
// mass the scan derives from it: a calibration run of the signal (sigma_m), the signal run,
// the background run and the peaking-background runs, all with the same cuts and response,
// and the m_gg window [m_a + window_low sigma_m, m_a + window_high sigma_m].
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "run/RunSpec.hh"

namespace fathom
{
struct ScanSpec
{
    std::string card_path;
    //! The background run as the card gives it (without any m_aa cut: the scan sets it).
    RunSpec base;

    // [scan]
    //! Explicit masses (GeV, increasing); empty: the grid from mass_min to mass_max.
    std::vector<double> masses;
    double mass_min{0.2};  //!< GeV
    double mass_max{9.0};  //!< GeV
    //! Grid step in units of the measured sigma_m at the lower mass: 3 sigma keeps a mass
    //! half-way between two points within 1.5 sigma of one of them, inside its window.
    double mass_spacing_sigmas{3.0};
    double luminosity_pb{5e7};  //!< histograms are expected events at this luminosity
    std::string luminosity_text{"50ab-1"};
    double g_ref{1e-4};  //!< GeV^-1: the signal's reference coupling
    //! m_gg - m_a in [low, high] sigma_m (the photon energy response has a low-side tail).
    double window_low_sigmas{-3.0};
    double window_high_sigmas{1.5};
    std::uint64_t calibration_events{200'000};  //!< signal events for the sigma_m fit
    std::uint64_t signal_events{500'000};
    std::uint64_t background_events{2'000'000};
    std::uint64_t peaking_events{500'000};  //!< per meson in reach of the window
    std::string signal_sampler{"adaptive"};  //!< for the signal and the mesons
    bool peaking_backgrounds{true};
    std::string analysis_histogram{"tplus_tminus_splus_sminus"};
    std::string output_directory{"output/alp_scan"};
};
}  // namespace fathom
