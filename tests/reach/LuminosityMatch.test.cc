#include "reach/LuminosityMatch.hh"

#include <cmath>

#include <gtest/gtest.h>

#include "reach/ExpectedLimits.hh"
#include "reach/ReachBins.hh"

namespace fathom
{
namespace
{
ReachInput one_bin(double s, double b, double v)
{
    ReachInput in;
    in.signal = {s};
    in.background = {b};
    in.background_variance = {v};
    in.g_ref = 1e-4;
    return in;
}
}  // namespace

TEST(LuminosityMatch, ScalingIsTheScans)
{
    ReachInput in = one_bin(10, 1000, 50);
    in.empty_bin_background = 3;
    ReachInput r = scale_to_luminosity(in, 2e6, 6e6);
    EXPECT_DOUBLE_EQ(r.signal[0], 30);
    EXPECT_DOUBLE_EQ(r.background[0], 3000);
    EXPECT_DOUBLE_EQ(r.background_variance[0], 450);
    EXPECT_DOUBLE_EQ(r.empty_bin_background, 9);
}

TEST(LuminosityMatch, BackgroundDominatedCountingScalesAsLToTheMinusQuarter)
{
    // s << b, no MC error: median mu_up = 1.96 sqrt(b) / s (asymptotic CLs), so
    // g_up = g_ref sqrt(mu_up) falls as L^-1/4 and halving it needs 16 times the luminosity
    ReachInput in = one_bin(100, 1e6, 0);
    double const l0 = 1e6;
    double const g0 = median_limit_at(in, l0, l0);
    EXPECT_NEAR(g0, 1e-4 * std::sqrt(1.959964 * 1e3 / 100), 1e-3 * g0);
    LuminosityMatch m = match_luminosity(in, l0, g0 / 2, 1e3, 1e10);
    ASSERT_TRUE(m.luminosity_pb.has_value());
    EXPECT_NEAR(*m.luminosity_pb / l0, 16.0, 16.0 * 2e-3);
    // the match is where the limit is the target
    EXPECT_NEAR(median_limit_at(in, l0, *m.luminosity_pb), g0 / 2, 1e-3 * g0);
}

TEST(LuminosityMatch, MonteCarloErrorMakesAPlateau)
{
    // a 10 % MC error on b grows like b: for L -> infinity sigma_mu -> 0.1 b / s (fixed), so
    // g_up levels off at g_ref sqrt(1.96 x 0.1 x 1e6 / 100) ~ 1.4e-3 (in units of g_ref 1e-4)
    ReachInput in = one_bin(100, 1e6, 1e10);
    double const plateau = 1e-4 * std::sqrt(1.959964 * 0.1 * 1e6 / 100);
    LuminosityMatch m = match_luminosity(in, 1e6, plateau / 2, 1e3, 1e12);
    EXPECT_FALSE(m.luminosity_pb.has_value());
    EXPECT_NEAR(m.g_at_max, plateau, 0.01 * plateau);
    // a target above the plateau is reached
    LuminosityMatch ok = match_luminosity(in, 1e6, 1.5 * plateau, 1e3, 1e12);
    EXPECT_TRUE(ok.luminosity_pb.has_value());
}

TEST(LuminosityMatch, AlreadyReachedAtTheSmallestLuminosity)
{
    ReachInput in = one_bin(100, 10, 0);
    LuminosityMatch m = match_luminosity(in, 1e6, 1.0, 1e3, 1e9);
    ASSERT_TRUE(m.luminosity_pb.has_value());
    EXPECT_EQ(*m.luminosity_pb, 1e3);
}
}  // namespace fathom
