// The analysis-aware importance map: h_i proportional to s_i / b_i with its floor and pilot-noise
// guard, normalised to sum b h = sum b; and the optimality it is built on (the r^2 N formula of
// AnalysisImportanceMap.hh is smallest at h = s / b).
#include "scan/AnalysisImportanceMap.hh"

#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

#include <gtest/gtest.h>

namespace fathom
{
namespace
{
//! r^2 N of a sampler following f h piecewise (AnalysisImportanceMap.hh): the quantity the map
//! minimises, computed from its definition bin by bin.
double r2n(std::vector<double> const& s, std::vector<double> const& b, std::vector<double> const& h)
{
    double sum_bh = 0, num = 0, den = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
        sum_bh += b[i] * h[i];
    for (std::size_t i = 0; i < s.size(); ++i)
    {
        if (!(s[i] > 0 && b[i] > 0))
            continue;
        double const v_times_n = b[i] * sum_bh / h[i];  // bin i's MC variance x N
        num += s[i] * s[i] / b[i] * v_times_n / b[i];
        den += s[i] * s[i] / b[i];
    }
    return num / den;
}

double sum(std::vector<double> const& v)
{
    return std::accumulate(v.begin(), v.end(), 0.0);
}
}  // namespace

TEST(AnalysisImportanceMap, ProportionalToSignalOverBackgroundAboveTheFloor)
{
    std::vector<double> const s{0, 1, 4, 0.001, 0};
    std::vector<double> const b{10, 2, 1, 1, 6};
    ImportanceMapOptions o;
    o.floor = 0.1;
    auto const h = analysis_importance_map(s, b, o);
    ASSERT_EQ(h.size(), s.size());
    // mean s/b = 5.001 / 20; floor = 0.1 x that; before normalisation: 0.025, 0.5, 4, 0.025, 0.025
    double const floor = 0.1 * 5.001 / 20;
    EXPECT_NEAR(h[2] / h[1], 8.0, 1e-12);
    EXPECT_NEAR(h[0] / h[1], floor / 0.5, 1e-12);  // no signal: the floor
    EXPECT_NEAR(h[3] / h[1], floor / 0.5, 1e-12);  // s/b = 0.001 below the floor
    EXPECT_NEAR(h[4] / h[1], floor / 0.5, 1e-12);
    double bh = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
        bh += b[i] * h[i];
    EXPECT_NEAR(bh, sum(b), 1e-12 * sum(b));  // training weights keep f's scale
}

TEST(AnalysisImportanceMap, PilotNoiseCannotSendAFactorToInfinity)
{
    std::vector<double> const s{1, 1, 1};
    std::vector<double> const b{0, 1e-9, 1};  // bins 0 and 1: no or one tiny pilot event
    ImportanceMapOptions o;
    o.min_background = 0.5;
    auto const h = analysis_importance_map(s, b, o);
    EXPECT_NEAR(h[0] / h[2], 2.0, 1e-12);
    EXPECT_NEAR(h[1] / h[2], 2.0, 1e-12);
    for (double x : h)
        EXPECT_TRUE(std::isfinite(x) && x > 0);
}

TEST(AnalysisImportanceMap, NoSignalOrNoBackgroundLeavesPlainSampling)
{
    EXPECT_EQ(analysis_importance_map({0, 0}, {1, 2}, {}), (std::vector<double>{1, 1}));
    EXPECT_EQ(analysis_importance_map({1, 2}, {0, 0}, {}), (std::vector<double>{1, 1}));
}

TEST(AnalysisImportanceMap, RefusesBadInput)
{
    EXPECT_THROW(analysis_importance_map({1, 2}, {1}, {}), std::invalid_argument);
    EXPECT_THROW(analysis_importance_map({1, -1}, {1, 1}, {}), std::invalid_argument);
    EXPECT_THROW(analysis_importance_map({1, NAN}, {1, 1}, {}), std::invalid_argument);
    EXPECT_THROW(analysis_importance_map({1, 1}, {1, INFINITY}, {}), std::invalid_argument);
    ImportanceMapOptions o;
    o.floor = 0;
    EXPECT_THROW(analysis_importance_map({1, 1}, {1, 1}, o), std::invalid_argument);
}

// The formula the map rests on: with a tiny floor, r^2 N at h = s / b equals the Cauchy-Schwarz
// bound (sum s)^2 / sum s^2 / b, plain sampling (h = 1) gives sum b, and no random map does
// better than the built one.
TEST(AnalysisImportanceMap, MinimisesTheSensitivityWeightedMcVariance)
{
    std::mt19937_64 rng(3);
    std::lognormal_distribution<double> spread(0.0, 2.0);
    std::size_t const n = 200;
    std::vector<double> s(n), b(n);
    for (std::size_t i = 0; i < n; ++i)
    {
        s[i] = spread(rng);
        b[i] = spread(rng);
    }
    ImportanceMapOptions o;
    o.floor = 1e-12;
    auto const h = analysis_importance_map(s, b, o);
    double s2b = 0;
    for (std::size_t i = 0; i < n; ++i)
        s2b += s[i] * s[i] / b[i];
    double const bound = sum(s) * sum(s) / s2b;
    EXPECT_NEAR(r2n(s, b, h), bound, 1e-9 * bound);
    EXPECT_NEAR(r2n(s, b, std::vector<double>(n, 1.0)), sum(b), 1e-9 * sum(b));
    std::uniform_real_distribution<double> jitter(0.5, 2.0);
    for (int trial = 0; trial < 100; ++trial)
    {
        std::vector<double> other = h;
        for (double& x : other)
            x *= jitter(rng);
        EXPECT_GE(r2n(s, b, other), bound * (1 - 1e-12));
    }
}
}  // namespace fathom
