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
#include "io/JsonWriter.hh"
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
    std::vector<HistogramData> histograms; //!< events per bin at the scan's luminosity
    JsonValue summary;                     //!< summary.json
};

//! Directory name of a mass point: m_a_<m with %.4f>GeV.
std::string mass_directory(double m_a);

//! Scale a histogram in pb per bin to expected events at luminosity L (pb^-1): values x L,
//! variances x L^2.
HistogramData to_events(HistogramData h, double luminosity_pb);

//! sigma_m from a calibration run (calibration_spec): the fit the scan makes of its m_gg
//! histogram. Throws std::runtime_error naming m_a if the fit fails.
CoreWidth calibration_width(RunOutcome const& calibration, double m_a);

//! One typical accepted MC event of a background run in events at \p luminosity_pb (its mean
//! accepted weight): the scan's empty_bin_background is the largest over its components.
double typical_event_background(RunSummary const& run, double luminosity_pb);

//! Run the whole scan and write it to spec.output_directory (refused if it exists, unless
//! force). Prints a line per run and per mass. Returns the mass points.
std::vector<MassPointResult> execute_scan(ScanSpec const& spec, bool force);
}  // namespace fathom
