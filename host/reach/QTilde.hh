// The test statistic for upper limits with mu >= 0 (Cowan, Cranmer, Gross, Vitells,
// Eur. Phys. J. C71 (2011) 1554, eq. 16; pyhf's test_stat="qtilde"):
//   q~_mu = -2 ln [L(mu, nuisances profiled at mu) / L(mu^, nuisances^)]  for mu^ <= mu,
//         = 0                                                             for mu^ >  mu,
// with mu^ the free fit bounded at 0 (so below 0 the denominator is L(0, profiled at 0)).
#pragma once

#include "BinnedLikelihood.hh"

namespace fathom
{
//! q~_mu of \p likelihood's data; \p free_fit is likelihood.free_fit() (mu-independent, so
//! callers scanning mu compute it once).
double qtilde(BinnedLikelihood const& likelihood, BinnedLikelihood::Fit const& free_fit,
              double mu);

inline double qtilde(BinnedLikelihood const& likelihood, double mu)
{
    return qtilde(likelihood, likelihood.free_fit(), mu);
}
}  // namespace fathom
