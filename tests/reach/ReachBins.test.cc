#include "reach/ReachBins.hh"
#include "reach/ExpectedLimits.hh"

#include <cmath>

#include <gtest/gtest.h>

#include "run/InputError.hh"

namespace fathom
{
namespace
{
TEST(ReachBins, drops_empty_bins_floors_signal_only_bins_keeps_the_rest)
{
    ReachInput in;
    in.signal = {1, 0, 2, 0, 3, 0};
    in.background = {10, 0, 0, 5, 0, -1};  // a negative bin without signal is dropped
    in.background_variance = {1, 0, 0.3, 0.2, 0.4, 0.1};
    in.g_ref = 2e-4;
    in.background_norm_uncertainty = 0.1;
    ReachBins const bins = make_reach_bins(in);
    ASSERT_EQ(4u, bins.size());
    EXPECT_EQ((std::vector<std::size_t>{0, 2, 3, 4}), bins.source_bin);
    EXPECT_EQ((std::vector<double>{1, 2, 0, 3}), bins.signal);
    EXPECT_EQ((std::vector<double>{10, default_background_floor, 5, default_background_floor}),
              bins.background);
    // A floored bin has no meaningful relative MC error: its variance is dropped.
    EXPECT_EQ((std::vector<double>{1, 0, 0.2, 0}), bins.background_variance);
    EXPECT_EQ(2u, bins.dropped_bins);
    EXPECT_EQ(2u, bins.floored_bins);
    EXPECT_EQ(2e-4, bins.g_ref);
    EXPECT_EQ(0.1, bins.background_norm_uncertainty);
    EXPECT_EQ(1e-3, make_reach_bins(in, 1e-3).background[1]);
}

TEST(ReachBins, rejects_bad_input)
{
    ReachInput good;
    good.signal = {1};
    good.background = {2};
    good.background_variance = {0.1};
    EXPECT_NO_THROW(make_reach_bins(good));
    auto bad = [&](auto change) {
        ReachInput in = good;
        change(in);
        EXPECT_THROW(make_reach_bins(in), InputError);
    };
    bad([](ReachInput& in) { in.background.push_back(1); });
    bad([](ReachInput& in) { in.signal[0] = -1; });
    bad([](ReachInput& in) { in.signal[0] = NAN; });
    bad([](ReachInput& in) { in.background[0] = INFINITY; });
    bad([](ReachInput& in) { in.background_variance[0] = -1e-9; });
    bad([](ReachInput& in) { in.g_ref = 0; });
    bad([](ReachInput& in) { in.background_norm_uncertainty = 1; });
    bad([](ReachInput& in) { in.background_norm_uncertainty = -0.1; });
    bad([](ReachInput& in) {
        in.signal = {0};
        in.background = {0};
    });
    bad([](ReachInput& in) { in.empty_bin_background = -1; });
    // a negative background where there is signal, or a negative total, is not a background
    bad([](ReachInput& in) { in.background[0] = -0.5; });
    bad([](ReachInput& in) {
        in.signal = {1, 0};
        in.background = {1, -3};
        in.background_variance = {0.1, 0.1};
    });
    bad([](ReachInput& in) { in.empty_bin_background = NAN; });
    EXPECT_THROW(make_reach_bins(good, 0), InputError);
}

TEST(ReachBins, empty_bins_get_one_typical_event_with_full_error)
{
    // a scan's bins without background MC events: b = w, v = w^2 (ReachBins.hh)
    ReachInput in;
    in.signal = {3, 5, 0};
    in.background = {100, 0, 0};
    in.background_variance = {4, 0, 0};
    in.empty_bin_background = 250;
    ReachBins b = make_reach_bins(in);
    ASSERT_EQ(b.size(), 2u);
    EXPECT_EQ(b.background[1], 250.0);
    EXPECT_EQ(b.background_variance[1], 250.0 * 250.0);
    EXPECT_EQ(b.background[0], 100.0);  // filled bins are untouched
    EXPECT_EQ(b.floored_bins, 1u);
    EXPECT_EQ(b.dropped_bins, 1u);
    // the limit of such a bin is far weaker than with the tiny floor: 5 events over ~250 +- 250
    ReachInput tiny = in;
    tiny.empty_bin_background = 0;
    EXPECT_GT(expected_upper_limits(b).median_mu_up(), 3 * expected_upper_limits(make_reach_bins(tiny)).median_mu_up());
}
}  // namespace
}  // namespace fathom
