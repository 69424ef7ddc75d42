// Small hand-made models for the reach tests.
#pragma once

#include <cmath>
#include <vector>

#include "reach/ReachBins.hh"

namespace fathom::test
{
inline ReachBins make_bins(std::vector<double> s, std::vector<double> b,
                           std::vector<double> v = {}, double norm_uncertainty = 0)
{
    ReachInput in;
    in.signal = std::move(s);
    in.background = std::move(b);
    in.background_variance = v.empty() ? std::vector<double>(in.signal.size(), 0.0) : std::move(v);
    in.background_norm_uncertainty = norm_uncertainty;
    return make_reach_bins(in);
}

//! Standard normal CDF and its inverse, written independently of the library (bisection).
inline double phi(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }
inline double phi_inverse(double p)
{
    double lo = -40, hi = 40;
    for (int i = 0; i < 200; ++i)
    {
        double const mid = (lo + hi) / 2;
        (phi(mid) < p ? lo : hi) = mid;
    }
    return (lo + hi) / 2;
}
}  // namespace fathom::test
