// The weight spectrum (quarter-octave bins of |w|) and the unweighting maximum weight from it.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "fathom/pipeline/WeightSpectrum.hh"
#include "run/RunSummary.hh"

namespace fathom
{
TEST(WeightSpectrum, BinsAreQuarterOctaves)
{
    for (size_type k = 1; k + 1 < weight_spectrum_bins; k += 37)
    {
        double const lo = weight_spectrum_lower_edge(k);
        EXPECT_EQ(weight_spectrum_bin(lo * (1 + 1e-12)), k) << k;
        EXPECT_EQ(weight_spectrum_bin(lo * (1 - 1e-12)), k - 1) << k;
        EXPECT_NEAR(weight_spectrum_lower_edge(k + 1) / lo, std::pow(2.0, 0.25), 1e-14);
    }
    EXPECT_EQ(weight_spectrum_bin(1.0), 128u * 4);
    EXPECT_EQ(weight_spectrum_bin(-1.0), 128u * 4);  // |w|
    EXPECT_EQ(weight_spectrum_bin(0.0), 0u);
    EXPECT_EQ(weight_spectrum_bin(1e-300), 0u);
    EXPECT_EQ(weight_spectrum_bin(1e300), weight_spectrum_bins - 1);
}

TEST(WeightSpectrum, ReducedMaxWeightCutsTheTail)
{
    // 1000 events of weight 1 and one of weight 100: the single event carries 100/1100 = 9%
    std::vector<double> s(weight_spectrum_bins, 0.0);
    s[weight_spectrum_bin(1.0)] += 1000;
    s[weight_spectrum_bin(100.0)] += 100;
    // a 10% tail allows capping below the big event: w* is the upper edge of the weight-1 bin
    double const w10 = reduced_max_weight(s, 0.1, 100.0);
    EXPECT_NEAR(w10, std::pow(2.0, 0.25), 1e-12);
    // a 1e-3 tail does not: w* is the big event's own bin edge, never above the true maximum
    double const w3 = reduced_max_weight(s, 1e-3, 100.0);
    EXPECT_EQ(w3, 100.0);
    EXPECT_EQ(reduced_max_weight(std::vector<double>(weight_spectrum_bins, 0.0), 1e-3, 0.0), 0.0);
}
}  // namespace fathom
