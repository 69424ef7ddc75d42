#include "scan/CoreWidthFit.hh"

#include <cmath>
#include <stdexcept>

#include <gtest/gtest.h>

namespace fathom
{
namespace
{
struct Hist
{
    std::vector<double> x, w, w2;
};

double normal_cdf(double z)
{
    return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

//! Exact bin integrals of a Gaussian (norm events with weight 1 each) plus an optional flat
//! tail, with w2 = w (unit weights).
Hist gaussian(double mu, double sigma, double lo, double hi, unsigned bins, double norm, double flat = 0)
{
    Hist h;
    double const b = (hi - lo) / bins;
    for (unsigned i = 0; i < bins; ++i)
    {
        double const a = lo + i * b;
        double const v = norm * (normal_cdf((a + b - mu) / sigma) - normal_cdf((a - mu) / sigma)) + flat;
        h.x.push_back(a + b / 2);
        h.w.push_back(v);
        h.w2.push_back(v);
    }
    return h;
}
}  // namespace

TEST(CoreWidthFit, RecoversAGaussianSigma)
{
    // 0.6 to 1.4 GeV in 800 bins, sigma = 15 MeV (15 bins): the scan's calibration binning
    Hist h = gaussian(1.0, 0.015, 0.6, 1.4, 800, 1e5);
    CoreWidth c = fit_core_width(h.x, h.w, h.w2);
    EXPECT_NEAR(c.mean, 1.0, 1e-6);
    // binning and Sheppard's correction leave O((b/sigma)^4) of sigma
    EXPECT_NEAR(c.sigma, 0.015, 0.015 * 1e-3);
    EXPECT_NEAR(c.core_fraction, 0.9545, 2e-3);
    // N_eff = events in the core for unit weights; error 1.2 sigma / sqrt(2 N)
    EXPECT_NEAR(c.n_eff, 0.9545e5, 0.002e5);
    EXPECT_NEAR(c.sigma_error, 1.2 * c.sigma / std::sqrt(2 * c.n_eff), 1e-12);
}

TEST(CoreWidthFit, IgnoresTailsThatPullTheRms)
{
    // a Gaussian core plus a flat pedestal carrying 20 % of the weight: the RMS would be
    // ~ (0.8 sigma^2 + 0.2 0.8^2/12)^1/2 = 0.10 GeV, seven times the core
    double const flat = 0.25 * 1e5 / 800;
    Hist h = gaussian(1.0, 0.015, 0.6, 1.4, 800, 1e5, flat);
    CoreWidth c = fit_core_width(h.x, h.w, h.w2);
    // the pedestal inside +-2 sigma adds (4 sigma) flat / sigma^2-weighted spread: a few % at most
    EXPECT_NEAR(c.sigma, 0.015, 0.015 * 0.05);
    EXPECT_NEAR(c.mean, 1.0, 1e-4);
    EXPECT_LT(c.core_fraction, 0.8);
}

TEST(CoreWidthFit, AsymmetricPeakShiftsTheMeanNotTheCore)
{
    // core at 1.0 plus a low-side shoulder (30 % at 0.96, sigma 20 MeV): the fit follows the
    // larger peak's side; sigma stays within a factor 1.5 of the core's
    Hist a = gaussian(1.0, 0.015, 0.6, 1.4, 800, 0.7e5);
    Hist b = gaussian(0.96, 0.02, 0.6, 1.4, 800, 0.3e5);
    for (std::size_t i = 0; i < a.w.size(); ++i)
    {
        a.w[i] += b.w[i];
        a.w2[i] += b.w2[i];
    }
    CoreWidth c = fit_core_width(a.x, a.w, a.w2);
    EXPECT_GT(c.sigma, 0.015);
    EXPECT_LT(c.sigma, 0.0225);
    EXPECT_LT(c.mean, 1.0);
    EXPECT_GT(c.mean, 0.96);
}

TEST(CoreWidthFit, RefusesWhatItCannotResolve)
{
    // empty
    Hist e = gaussian(1.0, 0.015, 0.6, 1.4, 800, 0.0);
    EXPECT_THROW(fit_core_width(e.x, e.w, e.w2), std::invalid_argument);
    // narrower than 3 bins
    Hist n = gaussian(1.0, 0.0003, 0.6, 1.4, 800, 1e5);
    EXPECT_THROW(fit_core_width(n.x, n.w, n.w2), std::invalid_argument);
    // wider than the range
    Hist w = gaussian(1.0, 0.3, 0.6, 1.4, 800, 1e5);
    EXPECT_THROW(fit_core_width(w.x, w.w, w.w2), std::invalid_argument);
    // mismatched inputs
    EXPECT_THROW(fit_core_width({1, 2, 3}, {1, 2}, {1, 2, 3}), std::invalid_argument);
}
}  // namespace fathom
