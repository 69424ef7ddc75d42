// Read a mass scan (docs/scan-format.md, formats "fathom-scan-1" to "-3") into what the reach needs:
// per mass the flattened analysis histogram of signal and background as a ReachInput, at the
// luminosity asked for. The scan stores expected events at its own luminosity L_scan; events
// scale with L and their MC variances with L^2 (the same weights, times L / L_scan each).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ReachInput.hh"
#include "io/HistogramData.hh"

namespace fathom
{
struct ScanMassPoint
{
    double m_a_gev{0};
    std::string directory;  //!< relative to the scan directory, e.g. "m_a_1.0000GeV"
    //! signal.<analysis> and background.<analysis>, all bins incl. flow, at the requested L;
    //! g_ref is the scan's (GeV^-1).
    ReachInput input;
    //! signal.alp_betagamma_t_lab at the requested L, if the scan has it.
    std::optional<HistogramData> betagamma_t;
    //! From the mass's summary.json "alp" block, if present: c tau at g_ref (m) and the mean
    //! lab beta gamma of the selected signal (decay lengths at any g: c tau scales as g^-2).
    std::optional<double> ctau_ref_m;
    std::optional<double> mean_betagamma_lab;
};

struct ScanData
{
    std::filesystem::path directory;
    double scan_luminosity_pb{0};  //!< luminosity_pb of index.json
    double luminosity_pb{0};       //!< what the inputs were rescaled to
    double g_ref_per_gev{0};
    std::string analysis_histogram;  //!< the one read (ScanSelection), with its llr bins if merged anew
    unsigned llr_bins{0};            //!< ScanSelection::llr_bins
    std::vector<ScanMassPoint> masses;  //!< in the order of index.json (increasing mass)
};

//! Group names the reader uses.
inline constexpr char const* scan_signal_component = "signal";
inline constexpr char const* scan_background_component = "background";
inline constexpr char const* scan_betagamma_histogram = "signal.alp_betagamma_t_lab";

//! Which histogram of the scan the reach uses.
struct ScanSelection
{
    //! `<component>.<analysis>`; empty: index.json's analysis_histogram.
    std::string analysis;
    //! > 0: llr_alp or llr_alp_m_ee merged anew from the fine lambda bins into this many bins of
    //! equal signal content (SignalQuantileBins.hh); 0: as the scan stored it.
    unsigned llr_bins{0};
};

//! Read SCAN_DIR/index.json and every mass's histograms.h5. Throws InputError naming the file
//! for a missing or malformed index.json (format other than fathom-scan-1, missing keys,
//! masses not increasing), a missing mass directory, or a missing or mismatched histogram.
ScanData read_scan(std::filesystem::path const& scan_dir, double luminosity_pb, ScanSelection const& selection = {});
}  // namespace fathom
