// The radiative-Bhabha background through the pipeline with the analysis cuts (RAMBO): every
// weight finite, cuts respected, histograms adding up to the cross section.
#include <cmath>

#include <gtest/gtest.h>

#include "run/RunCard.hh"
#include "run/RunDriver.hh"

namespace fathom
{
TEST(RadiativeBhabha, AnalysisCutsRunCleanly)
{
    RunSpec spec = read_run_card(FATHOM_SOURCE_DIR "/configs/ee_eeaa_belle2_rambo.toml");
    spec.events = 20'000;
    RunOutcome o = simulate(spec);
    EXPECT_EQ(o.summary.nonfinite_weights, 0u);
    EXPECT_GT(o.summary.events_accepted, spec.events / 2);
    double sigma = o.summary.cross_section_pb;
    ASSERT_GT(sigma, 0);
    std::printf("ee_eeaa with the analysis cuts, RAMBO, 2e4 events: %.4g +- %.2g pb, efficiency %.3f\n",
                sigma, o.summary.cross_section_error_pb, o.summary.efficiency);
    for (auto const& h : o.histograms)
    {
        double total = 0;
        for (double v : h.values)
            total += v;
        EXPECT_NEAR(total, sigma, 1e-12 * sigma) << h.spec.name;
    }
    // t+ and t- are negative, s+ and s- positive: the 4D histogram's flow bins on the wrong
    // side stay empty
    auto const& h4 = o.histograms[0];
    ASSERT_EQ(h4.spec.axes.size(), 4u);
    std::size_t n = 12;  // 10 bins + 2 flow bins per axis
    for (std::size_t i = 0; i < n; ++i)
    {
        for (std::size_t j = 0; j < n; ++j)
        {
            for (std::size_t k = 0; k < n; ++k)
            {
                // t+ overflow (t+ >= 0) and s- underflow (s- < 0) are impossible
                EXPECT_EQ(h4.values[((11 * n + i) * n + j) * n + k], 0.0);
                EXPECT_EQ(h4.values[((i * n + j) * n + k) * n + 0], 0.0);
            }
        }
    }
}

TEST(RadiativeBhabha, SingleRadiativeRuns)
{
    RunSpec spec = read_run_card(FATHOM_SOURCE_DIR "/configs/ee_eeaa_belle2_rambo.toml");
    spec.process = "ee_eea";
    spec.events = 20'000;
    spec.histograms.resize(0);
    RunOutcome o = simulate(spec);
    EXPECT_EQ(o.summary.nonfinite_weights, 0u);
    EXPECT_GT(o.summary.cross_section_pb, 0);
}
}  // namespace fathom
