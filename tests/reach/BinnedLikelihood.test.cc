#include "reach/BinnedLikelihood.hh"

#include <cmath>

#include <gtest/gtest.h>

#include "ReachTestSupport.hh"

namespace fathom
{
namespace
{
using test::make_bins;

//! Golden-section minimum of a convex function of one variable on [lo, hi].
template<class F>
double golden_minimum(F f, double lo, double hi)
{
    double const r = (std::sqrt(5.0) - 1) / 2;
    for (int i = 0; i < 200; ++i)
    {
        double const a = hi - r * (hi - lo), b = lo + r * (hi - lo);
        (f(a) < f(b) ? hi : lo) = (f(a) < f(b) ? b : a);
    }
    return (lo + hi) / 2;
}

TEST(BinnedLikelihood, asimov_background_only_fit_is_nominal)
{
    ReachBins const bins = make_bins({3, 1, 0}, {10, 4, 7}, {2, 1, 0.5}, 0.2);
    BinnedLikelihood const l = BinnedLikelihood::asimov_background_only(bins);
    BinnedLikelihood::Fit const fit = l.free_fit();
    EXPECT_EQ(0.0, fit.mu);
    EXPECT_NEAR(0.0, fit.alpha, 1e-12);
    for (double g : fit.gamma)
        EXPECT_NEAR(1.0, g, 1e-12);
    EXPECT_NEAR(0.0, fit.nll, 1e-20);
}

TEST(BinnedLikelihood, profiled_gamma_minimises_each_bin)
{
    ReachBins const bins = make_bins({3, 50, 0.1, 2}, {10, 4, 1000, 1e-3}, {2, 3, 10, 1e-6});
    BinnedLikelihood const l(bins, {7, 30, 980, 0});
    for (double mu : {0.0, 0.5, 2.0, 10.0})
        for (double kappa : {0.8, 1.0, 1.3})
            for (std::size_t i = 0; i < l.size(); ++i)
            {
                double const sigma = std::sqrt(bins.background_variance[i]) / bins.background[i];
                double const n = std::vector<double>{7, 30, 980, 0}[i];
                auto const f = [&](double g) {
                    double const lambda = mu * bins.signal[i] + g * kappa * bins.background[i];
                    return lambda - n * std::log(lambda) + (g - 1) * (g - 1) / (2 * sigma * sigma);
                };
                double const brute = golden_minimum(f, BinnedLikelihood::gamma_min,
                                                    BinnedLikelihood::gamma_max);
                EXPECT_NEAR(brute, l.profiled_gamma(i, mu, kappa), 1e-7 * (1 + brute))
                    << "bin " << i << " mu " << mu << " kappa " << kappa;
            }
}

TEST(BinnedLikelihood, zero_variance_fixes_gamma_at_one)
{
    ReachBins const bins = make_bins({3, 2}, {10, 5}, {0, 1});
    BinnedLikelihood const l = BinnedLikelihood::asimov_background_only(bins);
    BinnedLikelihood::Fit const fit = l.profile(4);
    EXPECT_EQ(1.0, fit.gamma[0]);
    EXPECT_LT(fit.gamma[1], 1.0);  // signal pulls the background down
}

TEST(BinnedLikelihood, profile_is_the_minimum_over_the_nuisances)
{
    ReachBins const bins = make_bins({3, 1, 0, 2}, {10, 4, 7, 20}, {2, 1, 0.5, 4}, 0.15);
    BinnedLikelihood const l = BinnedLikelihood::asimov_background_only(bins);
    for (double mu : {0.3, 1.0, 3.0})
    {
        BinnedLikelihood::Fit const fit = l.profile(mu);
        EXPECT_DOUBLE_EQ(fit.nll, l.nll(mu, fit.gamma, fit.alpha));
        // Brute force over alpha, gamma profiled by its closed form (tested above).
        auto const at_alpha = [&](double alpha) {
            double const kappa = NormsysInterpolation(1.15, 0.85).factor(alpha);
            std::vector<double> g(l.size());
            for (std::size_t i = 0; i < l.size(); ++i)
                g[i] = l.profiled_gamma(i, mu, kappa);
            return l.nll(mu, g, alpha);
        };
        double const alpha = golden_minimum(at_alpha, -5, 5);
        EXPECT_NEAR(alpha, fit.alpha, 1e-6);
        EXPECT_LT(fit.alpha, 0.0);  // signal in Asimov b-only data pulls the background down
        EXPECT_LE(fit.nll, at_alpha(alpha) + 1e-14);
        for (double d : {-1e-3, 1e-3})
        {
            std::vector<double> g = fit.gamma;
            EXPECT_LT(fit.nll, l.nll(mu, g, fit.alpha + d));
            g[3] += d;
            EXPECT_LT(fit.nll, l.nll(mu, g, fit.alpha));
        }
    }
}

TEST(BinnedLikelihood, free_fit_finds_the_injected_signal)
{
    // Data exactly mu s + b: the free fit must return that mu and nominal nuisances.
    ReachBins const bins = make_bins({3, 1, 5}, {10, 4, 2}, {2, 1, 0.5}, 0.1);
    double const mu_true = 1.7;
    std::vector<double> n;
    for (std::size_t i = 0; i < bins.size(); ++i)
        n.push_back(mu_true * bins.signal[i] + bins.background[i]);
    BinnedLikelihood::Fit const fit = BinnedLikelihood(bins, n).free_fit();
    EXPECT_NEAR(mu_true, fit.mu, 1e-9);
    EXPECT_NEAR(0.0, fit.alpha, 1e-9);
    EXPECT_NEAR(0.0, fit.nll, 1e-15);
}

TEST(BinnedLikelihood, free_fit_stops_at_mu_zero_for_a_deficit)
{
    ReachBins const bins = make_bins({3, 1}, {10, 4});
    BinnedLikelihood::Fit const fit = BinnedLikelihood(bins, {6, 2}).free_fit();
    EXPECT_EQ(0.0, fit.mu);
    EXPECT_GT(fit.nll, 0.0);
}
}  // namespace
}  // namespace fathom
