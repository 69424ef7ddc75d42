// sigma_m: the width of the core of the reconstructed signal peak.
//
// Definition: the standard deviation of the Gaussian that matches the peak within +-2 sigma of
// its centre. Fit: iterated truncated moments of the weighted m_gg histogram. Start from the
// weighted median and half the 16-84 % quantile distance; then repeat: take the bins whose
// centres lie within mu +- 2 sigma, set mu to their mean and sigma to their standard deviation
// divided by 0.8796 (the standard deviation of a unit Gaussian truncated at +-2 is
// sqrt(1 - 4 phi(2) / (2 Phi(2) - 1)) = 0.87963), until sigma changes by less than 1e-6.
// Tails outside the core (the response's resolution tails, radiation) do not pull it, unlike
// the RMS; for a Gaussian peak it is the Gaussian's sigma.
// Error: sigma / sqrt(2 N_eff) (the large-N error of a Gaussian's sigma, N_eff = (sum w)^2 /
// sum w^2 in the core), enlarged by 1.2 for the truncation (its efficiency loss at +-2 sigma).
#pragma once

#include <cstddef>
#include <vector>

namespace fathom
{
struct CoreWidth
{
    double mean{0};
    double sigma{0};
    double sigma_error{0};
    double core_fraction{0};  //!< weight within mean +- 2 sigma / total weight
    double n_eff{0};          //!< effective events in the core
    unsigned iterations{0};
};

//! Fit the core of a peak from a histogram of bin centres with sum w and sum w^2 per bin
//! (no flow bins). Throws std::invalid_argument when the histogram has no positive weight,
//! when the core is narrower than 3 bins (the binning cannot resolve it) or reaches the
//! histogram's ends (the range is too small), or when the iteration does not converge.
CoreWidth fit_core_width(std::vector<double> const& centres, std::vector<double> const& sum_w,
                         std::vector<double> const& sum_w2);
}  // namespace fathom
