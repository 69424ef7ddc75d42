#include "QTilde.hh"

#include <algorithm>

namespace fathom
{
double qtilde(BinnedLikelihood const& likelihood, BinnedLikelihood::Fit const& free_fit,
              double mu)
{
    if (free_fit.mu > mu)
        return 0;
    // Rounding of the fits may leave -2 ln(ratio) a hair below 0; the statistic is >= 0.
    return std::max(0.0, 2 * (likelihood.profile(mu).nll - free_fit.nll));
}
}  // namespace fathom
