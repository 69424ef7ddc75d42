// The validated description of a mass scan: what the scan card and command line say.
//
// A scan card is a run card for the radiative-Bhabha background (beams, process options,
// adaptive sampler, cuts, histograms, detector response) plus a [scan] table. For every ALP
// mass the scan derives from it: a calibration run of the signal (sigma_m), the signal run,
// the background run and the peaking-background runs, all with the same cuts and response,
// and the m_gg window [m_a + window_low sigma_m, m_a + window_high sigma_m].
#pragma once

#include <algorithm>
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
    //! llr_alp (the optimal statistic) in every run of a mass point, histogrammed in this many bins
    //! of equal signal content (MassPointSpecs.hh); 0: not evaluated (it costs two matrix elements
    //! per selected event).
    unsigned llr_bins{20};
    //! Analysis-aware background (AnalysisImportanceMap.hh): a pilot background run and the
    //! signal give an importance map over the analysis histogram, and the background's
    //! sampler adapts to f h. The pilot's events are not in the output.
    bool importance_sampling{true};
    std::uint64_t importance_pilot_events{0};  //!< 0: background_events / 10
    double importance_floor{0.3};              //!< ImportanceMapOptions::floor
    //! Background until its MC precision: > 0 makes the radiative Bhabha run in batches of
    //! background_events until its sensitivity-weighted MC precision ratio r at the scan's
    //! luminosity (BackgroundMcPrecision.hh) is at most this, or background_max_events ran.
    double background_mc_precision{0};
    std::uint64_t background_max_events{0};  //!< 0: 100 x background_events
    std::uint64_t max_background_events() const
    {
        return background_max_events > 0 ? background_max_events : 100 * background_events;
    }
    //! With background_mc_precision: each peaking component in batches of peaking_events until
    //! its own share of r is at most the target, or this many events ran.
    std::uint64_t peaking_max_events{0};  //!< 0: 100 x peaking_events
    std::uint64_t max_peaking_events() const
    {
        return peaking_max_events > 0 ? peaking_max_events : 100 * peaking_events;
    }
    //! Pilot events of the analysis-aware background.
    std::uint64_t pilot_events() const
    {
        return importance_pilot_events > 0 ? importance_pilot_events
                                           : std::max<std::uint64_t>(1, background_events / 10);
    }
    std::string output_directory{"output/alp_scan"};
};
}  // namespace fathom
