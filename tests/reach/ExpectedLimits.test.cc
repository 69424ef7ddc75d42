#include "reach/ExpectedLimits.hh"

#include <cmath>

#include <gtest/gtest.h>

#include "ReachTestSupport.hh"

namespace fathom
{
namespace
{
using test::make_bins;
using test::phi;
using test::phi_inverse;

//! sqrt(q~_A) at the limit of band k: CLs_k = Phi(k - r) / Phi(k) = 0.05.
double limit_sqrt_q(double k) { return k - phi_inverse(0.05 * phi(k)); }

//! Exact asymptotic expected limit on x = mu s of one bin without nuisances: the x with
//! 2 [x - b ln(1 + x / b)] = r^2, by bisection (the left side rises monotonically).
double single_bin_limit(double b, double r)
{
    double lo = 0, hi = 1;
    while (2 * (hi - b * std::log1p(hi / b)) < r * r)
        hi *= 2;
    for (int i = 0; i < 200; ++i)
    {
        double const mid = (lo + hi) / 2;
        (2 * (mid - b * std::log1p(mid / b)) < r * r ? lo : hi) = mid;
    }
    return (lo + hi) / 2;
}

TEST(ExpectedLimits, single_bin_without_nuisances_has_the_closed_form)
{
    EXPECT_NEAR(1.959963984540054, limit_sqrt_q(0), 1e-12);  // Phi^-1(0.975)
    for (auto [s, b] : {std::pair{1.0, 1e-2}, {2.0, 3.0}, {0.1, 50.0}, {1.0, 1e6}})
    {
        ExpectedLimits const lim = expected_upper_limits(make_bins({s}, {b}));
        for (std::size_t band = 0; band < 5; ++band)
        {
            double const x = single_bin_limit(b, limit_sqrt_q(ExpectedLimits::band_sigma[band]));
            EXPECT_NEAR(x / s, lim.mu_up[band], 1e-9 * x / s) << "b " << b << " band " << band;
        }
        for (std::size_t band = 1; band < 5; ++band)
            EXPECT_GT(lim.mu_up[band], lim.mu_up[band - 1]);
    }
    // Large b: the Gaussian limit mu_up s = 1.96 sqrt(b), up to x / (3 b) ~ 7e-4 relative.
    ExpectedLimits const large = expected_upper_limits(make_bins({1.0}, {1e6}));
    EXPECT_NEAR(1.959963984540054 * 1e3, large.median_mu_up(), 1e-3 * 1.96e3);
    // Band edges in the Gaussian limit: mu_up = sigma (k + Phi^-1(1 - 0.05 Phi(k))).
    EXPECT_NEAR(1e3 * limit_sqrt_q(-1), large.mu_up[1], 2e-3 * large.mu_up[1]);
}

TEST(ExpectedLimits, identical_bins_scale_as_one_over_sqrt_n)
{
    ExpectedLimits const one = expected_upper_limits(make_bins({2}, {40}));
    for (std::size_t n : {2u, 4u, 9u})
    {
        ExpectedLimits const many = expected_upper_limits(
            make_bins(std::vector<double>(n, 2.0), std::vector<double>(n, 40.0)));
        // Exactly: N bins (s, b) have the q~_A of one bin (N s, N b).
        ExpectedLimits const merged = expected_upper_limits(make_bins({2.0 * n}, {40.0 * n}));
        for (std::size_t band = 0; band < 5; ++band)
            EXPECT_NEAR(merged.mu_up[band], many.mu_up[band], 1e-9 * merged.mu_up[band]);
        // Gaussian regime (x / b small): 1 / sqrt(N), to the O(x / 3b) correction.
        EXPECT_NEAR(1 / std::sqrt(double(n)), many.median_mu_up() / one.median_mu_up(), 0.03);
    }
    ExpectedLimits const big1 = expected_upper_limits(make_bins({1}, {1e6}));
    ExpectedLimits const big16 = expected_upper_limits(
        make_bins(std::vector<double>(16, 1.0), std::vector<double>(16, 1e6)));
    EXPECT_NEAR(0.25, big16.median_mu_up() / big1.median_mu_up(), 1e-3);
}

TEST(ExpectedLimits, zero_mc_error_reproduces_the_no_nuisance_limit)
{
    ExpectedLimits const plain = expected_upper_limits(make_bins({2, 1, 0.5}, {10, 3, 1}));
    ExpectedLimits const zero_v =
        expected_upper_limits(make_bins({2, 1, 0.5}, {10, 3, 1}, {0, 0, 0}));
    ExpectedLimits const tiny_v =
        expected_upper_limits(make_bins({2, 1, 0.5}, {10, 3, 1}, {1e-12, 1e-12, 1e-12}));
    for (std::size_t band = 0; band < 5; ++band)
    {
        EXPECT_EQ(plain.mu_up[band], zero_v.mu_up[band]);
        EXPECT_NEAR(plain.mu_up[band], tiny_v.mu_up[band], 1e-9 * plain.mu_up[band]);
    }
}

TEST(ExpectedLimits, staterror_widens_the_limit_monotonically)
{
    double previous = 0;
    for (double rel : {0.0, 0.01, 0.05, 0.1, 0.3, 1.0})
    {
        double const b = 20, v = rel * rel * b * b;
        ExpectedLimits const lim = expected_upper_limits(make_bins({3, 1}, {b, 5}, {v, 0.2}));
        EXPECT_GT(lim.median_mu_up(), previous) << rel;
        previous = lim.median_mu_up();
    }
    // Large b: profiling gamma adds the MC variance to the Poisson one, mu_up s = 1.96 sqrt(b + v).
    double const b = 1e6, v = 0.25e6;
    ExpectedLimits const lim = expected_upper_limits(make_bins({1}, {b}, {v}));
    EXPECT_NEAR(1.959963984540054 * std::sqrt(b + v), lim.median_mu_up(),
                2e-3 * lim.median_mu_up());
}

TEST(ExpectedLimits, normsys_widens_the_limit)
{
    double previous = 0;
    for (double d : {0.0, 0.05, 0.2, 0.5})
    {
        ExpectedLimits const lim = expected_upper_limits(make_bins({3, 1, 0}, {20, 5, 50}, {}, d));
        EXPECT_GT(lim.median_mu_up(), previous) << d;
        previous = lim.median_mu_up();
    }
}

TEST(ExpectedLimits, coupling_scales_as_the_square_root_of_mu)
{
    ReachInput in;
    in.signal = {2, 1};
    in.background = {10, 3};
    in.background_variance = {1, 0.3};
    in.g_ref = 3e-4;
    ExpectedLimits const lim = expected_upper_limits(make_reach_bins(in));
    for (std::size_t band = 0; band < 5; ++band)
        EXPECT_DOUBLE_EQ(3e-4 * std::sqrt(lim.mu_up[band]), lim.g_up[band]);
}

TEST(ExpectedLimits, signal_without_background_tends_to_the_b_to_zero_limit)
{
    // Floored background: q~_A -> 2 mu s, so the median mu_up s = 1.96^2 / 2.
    ReachInput in;
    in.signal = {4, 0};
    in.background = {0, 100};
    in.background_variance = {0, 10};
    ExpectedLimits const lim = expected_upper_limits(make_reach_bins(in));
    EXPECT_EQ(1u, lim.floored_bins);
    EXPECT_NEAR(1.959963984540054 * 1.959963984540054 / 2 / 4, lim.median_mu_up(), 1e-4);
}

TEST(ExpectedLimits, no_signal_no_limit)
{
    ExpectedLimits const lim = expected_upper_limits(make_bins({0, 0}, {10, 3}));
    EXPECT_TRUE(std::isinf(lim.median_mu_up()));
    EXPECT_TRUE(std::isinf(lim.median_g_up()));
}

TEST(ExpectedLimits, other_confidence_levels)
{
    // 90 % CL: sqrt(q~_A) = Phi^-1(1 - 0.05) at the median.
    ExpectedLimits const lim = expected_upper_limits(make_bins({1}, {4}), 0.1);
    double const x = single_bin_limit(4, phi_inverse(0.95));
    EXPECT_NEAR(x, lim.median_mu_up(), 1e-9 * x);
}
}  // namespace
}  // namespace fathom
