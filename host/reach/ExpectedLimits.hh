// Expected upper limits on mu (and on the coupling g) at 1 - cls_level confidence: for each
// band k in {-2, -1, 0, +1, +2} the mu with CLs_k(mu) = cls_level, by root finding on CLs
// (AsymptoticCls). CLs_k falls monotonically from 1 at mu = 0, so the root is unique.
// Signal scales as g^2, hence g_up = g_ref sqrt(mu_up).
#pragma once

#include <array>

#include "BackgroundMcPrecision.hh"
#include "ReachBins.hh"

namespace fathom
{
struct ExpectedLimits
{
    static constexpr std::array<double, 5> band_sigma{-2, -1, 0, 1, 2};
    double cls_level{0.05};
    std::array<double, 5> mu_up{};  //!< per band_sigma; +inf without any signal
    std::array<double, 5> g_up{};
    BackgroundMcPrecision mc_precision;
    std::size_t floored_bins{0};  //!< bins with signal but no background (see ReachBins)

    double median_mu_up() const { return mu_up[2]; }
    double median_g_up() const { return g_up[2]; }
};

ExpectedLimits expected_upper_limits(ReachBins const& bins, double cls_level = 0.05);
}  // namespace fathom
