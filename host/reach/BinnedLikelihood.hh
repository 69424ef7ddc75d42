// The binned likelihood pyhf builds for the reach model (one channel, samples "signal" with a
// normfactor mu and "background" with a staterror and, optionally, a normsys):
//
//   L = prod_i Poisson(n_i | lambda_i) * prod_i Gauss(1 | gamma_i, sigma_i) [* Gauss(0 | alpha, 1)]
//   lambda_i = mu s_i + gamma_i kappa(alpha) b_i,   sigma_i = sqrt(v_i) / b_i,
//
// kappa = NormsysInterpolation(1 + d, 1 - d) (pyhf's code 4). The auxiliary data are the
// nominal values (1 for gamma, 0 for alpha), as in a pyhf workspace; bins with v_i = 0 have
// gamma_i fixed at 1 (pyhf fixes staterror parameters of zero uncertainty).
//
// Profiling. With kappa fixed the bins decouple and each gamma_i minimises its own
// lambda - n ln(lambda) + (gamma - 1)^2 / (2 sigma^2): the Barlow-Beeston-lite closed form,
// one quadratic per bin. alpha is then a single outer parameter and mu the outermost one;
// both are found as the root of the derivative of the profiled NLL, which by the envelope
// theorem is the partial derivative at the profiled inner parameters (analytic, no
// finite differences). Bounds are pyhf's defaults: gamma in [1e-10, 10], alpha in [-5, 5],
// mu >= 0 (what q~_mu requires).
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "NormsysInterpolation.hh"
#include "ReachBins.hh"

namespace fathom
{
class BinnedLikelihood
{
  public:
    struct Fit
    {
        double mu{0};
        double alpha{0};
        std::vector<double> gamma;
        //! -ln L up to a constant: each Poisson term as lambda - n + n ln(n / lambda) (zero at
        //! lambda = n, so that q = 2 (nll - nll') does not cancel large numbers).
        double nll{0};
    };

    //! The model of \p bins with observed counts \p observed (one per bin, >= 0).
    BinnedLikelihood(ReachBins const& bins, std::vector<double> observed);

    //! The Asimov background-only dataset: n_i = b_i. fathom has no observed data, so the
    //! workspace's observations are this same dataset; pyhf's background-only fit to it
    //! returns the nominal nuisances (every term of -ln L is minimal there), and the Asimov
    //! dataset it then builds has n_i = b_i and nominal auxiliary data again.
    static BinnedLikelihood asimov_background_only(ReachBins const& bins);

    std::size_t size() const { return s_.size(); }
    bool has_normsys() const { return normsys_.has_value(); }

    //! -ln L at the given parameters (same constant as Fit::nll).
    double nll(double mu, std::vector<double> const& gamma, double alpha) const;

    //! Nuisances profiled at fixed mu (mu >= 0).
    Fit profile(double mu) const;

    //! mu, gamma, alpha all fitted, mu >= 0.
    Fit free_fit() const;

    //! The gamma_i that minimises bin i's terms at mu and background factor kappa.
    double profiled_gamma(std::size_t i, double mu, double kappa) const;

    static constexpr double gamma_min = 1e-10, gamma_max = 10;
    static constexpr double alpha_min = -5, alpha_max = 5;

  private:
    struct Inner
    {
        double nll;
        double dnll_dalpha;
        double dnll_dmu;
    };
    //! gamma profiled at (mu, alpha): -ln L and its derivatives (envelope theorem).
    Inner profile_gamma(double mu, double alpha, std::vector<double>* gamma) const;
    double profiled_alpha(double mu) const;

    std::vector<double> s_, b_, sigma_, n_;
    std::optional<NormsysInterpolation> normsys_;
};
}  // namespace fathom
