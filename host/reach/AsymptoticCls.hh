// Expected CLs in the asymptotic (Wald) approximation, as pyhf's AsymptoticCalculator computes
// it with test_stat="qtilde" and its default calc_base_dist="normal" (Cowan, Cranmer, Gross,
// Vitells, Eur. Phys. J. C71 (2011) 1554, sect. 3.7 and 4):
//
//   q~_{mu,A} = q~_mu on the Asimov background-only dataset,  sqrt(q~_{mu,A}) = mu / sigma_A,
//   CLs_k(mu) = Phi(k - sqrt(q~_{mu,A})) / Phi(k)
//
// for the expected band k in {-2, -1, 0, +1, +2} (k = 0: median; k < 0: background
// fluctuating down, a stronger limit). Phi is the standard normal CDF. In pyhf's terms the
// background-only distribution of the test statistic is N(0, 1), the signal+background one
// N(-sqrt(q~_{mu,A}), 1), evaluated at the expected value -k; no clipping (pyhf's
// "clipped_normal" differs only where sqrt(q~_{mu,A}) < -k, far from CLs = 0.05).
#pragma once

#include "BinnedLikelihood.hh"

namespace fathom
{
class AsymptoticCls
{
  public:
    explicit AsymptoticCls(ReachBins const& bins);

    double qtilde_asimov(double mu) const;
    //! CLs_k(mu) above; band_sigma = k.
    double expected_cls(double mu, double band_sigma) const;

    BinnedLikelihood const& asimov() const { return asimov_; }

  private:
    BinnedLikelihood asimov_;
    BinnedLikelihood::Fit free_fit_;
};

//! Standard normal CDF.
double normal_cdf(double x);
}  // namespace fathom
