// VEGAS+ stratification: event -> cube and weight, stratified estimate, reallocation, and
// the gain over the VEGAS map alone on integrands that are not separable or have sharp faces.
#include "fathom/sampling/VegasStrata.hh"

#include <cmath>
#include <cstdio>
#include <vector>

#include <gtest/gtest.h>

#include "fathom/sampling/VegasStrataAccumulator.hh"
#include "fathom/sampling/VegasStrataAllocate.hh"

#include "VegasIntegrands.hh"

namespace fathom::test
{
namespace
{
//! Cube sums from listed f J values per cube.
struct CubeSums
{
    std::vector<ExactSum> s1, s2;
    std::vector<std::uint64_t> offsets{0};

    explicit CubeSums(std::vector<std::vector<double>> const& values)
        : s1(values.size()), s2(values.size())
    {
        VegasStrataAccumulator<PrivateFill> const add_cube(view());
        for (std::size_t h = 0; h < values.size(); ++h)
        {
            for (double v : values[h])
                EXPECT_TRUE(add_cube(h, v));
            offsets.push_back(offsets.back() + values[h].size());
        }
    }
    VegasStrataSumsView view() { return {s1.size(), s1.data(), s2.data()}; }
};
}  // namespace

TEST(VegasStrata, StrataPerDimension)
{
    EXPECT_EQ(vegas_strata_per_dim(50'000, 4), 10u);  // 10^4 <= 12500 < 11^4
    EXPECT_EQ(vegas_strata_per_dim(3, 2), 1u);
    EXPECT_EQ(vegas_strata_per_dim(400, 1), 100u);
    EXPECT_EQ(vegas_strata_per_dim(1'000'000'000'000, 16), 2u);  // 2^16 <= 2^24 < 3^16
    EXPECT_EQ(vegas_strata_per_dim(1'000'000'000'000, 16, 1ull << 26), 3u);  // 3^16 <= 2^26
}

TEST(VegasStrata, UniformAllocationSamplesEveryCube)
{
    std::vector<std::uint64_t> offsets(10);
    fill_uniform_vegas_strata(offsets.data(), 9, 4);  // 3 x 3 cubes, 4 events each
    VegasStrataSampler const sample({2, 3, 9, offsets.data()});
    for (std::uint64_t k = 0; k < 36; ++k)
    {
        PhiloxStream rng(1, k);
        real_type y[2];
        std::uint64_t cube;
        EXPECT_EQ(sample(rng, k, y, &cube), 1.0);  // N / (n_h cubes) = 36 / 36
        EXPECT_EQ(cube, k / 4);
        EXPECT_GT(y[0], (cube % 3) / 3.0);
        EXPECT_LE(y[0], (cube % 3 + 1) / 3.0);
        EXPECT_GT(y[1], (cube / 3) / 3.0);
        EXPECT_LE(y[1], (cube / 3 + 1) / 3.0);
    }
}

TEST(VegasStrata, WeightsUndoTheAllocation)
{
    // 2 x 2 cubes with 2, 5, 0, 3 events: cube 2 is empty, so skipped
    std::vector<std::uint64_t> offsets = {0, 2, 7, 7, 10};
    VegasStrataSampler const sample({2, 2, 4, offsets.data()});
    std::vector<std::uint64_t> expect_cube = {0, 0, 1, 1, 1, 1, 1, 3, 3, 3};
    std::vector<double> n_h = {2, 5, 0, 3};
    double total = 0;
    for (std::uint64_t k = 0; k < 10; ++k)
    {
        PhiloxStream rng(2, k);
        real_type y[2];
        std::uint64_t cube;
        real_type const w = sample(rng, k, y, &cube);
        EXPECT_EQ(cube, expect_cube[k]);
        EXPECT_EQ(w, 10 / (n_h[cube] * 4));
        total += w;
    }
    // sum_h n_h V_h N / n_h = N (volume of the sampled cubes): the empty cube's quarter is
    // missing, which is why the allocator never leaves a cube empty
    EXPECT_NEAR(total, 10.0 * 3 / 4, 1e-14);
}

TEST(VegasStrata, StratifiedEstimate)
{
    // cube 0: {1, 3} mean 2, variance 2; cube 1: {2, 2, 5} mean 3, variance 3; V_h = 1/2
    CubeSums c({{1, 3}, {2, 2, 5}});
    VegasStrataEstimate const e = vegas_strata_estimate(c.view(), c.offsets.data());
    EXPECT_DOUBLE_EQ(e.mean, 2.5);
    EXPECT_DOUBLE_EQ(e.variance, 0.25 * (2.0 / 2 + 3.0 / 3));
    VegasCubeMoments const constant = vegas_cube_moments(c.s1[0], c.s1[0], 1);
    EXPECT_EQ(constant.variance, 0.0);  // one sample: no variance
}

TEST(VegasStrata, AllocationFollowsTheSpread)
{
    // sigma_h = 0, 2, 6 ({x - c, x, x + c} has variance c^2)
    std::vector<std::vector<double>> const values = {{1, 1}, {0, 2, 4}, {0, 6, 12}};
    {
        CubeSums c(values);
        // beta = 1: spare 20 - 2*3 = 14 shared 0 : 2 : 6 -> floor(0), floor(3.5), floor(10.5)
        EXPECT_EQ(allocate_vegas_strata(c.view(), c.offsets.data(), 20, {1.0, 2}), 19u);
        EXPECT_EQ(c.offsets, (std::vector<std::uint64_t>{0, 2, 7, 19}));
    }
    {
        CubeSums c(values);  // beta = 0: uniform, floor(14 / 3) = 4 extra each
        EXPECT_EQ(allocate_vegas_strata(c.view(), c.offsets.data(), 20, {0.0, 2}), 18u);
        EXPECT_EQ(c.offsets, (std::vector<std::uint64_t>{0, 6, 12, 18}));
    }
    {
        CubeSums c({{1, 1}, {2, 2, 2}, {5, 5, 5}});  // f J constant in each cube: uniform
        EXPECT_EQ(allocate_vegas_strata(c.view(), c.offsets.data(), 20, {}), 18u);
    }
    {
        CubeSums c(values);  // fewer events than the floor: every cube keeps its minimum
        EXPECT_EQ(allocate_vegas_strata(c.view(), c.offsets.data(), 4, {}), 6u);
        CubeSums d(values);  // min_per_cube below 2 is raised to 2
        EXPECT_EQ(allocate_vegas_strata(d.view(), d.offsets.data(), 4, {0.75, 0}), 6u);
    }
    {
        CubeSums a(values), b(values);  // deterministic, total never above the request
        allocate_vegas_strata(a.view(), a.offsets.data(), 1001, {});
        allocate_vegas_strata(b.view(), b.offsets.data(), 1001, {});
        EXPECT_EQ(a.offsets, b.offsets);
        EXPECT_LE(a.offsets.back(), 1001u);
        EXPECT_GE(a.offsets.back(), 1001u - 3);
    }
}

namespace
{
struct StrataCase
{
    Integrand integrand;
    std::uint64_t n;
    double min_gain;  //!< asserted per-event variance ratio VEGAS / VEGAS+
};

/*!
 * VEGAS+ and VEGAS (the same map, one cube) on the same events per iteration. Every
 * cube is sampled from iteration 0, so unlike plain MC the stratified error estimate is
 * usable from the first iteration and is used for all pulls (measured max |pull| per run
 * over all 11 estimates: median 1.8, largest 3.7 in 300 runs for the two peaks and 4.0 in
 * 200 for the inverse peaks, about what 2200-3300 normal pulls give). Gain: per-event
 * variance (variance of the mean x events) in production.
 */
void check_stratified(StrataCase const& c, std::uint64_t seed)
{
    Integrand const& in = c.integrand;
    size_type const per_dim = vegas_strata_per_dim(c.n, in.ndim);
    StratifiedRun const plus = adapt_stratified(in, 256, c.n, 10, 4 * c.n, seed, per_dim);
    StratifiedRun const plain = adapt_stratified(in, 256, c.n, 10, 4 * c.n, seed, 1);
    std::printf("%s, d = %u, %u^%u cubes: exact %.6f\n", in.name.c_str(), in.ndim, per_dim,
                in.ndim, in.exact);
    auto check = [&](char const* what, std::uint64_t n, VegasStrataEstimate const& e,
                     VegasStrataEstimate const& p) {
        double const err = std::sqrt(e.variance);
        double const pull = (e.mean - in.exact) / err;
        std::printf("  %-10s n %7llu  VEGAS+ %.6f +- %.2e (pull %+.2f)  VEGAS %.6f +- %.2e\n",
                    what, static_cast<unsigned long long>(n), e.mean, err, pull, p.mean,
                    std::sqrt(p.variance));
        EXPECT_LT(std::fabs(pull), 4) << in.name << ' ' << what;
        EXPECT_LE(n, c.n * (std::string(what) == "production" ? 4 : 1));
    };
    for (std::size_t it = 0; it < plus.iterations.size(); ++it)
    {
        std::string const what = "iter " + std::to_string(it);
        check(what.c_str(), plus.events[it], plus.iterations[it], plain.iterations[it]);
    }
    check("production", plus.production_events, plus.production, plain.production);
    double const gain = (plain.production.variance * plain.production_events)
                        / (plus.production.variance * plus.production_events);
    std::printf("  per-event variance VEGAS / VEGAS+: %.4g (asserted > %g); plain MC / VEGAS+: "
                "%.4g\n",
                gain, c.min_gain,
                in.uniform_variance() / (plus.production.variance * plus.production_events));
    EXPECT_GT(gain, c.min_gain) << in.name;
}
}  // namespace

// Thresholds: 0.7 x the smallest gain measured with seeds 1001..1300 (two peaks: 41.3,
// median 88) and 1001..1200 (inverse: 70.7, median 85).

TEST(VegasStrata, TwoPeaksGainOverTheMapAlone)
{
    check_stratified({two_peaks(4, 0.05), 50'000, 28}, 2031);
}

TEST(VegasStrata, InversePeaksGainOverTheMapAlone)
{
    check_stratified({inverse_peak(4, 3e-2), 100'000, 49}, 2032);
}

TEST(VegasStrata, BitIdenticalForAnyThreading)
{
    Integrand const in = two_peaks(3, 0.05);
    StratifiedRun const a = adapt_stratified(in, 128, 20'000, 4, 20'000, 9, 8, {}, 1);
    StratifiedRun const b = adapt_stratified(in, 128, 20'000, 4, 20'000, 9, 8, {}, 3);
    EXPECT_TRUE(same_bits(a.grid.edges, b.grid.edges));
    EXPECT_EQ(a.events, b.events);
    for (std::size_t it = 0; it < a.iterations.size(); ++it)
    {
        EXPECT_EQ(a.iterations[it].mean, b.iterations[it].mean);
        EXPECT_EQ(a.iterations[it].variance, b.iterations[it].variance);
    }
    EXPECT_EQ(a.production.mean, b.production.mean);
}
}  // namespace fathom::test
