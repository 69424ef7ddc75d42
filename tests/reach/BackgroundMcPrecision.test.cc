#include "reach/BackgroundMcPrecision.hh"

#include <cmath>

#include <gtest/gtest.h>

#include "ReachTestSupport.hh"

namespace fathom
{
namespace
{
TEST(BackgroundMcPrecision, ratios_over_the_signal_bins)
{
    ReachInput in;
    in.signal = {1, 2, 0, 3};
    in.background = {100, 4, 1, 25};
    in.background_variance = {4, 1, 50, 0};  // bin 2 has no signal: ignored
    ReachBins const bins = make_reach_bins(in);
    BackgroundMcPrecision const p = background_mc_precision(bins);
    EXPECT_DOUBLE_EQ(0.5, p.max_bin_ratio);  // sqrt(1 / 4)
    EXPECT_EQ(1u, p.worst_bin);
    EXPECT_DOUBLE_EQ(std::sqrt(5.0 / 129), p.summed_ratio);
    // w = s^2 / b = 0.01, 1, 0.36; r^2 = 0.04, 0.25, 0.
    double const w = 0.01 * 0.04 + 1 * 0.25;
    EXPECT_DOUBLE_EQ(std::sqrt(w / 1.37), p.weighted_ratio);
    EXPECT_TRUE(p.warning);  // 0.43 > 0.3
}

TEST(BackgroundMcPrecision, precise_background_gives_no_warning)
{
    BackgroundMcPrecision const p =
        background_mc_precision(test::make_bins({1, 2}, {100, 50}, {1, 4}));
    EXPECT_NEAR(std::sqrt(0.08), p.max_bin_ratio, 1e-15);
    EXPECT_LT(p.weighted_ratio, BackgroundMcPrecision::warning_threshold);
    EXPECT_FALSE(p.warning);
    EXPECT_FALSE(background_mc_precision(test::make_bins({1}, {10})).warning);
}
}  // namespace
}  // namespace fathom
