// Runs a mass scan: for each ALP mass the calibration, signal, background and peaking-background
// runs (MassPointSpecs.hh), their histograms as expected events at the scan's luminosity, and
// the files of docs/scan-format.md, written all together or not at all.
#pragma once

#include <string>
#include <vector>

#include "CoreWidthFit.hh"
#include "MassPointSpecs.hh"
#include "ScanSpec.hh"
#include "io/HistogramData.hh"
#include "io/JsonFile.hh"
#include "run/RunDriver.hh"

namespace fathom
{
//! sigma x acceptance of one component and the expected events at the scan's luminosity.
struct ComponentYield
{
    std::string component;
    double cross_section_pb{0};
    double cross_section_error_pb{0};
    double events{0};
    double events_error{0};
};

struct MassPointResult
{
    double m_a{0};
    std::string directory;  //!< relative to the scan directory
    CoreWidth width;
    MassWindow window;
    std::vector<std::string> mesons;       //!< peaking backgrounds included
    std::vector<ComponentYield> yields;    //!< signal, its parts, background components, background
    double empty_bin_background{0};        //!< events: one typical accepted background MC event
    //! Background MC error / the data's Poisson error at the scan's luminosity, sensitivity
    //! weighted (BackgroundMcPrecision::weighted_ratio): all backgrounds, the radiative Bhabha.
    double precision_ratio{0};
    double precision_ratio_radiative_bhabha{0};
    std::vector<HistogramData> histograms; //!< events per bin at the scan's luminosity
    Json summary;                     //!< summary.json
};

//! Directory name of a mass point: m_a_<m with %.4f>GeV.
std::string mass_directory(double m_a);

//! Refuse (InputError naming \p origin and both masses) two masses that would be written to the
//! same mass_directory (1.0 and 1.00001 GeV): one would silently replace the other.
void check_mass_directories(std::vector<double> const& masses, std::string const& origin);

//! Scale a histogram in pb per bin to expected events at luminosity L (pb^-1): values x L,
//! variances x L^2.
HistogramData to_events(HistogramData h, double luminosity_pb);

/*!
 * Every run the scan derives (calibration, signal, background, peaking backgrounds) at each
 * explicit mass, or at mass_min and mass_max for the grid, checked as a run card is (validate,
 * build_device_setup) before the first run: a card error is found at once, naming the user's
 * card and key, never after hours of scans. The per-mass m_gg window needs the measured sigma_m;
 * a provisional 1 % of m_a stands in (the peaking mesons: those in reach of a 10 times wider
 * window). \p context is added to messages (e.g. the tagger angle).
 */
void check_scan_runs(ScanSpec const& spec, std::string const& context = {});

//! sigma_m from a calibration run (calibration_spec): the fit the scan makes of its m_gg
//! histogram. Throws std::runtime_error naming m_a if the fit fails.
CoreWidth calibration_width(RunOutcome const& calibration, double m_a);

//! One typical accepted MC event of a background run in events at \p luminosity_pb (its mean
//! accepted weight): the scan's empty_bin_background is the largest over its components.
double typical_event_background(RunSummary const& run, double luminosity_pb);

//! The pilot of the analysis-aware background: \p background with scan.pilot_events() events
//! and its own seed (its events are not in the output).
RunSpec importance_pilot_spec(ScanSpec const& scan, RunSpec background, std::uint64_t seed);

/*!
 * The analysis-aware background (issue 14; AnalysisImportanceMap.hh): \p background whose
 * adaptation follows f h, with h from the signal run's and the pilot run's analysis histograms
 * (the pilot's typical accepted event as the smallest background a bin is taken to have).
 */
RunSpec with_importance_map(ScanSpec const& scan, RunSpec background, RunOutcome const& signal,
                            RunOutcome const& pilot);

//! Run the whole scan and write it to spec.output_directory (refused if it exists, unless
//! force). Prints a line per run and per mass. Returns the mass points.
std::vector<MassPointResult> execute_scan(ScanSpec const& spec, bool force);
}  // namespace fathom
