// Is the background MC precise enough for the limit? The staterror nuisances account for its
// error, but a limit dominated by MC error says more about the MC sample than about Belle II.
// Compared: MC error / expected Poisson error of the data, r_i = sqrt(v_i) / sqrt(b_i), in the
// bins that carry signal (only they move the limit):
// - max_bin_ratio: the worst bin;  summed_ratio: sqrt(sum v / sum b);
// - weighted_ratio: r_i^2 averaged with each bin's weight in the sensitivity, s_i^2 / b_i. In
//   the Gaussian regime 1 / sigma_mu^2 = sum s_i^2 / (b_i + v_i), so the MC error weakens the
//   limit by the factor sqrt(1 + weighted_ratio^2) to first order: this one sets the warning.
// Threshold 0.3: the limit is then weaker by sqrt(1 + 0.3^2) - 1 = 4.4 %; above it, generate
// more background.
#pragma once

#include <cstddef>

#include "ReachBins.hh"

namespace fathom
{
struct BackgroundMcPrecision
{
    static constexpr double warning_threshold = 0.3;
    double max_bin_ratio{0};   //!< max_i sqrt(v_i / b_i) over bins with s_i > 0
    std::size_t worst_bin{0};  //!< its index in the ReachInput (source_bin)
    double summed_ratio{0};    //!< sqrt(sum v_i / sum b_i) over the same bins
    double weighted_ratio{0};  //!< sqrt(sum w_i v_i / b_i / sum w_i), w_i = s_i^2 / b_i
    bool warning{false};       //!< weighted_ratio > warning_threshold
};

BackgroundMcPrecision background_mc_precision(ReachBins const& bins);
}  // namespace fathom
