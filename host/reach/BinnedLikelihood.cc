#include "BinnedLikelihood.hh"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "BrentRoot.hh"
#include "run/InputError.hh"

namespace fathom
{
namespace
{
//! r - ln(1 + r) for r > -1, to full relative precision: for small |r| the two terms cancel
//! down to r^2 / 2, so there the alternating series sum_{k>=2} (-r)^k / k is summed instead.
double r_minus_log1p(double r)
{
    if (std::abs(r) >= 0.1)
        return r - std::log1p(r);
    double sum = 0, power = -r;  // (-r)^k; terms fall by >= 10 per order: 20 reach 1e-18
    for (int k = 2; k <= 20; ++k)
    {
        power *= -r;
        sum += power / k;
    }
    return sum;
}

//! lambda - n + n ln(n / lambda), the Poisson -ln L relative to its minimum at lambda = n, from
//! the excess lambda - n: near lambda = n (where limits are evaluated) forming lambda first
//! would round mu s against b.
double poisson_deviance(double n, double excess)
{
    if (n <= 0)
        return excess;
    return n * r_minus_log1p(excess / n);
}

//! lambda - n for lambda = mu s + gamma kappa b, summed so that a small mu s survives
//! against a large b (exactly when n = b and gamma kappa = 1: Asimov data at nominal).
double excess_over_data(double ms, double gamma_kappa, double b, double n)
{
    return ms + (gamma_kappa - 1) * b + (b - n);
}
}  // namespace

BinnedLikelihood::BinnedLikelihood(ReachBins const& bins, std::vector<double> observed)
    : s_(bins.signal), b_(bins.background), n_(std::move(observed))
{
    if (n_.size() != s_.size())
        throw InputError("reach: observed counts and bins differ in number");
    for (double n : n_)
        if (!(n >= 0) || !std::isfinite(n))
            throw InputError("reach: observed counts must be finite and >= 0");
    sigma_.resize(s_.size());
    for (std::size_t i = 0; i < s_.size(); ++i)
        sigma_[i] = std::sqrt(bins.background_variance[i]) / b_[i];
    double const d = bins.background_norm_uncertainty;
    if (d > 0)
        normsys_.emplace(1 + d, 1 - d);
}

BinnedLikelihood BinnedLikelihood::asimov_background_only(ReachBins const& bins)
{
    return BinnedLikelihood(bins, bins.background);
}

double BinnedLikelihood::nll(double mu, std::vector<double> const& gamma, double alpha) const
{
    double const kappa = normsys_ ? normsys_->factor(alpha) : 1;
    double sum = normsys_ ? alpha * alpha / 2 : 0;
    for (std::size_t i = 0; i < s_.size(); ++i)
    {
        double const excess = excess_over_data(mu * s_[i], gamma[i] * kappa, b_[i], n_[i]);
        sum += poisson_deviance(n_[i], excess);
        if (sigma_[i] > 0)
        {
            double const pull = (gamma[i] - 1) / sigma_[i];
            sum += pull * pull / 2;
        }
    }
    return sum;
}

double BinnedLikelihood::profiled_gamma(std::size_t i, double mu, double kappa) const
{
    double const sigma = sigma_[i];
    if (sigma == 0)
        return 1;
    // d/dgamma = 0, times lambda > 0: k g^2 + B g + C = 0 with k = kappa b. Its larger root
    // has lambda >= 0 (the quadratic is <= 0 at lambda = 0), and -ln L is convex in gamma.
    double const k = kappa * b_[i], ms = mu * s_[i], n = n_[i], s2 = sigma * sigma;
    double const B = ms + k * k * s2 - k;
    double const C = k * s2 * (ms - n) - ms;
    double const root_disc = std::sqrt(std::max(0.0, B * B - 4 * k * C));
    double const g = B > 0 ? -2 * C / (B + root_disc) : (root_disc - B) / (2 * k);
    // Convex: the minimum on pyhf's bounds is the clamped unconstrained one.
    return std::clamp(g, gamma_min, gamma_max);
}

BinnedLikelihood::Inner BinnedLikelihood::profile_gamma(double mu, double alpha,
                                                       std::vector<double>* gamma) const
{
    double const kappa = normsys_ ? normsys_->factor(alpha) : 1;
    Inner r{normsys_ ? alpha * alpha / 2 : 0, normsys_ ? alpha : 0, 0};
    double dkappa_sum = 0;  // sum_i gamma_i b_i (1 - n_i / lambda_i)
    for (std::size_t i = 0; i < s_.size(); ++i)
    {
        double const g = this->profiled_gamma(i, mu, kappa);
        if (gamma)
            (*gamma)[i] = g;
        double const excess = excess_over_data(mu * s_[i], g * kappa, b_[i], n_[i]);
        double const lambda = n_[i] + excess;
        r.nll += poisson_deviance(n_[i], excess);
        if (sigma_[i] > 0)
        {
            double const pull = (g - 1) / sigma_[i];
            r.nll += pull * pull / 2;
        }
        double const residual = excess / lambda;  // 1 - n / lambda
        dkappa_sum += g * b_[i] * residual;
        r.dnll_dmu += s_[i] * residual;
    }
    if (normsys_)
        r.dnll_dalpha += normsys_->derivative(alpha) * dkappa_sum;
    return r;
}

double BinnedLikelihood::profiled_alpha(double mu) const
{
    if (!normsys_)
        return 0;
    auto const slope = [&](double alpha) {
        return this->profile_gamma(mu, alpha, nullptr).dnll_dalpha;
    };
    // The constraint alpha^2 / 2 makes the slope negative far below and positive far above
    // the minimum; on pyhf's bounds a slope of one sign everywhere puts it on the bound.
    if (slope(alpha_min) >= 0)
        return alpha_min;
    if (slope(alpha_max) <= 0)
        return alpha_max;
    return brent_root(slope, alpha_min, alpha_max, 1e-13);
}

BinnedLikelihood::Fit BinnedLikelihood::profile(double mu) const
{
    Fit fit;
    fit.mu = mu;
    fit.alpha = this->profiled_alpha(mu);
    fit.gamma.resize(s_.size());
    fit.nll = this->profile_gamma(mu, fit.alpha, &fit.gamma).nll;
    return fit;
}

BinnedLikelihood::Fit BinnedLikelihood::free_fit() const
{
    auto const slope = [&](double mu) {
        return this->profile_gamma(mu, this->profiled_alpha(mu), nullptr).dnll_dmu;
    };
    // Rising slope at mu = 0: the bound is the minimum (Asimov background-only data land
    // exactly there).
    double const s_total = std::accumulate(s_.begin(), s_.end(), 0.0);
    if (s_total <= 0 || slope(0) >= 0)
        return this->profile(0);
    // mu s alone as large as all the data: the slope is positive from there on in practice;
    // double until it is.
    double hi = std::accumulate(n_.begin(), n_.end(), 0.0) / s_total;
    if (!(hi > 0))
        hi = 1;
    while (slope(hi) < 0)
    {
        hi *= 2;
        if (!std::isfinite(hi))
            throw std::runtime_error("reach: free fit of mu did not find a minimum");
    }
    return this->profile(brent_root(slope, 0, hi));
}
}  // namespace fathom
