// `fathom tagger CARD`: what a forward electron tagger buys. For each lower lepton polar angle
// theta_min (22 degrees, the barrel, down to a few degrees) the ALP mass scan of the card is
// rerun with the lepton acceptance extended to theta_min, then per mass:
//   - the expected median limit on g_agg at each luminosity of [tagger] luminosities;
//   - the luminosity at which that limit reaches the standard 3-photon search's at 50 ab^-1
//     (LuminosityMatch.hh; none if the background MC error levels the limit off above it).
// Acceptance (TaggerAcceptance): "cm", symmetric, theta* in [theta_min, 180 - theta_min]; or
// "lab", one-sided: each lepton in the barrel (the card's CM cut) OR in a lab-frame tagger from
// theta_min to the barrel's lab edge, on the e- (+z, "forward") or e+ ("backward") side.
// Output: DIR/theta_min_<t>/ (a scan, docs/scan-format.md), DIR/study.csv, DIR/study.json;
// plots by scripts/plot_tagger_study.py.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "scan/ScanSpec.hh"

namespace fathom
{
struct TaggerStudySpec
{
    ScanSpec scan;  //!< the barrel analysis (its lepton cut is the one that opens up)
    std::vector<double> theta_min_deg{22, 15, 10, 6, 3};
    std::string frame{"cm"};      //!< "cm" (symmetric) or "lab" (one-sided)
    std::string side{"forward"};  //!< lab: "forward" (+z, the e- beam) or "backward"
    double tagger_energy_min{0.01};        //!< GeV, lab: closes the generation window (run-card.md)
    double tagger_energy_resolution{0};    //!< relative, lab tagger (needs the detector response)
    std::vector<double> luminosities_pb{1e6, 5e6, 1e7, 5e7};
    std::vector<std::string> luminosity_texts{"1ab-1", "5ab-1", "10ab-1", "50ab-1"};
    std::filesystem::path three_photon_csv;  //!< empty: the default (ReachPaths.hh)
    //! The histogram the limits are set on (fathom reach --analysis): empty, the scan's
    //! analysis_histogram; "llr_alp" (the optimal statistic) needs scan.llr_bins > 0.
    std::string analysis;
    std::string output_directory{"output/tagger_study"};
};

//! Read the card (a scan card plus a [tagger] table); InputError naming file and key.
TaggerStudySpec read_tagger_card(std::filesystem::path const& path, std::vector<std::string> const& overrides = {});

//! The scan with the lepton acceptance opened to theta_min (degrees).
ScanSpec with_tagger(TaggerStudySpec const& study, double theta_min_deg);

//! Run the study; refuses an existing output directory unless force.
void execute_tagger_study(TaggerStudySpec const& study, bool force);
}  // namespace fathom
