// `fathom reach SCAN_DIR --luminosity 50ab-1`: expected limits on g_agg per mass of a scan.
//
// Per mass: make_reach_bins on the scan's analysis histogram (rescaled to the luminosity),
// expected_upper_limits (CLs, asymptotic q~_mu, median and +-1, +-2 sigma bands), optionally
// the decay-radius requirement (DecayEfficiency.hh), and the comparison with a published
// limit curve. Writes into the output directory, all at once (OutputDirectory):
//   reach.csv              one row per mass (columns: reach_csv_columns)
//   reach.json             the same plus luminosity, g_ref, settings, version (fathom-reach-2:
//                          the analysis histogram used, its llr bins, the no-MC-error limit)
//   pyhf/<mass dir>.json   the HistFactory workspace of each mass (PyhfWorkspace.hh; mu
//                          bounds [0, 10 x the +2 sigma limit on mu])
//   reach.png              scripts/plot_reach.py, unless --no-plot; a failing plot is a
//                          warning, not an error (the tables are the result)
#pragma once

#include <array>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "ExpectedLimits.hh"
#include "ScanReader.hh"

namespace fathom
{
struct ReachOptions
{
    std::filesystem::path scan_dir;
    double luminosity_pb{0};
    std::filesystem::path output;  //!< empty: SCAN_DIR/reach
    double background_norm_uncertainty{0};
    double cls_level{0.05};
    std::optional<double> decay_radius_m;
    std::filesystem::path three_photon_csv;  //!< empty: no comparison
    ScanSelection selection;                 //!< --analysis, --llr-bins
    bool plot{true};
    bool force{false};
};

struct ReachPoint
{
    double m_a_gev{0};
    std::string directory;
    ReachBins bins;         //!< after the bin policy, with the norm uncertainty
    ExpectedLimits limits;  //!< limits.g_up: prompt (g_ref sqrt(mu_up))
    //! The quoted limit per band: limits.g_up, or with a decay radius the solution of
    //! (g / g_ref)^2 eps(g) = mu_up (+inf: no limit).
    std::array<double, 5> g_up{};
    //! The median limit as if the background MC had no error (without_mc_error, ReachInput.hh):
    //! how far the quoted one is from what the analysis reaches with an infinite MC.
    double g_up_median_no_mc_error{0};
    double signal_events{0};      //!< sum over all bins at g_ref, at the luminosity
    double background_events{0};  //!< sum over all bins
    std::size_t kept_bins{0}, dropped_bins{0}, floored_bins{0};
    double empty_bin_background{0};  //!< what floored bins got (ReachInput), 0: the tiny floor
    std::optional<double> decay_efficiency;  //!< eps at the median limit
    std::optional<double> three_photon_g;    //!< the published curve at this mass
    //! Mean lab decay length (m) of the selected signal at the median limit: beta gamma c tau(g_up)
    std::optional<double> decay_length_at_limit_m;
};

//! Limits for every mass of a scan (no files written).
std::vector<ReachPoint> compute_reach(ScanData const& scan, ReachOptions const& options);

//! Columns of reach.csv, in order.
std::vector<std::string> reach_csv_columns();

//! Each number finite and in its range, naming the option (InputError).
void validate(ReachOptions const& options);

//! The whole command: prints one line per mass and where the files are to `out`, warnings
//! (one line each) to `err`. Throws InputError for bad input.
void run_reach_command(ReachOptions const& options, std::ostream& out, std::ostream& err);
}  // namespace fathom
