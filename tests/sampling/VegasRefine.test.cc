// VegasRefine: the three steps on hand-computed inputs, end points, monotonicity, determinism.
#include "fathom/sampling/VegasRefine.hh"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "VegasTestSupport.hh"

namespace fathom::test
{
namespace
{
//! Fill an accumulator with given per-bin means (one sample of weight 1 per bin).
HostAccumulator from_means(size_type ndim, std::vector<double> const& means)
{
    size_type const bins = static_cast<size_type>(means.size());
    HostAccumulator acc(ndim, bins);
    for (size_type d = 0; d < ndim; ++d)
    {
        for (size_type i = 0; i < bins; ++i)
        {
            add(acc.value[d * bins + i], means[i]);
            add(acc.weight[d * bins + i], 1.0);
        }
    }
    return acc;
}

void expect_valid_refined(HostGrid const& g)
{
    for (size_type d = 0; d < g.ndim; ++d)
    {
        real_type const* e = g.params().dim_edges(d);
        EXPECT_EQ(e[0], 0.0);
        EXPECT_EQ(e[g.bins], 1.0);
        for (size_type i = 0; i < g.bins; ++i)
            ASSERT_LT(e[i], e[i + 1]) << "dim " << d << " edge " << i;
    }
    EXPECT_TRUE(valid_vegas_grid(g.params()));
}
}  // namespace

TEST(VegasRefine, SmoothingKernel)
{
    std::vector<double> d = {8, 0, 0, 16, 8};
    vegas_smooth(d.data(), 5);
    // (7*8 + 0)/8, (8 + 0 + 0)/8, (0 + 0 + 16)/8, (0 + 96 + 8)/8, (16 + 56)/8
    EXPECT_EQ(d, (std::vector<double>{7, 1, 2, 13, 9}));
    std::vector<double> two = {8, 16};
    vegas_smooth(two.data(), 2);
    EXPECT_EQ(two, (std::vector<double>{9, 15}));
    std::vector<double> one = {3};
    vegas_smooth(one.data(), 1);
    EXPECT_EQ(one[0], 3.0);
}

TEST(VegasRefine, Compression)
{
    std::vector<double> d = {1, 0, 3, 4};
    ASSERT_TRUE(vegas_compress(d.data(), 4, 1.0));
    EXPECT_DOUBLE_EQ(d[0], (1 - 0.125) / std::log(8.0));
    EXPECT_EQ(d[1], 0.0);
    EXPECT_DOUBLE_EQ(d[2], (1 - 0.375) / std::log(8.0 / 3));
    EXPECT_DOUBLE_EQ(d[3], 0.5 / std::log(2.0));
    // alpha is an exponent of the same ratio
    std::vector<double> h = {1, 0, 3, 4};
    ASSERT_TRUE(vegas_compress(h.data(), 4, 0.5));
    EXPECT_DOUBLE_EQ(h[3], std::sqrt(0.5 / std::log(2.0)));
    // all weight in one bin: the limit 1, not 0/0
    std::vector<double> single = {0, 5, 0};
    ASSERT_TRUE(vegas_compress(single.data(), 3, 0.5));
    EXPECT_EQ(single, (std::vector<double>{0, 1, 0}));
    // nothing to learn from: untouched
    std::vector<double> zero = {0, 0};
    EXPECT_FALSE(vegas_compress(zero.data(), 2, 0.5));
    std::vector<double> inf = {1, INFINITY};
    EXPECT_FALSE(vegas_compress(inf.data(), 2, 0.5));
    EXPECT_EQ(inf[0], 1.0);
}

TEST(VegasRefine, PlacesEdgesAtEqualShares)
{
    // uniform old grid, d = {1, 1, 2, 4}: shares of 2 end at 0.5, 0.75 and half-way into
    // the last bin (all exact binary fractions)
    std::vector<double> e = {0, 0.25, 0.5, 0.75, 1}, d = {1, 1, 2, 4}, out(5);
    vegas_place_edges(e.data(), d.data(), 4, out.data());
    EXPECT_EQ(out, (std::vector<double>{0, 0.5, 0.75, 0.875, 1}));
    // non-uniform old grid, empty bins are skipped
    std::vector<double> e2 = {0, 0.5, 0.625, 1}, d2 = {0, 3, 0}, out2(4);
    vegas_place_edges(e2.data(), d2.data(), 3, out2.data());
    EXPECT_EQ(out2, (std::vector<double>{0, 0.5 + 0.125 / 3, 0.5 + 0.25 / 3, 1}));
    // every new bin holds the same share of the piecewise-uniform density
    HostGrid g = HostGrid::random(1, 200, 9);
    std::vector<double> w(200), placed(201);
    std::mt19937_64 gen(1);
    std::exponential_distribution<double> ex(1.0);
    double total = 0;
    for (auto& v : w)
        total += (v = ex(gen) * ex(gen));
    vegas_place_edges(g.edges.data(), w.data(), 200, placed.data());
    auto cumulative = [&](double x) {  // integral of the density from 0 to x
        double c = 0;
        for (int i = 0; i < 200; ++i)
        {
            double lo = g.edges[i], hi = g.edges[i + 1];
            if (x >= hi)
                c += w[i];
            else if (x > lo)
                c += w[i] * (x - lo) / (hi - lo);
        }
        return c;
    };
    for (int k = 0; k <= 200; ++k)
        EXPECT_NEAR(cumulative(placed[k]), total * k / 200, 1e-12 * total);
}

TEST(VegasRefine, UniformDataKeepsTheUniformGrid)
{
    HostGrid g = HostGrid::uniform(3, 64);
    HostAccumulator acc = from_means(3, std::vector<double>(64, 2.5));
    VegasRefine const refine({0.5});
    std::vector<double> scratch(VegasRefine::scratch_size(64));
    EXPECT_EQ(refine.refine_grid(acc.view(), g.edges.data(), scratch.data()), 3u);
    HostGrid u = HostGrid::uniform(3, 64);
    for (std::size_t c = 0; c < g.edges.size(); ++c)
        EXPECT_NEAR(g.edges[c], u.edges[c], 64 * 4e-16);
    expect_valid_refined(g);
}

TEST(VegasRefine, NothingToLearnLeavesTheGridUntouched)
{
    HostGrid g = HostGrid::random(2, 32, 10);
    HostGrid const before = g;
    std::vector<double> scratch(VegasRefine::scratch_size(32));
    HostAccumulator empty(2, 32);
    EXPECT_EQ(VegasRefine({0.5}).refine_grid(empty.view(), g.edges.data(), scratch.data()), 0u);
    HostAccumulator zeros = from_means(2, std::vector<double>(32, 0.0));  // f = 0 everywhere
    EXPECT_EQ(VegasRefine({0.5}).refine_grid(zeros.view(), g.edges.data(), scratch.data()), 0u);
    std::vector<double> means(32, 1.0);
    means[3] = 1000;
    HostAccumulator peaked = from_means(2, means);
    EXPECT_EQ(VegasRefine({0.0}).refine_grid(peaked.view(), g.edges.data(), scratch.data()), 0u);
    EXPECT_TRUE(same_bits(g.edges, before.edges));
}

TEST(VegasRefine, ExtremeDataKeepsEndPointsAndStrictOrder)
{
    // all the weight in one bin of a grid whose bins are already ~1e-9 wide there, repeated:
    // the edges crowd together but stay strictly increasing with exact end points
    size_type const bins = 1024;
    HostGrid g = HostGrid::uniform(2, bins);
    std::vector<double> scratch(VegasRefine::scratch_size(bins));
    for (int iter = 0; iter < 40; ++iter)
    {
        VegasMap const map(g.params());
        real_type x[2] = {1e-300, 1.0};  // peaks at both ends
        real_type y[2];
        size_type bin[2];
        map.inverse(x, y, bin);
        HostAccumulator acc(2, bins);
        for (size_type d = 0; d < 2; ++d)
        {
            add(acc.value[d * bins + bin[d]], 1e30);
            add(acc.weight[d * bins + bin[d]], 1.0);
        }
        VegasRefine({2.0}).refine_grid(acc.view(), g.edges.data(), scratch.data());
        expect_valid_refined(g);
    }
    EXPECT_LT(g.edges[bins / 2], 1e-6);                   // dimension 0 piled up at 0
    EXPECT_GT(g.edges[(bins + 1) + bins / 2], 1 - 1e-6);  // dimension 1 piled up at 1
}

TEST(VegasRefine, SameSumsGiveSameBits)
{
    size_type const bins = 500;
    HostAccumulator acc(3, bins);
    std::mt19937_64 gen(77);
    std::lognormal_distribution<double> v(0.0, 3.0);
    for (std::size_t c = 0; c < acc.value.size(); ++c)
    {
        for (int k = 0; k < 5; ++k)
        {
            add(acc.value[c], v(gen));
            add(acc.weight[c], 1.0);
        }
    }
    HostAccumulator const copy = acc;
    HostGrid a = HostGrid::random(3, bins, 1), b = a;
    std::vector<double> scratch_a(VegasRefine::scratch_size(bins), 0.0);
    std::vector<double> scratch_b(VegasRefine::scratch_size(bins), -7.0);  // scratch contents irrelevant
    VegasRefine({0.7}).refine_grid(acc.view(), a.edges.data(), scratch_a.data());
    HostAccumulator acc_b = copy;
    // dimensions refined in another order, as parallel device threads may
    for (size_type d : {2u, 0u, 1u})
        VegasRefine({0.7})(acc_b.view(), d, b.edges.data(), scratch_b.data());
    EXPECT_TRUE(same_bits(a.edges, b.edges));
    EXPECT_TRUE(same_bits(acc, copy));  // refinement does not touch the sums
    expect_valid_refined(a);
}
}  // namespace fathom::test
