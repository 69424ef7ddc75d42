// VegasMap: identity for a uniform grid, exact inverse, Jacobian = derivative, density = 1/J.
#include "fathom/sampling/VegasMap.hh"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>

#include <gtest/gtest.h>

#include "fathom/random/PhiloxStream.hh"

#include "VegasTestSupport.hh"

namespace fathom::test
{
namespace
{
constexpr double eps = std::numeric_limits<double>::epsilon();
}

TEST(VegasGrid, UniformGridIsValidAndRejectsBrokenGrids)
{
    HostGrid g = HostGrid::uniform(3, 10);
    EXPECT_TRUE(valid_vegas_grid(g.params()));
    for (size_type d = 0; d < 3; ++d)
    {
        EXPECT_EQ(g.params().dim_edges(d)[0], 0.0);
        EXPECT_EQ(g.params().dim_edges(d)[10], 1.0);
    }
    HostGrid bad = g;
    bad.edges[11 + 4] = bad.edges[11 + 5];  // zero-width bin in dimension 1
    EXPECT_FALSE(valid_vegas_grid(bad.params()));
    bad = g;
    bad.edges[22 + 10] = std::nextafter(1.0, 0.0);  // end point not exactly 1
    EXPECT_FALSE(valid_vegas_grid(bad.params()));
    bad = g;
    bad.edges[3] = std::nan("");
    EXPECT_FALSE(valid_vegas_grid(bad.params()));
    EXPECT_FALSE(valid_vegas_grid({max_vegas_dims + 1, 10, g.edges.data()}));
    EXPECT_FALSE(valid_vegas_grid({3, 0, g.edges.data()}));
    EXPECT_TRUE(valid_vegas_grid(HostGrid::random(max_vegas_dims, 1024, 5).params()));
}

TEST(VegasMap, UniformGridIsTheIdentityWithUnitJacobian)
{
    // N a power of two: every step is exact, so x == y bit for bit and J == 1.
    HostGrid g = HostGrid::uniform(4, 1024);
    VegasMap const map(g.params());
    for (std::uint64_t i = 0; i < 20000; ++i)
    {
        PhiloxStream rng(11, i);
        real_type y[4], x[4];
        size_type bin[4];
        for (auto& v : y)
            v = rng.uniform();
        EXPECT_EQ(map(y, x, bin), 1.0);
        for (int d = 0; d < 4; ++d)
        {
            ASSERT_EQ(x[d], y[d]);
            ASSERT_EQ(bin[d], std::min<size_type>(static_cast<size_type>(y[d] * 1024), 1023));
        }
    }
    // N = 1000: i/N and y N round, so x = y and J = 1 to a few ulp.
    HostGrid h = HostGrid::uniform(2, 1000);
    VegasMap const map2(h.params());
    for (std::uint64_t i = 0; i < 20000; ++i)
    {
        PhiloxStream rng(12, i);
        real_type y[2] = {rng.uniform(), rng.uniform()}, x[2];
        size_type bin[2];
        EXPECT_NEAR(map2(y, x, bin), 1.0, 2 * 1000 * 2 * eps);  // N * (rounding of two edges)
        for (int d = 0; d < 2; ++d)
            ASSERT_NEAR(x[d], y[d], 4 * eps);
    }
}

TEST(VegasMap, EndPointsAndBins)
{
    HostGrid g = HostGrid::random(2, 50, 3);
    VegasMap const map(g.params());
    real_type y[2] = {1.0, 0x1p-54}, x[2];  // largest and smallest PhiloxStream uniforms
    size_type bin[2];
    real_type jac = map(y, x, bin);
    EXPECT_EQ(x[0], 1.0);
    EXPECT_EQ(bin[0], 49u);
    EXPECT_EQ(bin[1], 0u);
    EXPECT_GT(x[1], 0.0);
    real_type const* e0 = g.params().dim_edges(0);
    real_type const* e1 = g.params().dim_edges(1);
    EXPECT_EQ(jac, (50 * (e0[50] - e0[49])) * (50 * (e1[1] - e1[0])));
}

TEST(VegasMap, InverseRecoversY)
{
    // x has an absolute rounding error ~eps |x|, which the inverse divides by dx/dy = N w:
    // |inverse(map(y)) - y| <= eps (|x| / (N w) + 4) (derivation in the loop). Moderately
    // non-uniform grids (widths within a factor ~10) meet 1e-14 everywhere; on grids with
    // bins 1e4 times narrower than average the bound itself is larger, and is what holds.
    for (double spread : {0.5, 2.0})
    {
        for (size_type bins : {1u, 7u, 1000u, 1024u})
        {
            HostGrid g = HostGrid::random(max_vegas_dims, bins, 100 + bins, spread);
            ASSERT_TRUE(valid_vegas_grid(g.params()));
            VegasMap const map(g.params());
            double worst = 0, worst_bound_ratio = 0;
            for (std::uint64_t i = 0; i < 5000; ++i)
            {
                PhiloxStream rng(21, i);
                real_type y[max_vegas_dims], x[max_vegas_dims], y2[max_vegas_dims];
                size_type bin[max_vegas_dims], bin2[max_vegas_dims];
                for (auto& v : y)
                    v = rng.uniform();
                real_type const j1 = map(y, x, bin);
                real_type const j2 = map.inverse(x, y2, bin2);
                bool same_bins = true;
                for (size_type d = 0; d < max_vegas_dims; ++d)
                {
                    // x on a bin edge may be found in the neighbouring bin; never further
                    ASSERT_LE(bin2[d] > bin[d] ? bin2[d] - bin[d] : bin[d] - bin2[d], 1u);
                    same_bins = same_bins && bin2[d] == bin[d];
                    // forward: x = e + w frac rounds twice (eps/2 (|x| + w)), z = y N once
                    // (eps/2 w); inverse: (x - e) / w, i + t, / N (eps/2 each, in y units)
                    real_type const* e = g.params().dim_edges(d);
                    double const nw = bins * (e[bin[d] + 1] - e[bin[d]]);
                    double const bound = eps * (x[d] / nw + 4);
                    double const err = std::fabs(y2[d] - y[d]);
                    worst = std::max(worst, err);
                    worst_bound_ratio = std::max(worst_bound_ratio, err / bound);
                    ASSERT_LE(err, bound) << "bins " << bins << " dim " << d;
                    if (spread <= 0.5)
                    {
                        ASSERT_LE(err, 1e-14);
                    }
                }
                if (same_bins)
                {
                    EXPECT_EQ(j1, j2);  // same factors in the same order
                }
                EXPECT_EQ(map.density(x), 1 / j2);
            }
            std::cout << "width spread " << spread << ", bins " << bins
                      << ": max |inverse(map(y)) - y| = " << worst
                      << ", max error / bound = " << worst_bound_ratio << "\n";
        }
    }
}

TEST(VegasMap, JacobianIsTheDerivative)
{
    // x(y) is linear within a bin: a difference quotient over half the bin in y is exact up
    // to the rounding of x (|dx error| <= 2 ulp(1) = 4 eps per end, relative 4 eps / dx).
    HostGrid g = HostGrid::random(4, 64, 8);
    VegasMap const map(g.params());
    for (std::uint64_t i = 0; i < 2000; ++i)
    {
        PhiloxStream rng(31, i);
        size_type cell[4];
        real_type y0[4], y1[4], x0[4], x1[4];
        size_type b0[4], b1[4];
        for (int d = 0; d < 4; ++d)
        {
            cell[d] = static_cast<size_type>(rng.uniform() * 64) % 64;
            y0[d] = (cell[d] + 0.25) / 64;
            y1[d] = (cell[d] + 0.75) / 64;
        }
        real_type const jac = map(y0, x0, b0);
        map(y1, x1, b1);
        double numeric = 1, tol = 0;
        for (int d = 0; d < 4; ++d)
        {
            ASSERT_EQ(b0[d], cell[d]);
            ASSERT_EQ(b1[d], cell[d]);
            double const dx = x1[d] - x0[d];
            numeric *= dx / (y1[d] - y0[d]);
            tol += 2 * 4 * eps / dx + 4 * eps;
        }
        ASSERT_NEAR(jac, numeric, tol * jac);
    }
}

TEST(VegasMap, DensityIsZeroOutsideAndIntegratesToOne)
{
    HostGrid g = HostGrid::random(2, 20, 4);
    VegasMap const map(g.params());
    real_type out1[2] = {-1e-300, 0.5}, out2[2] = {0.5, 1.0000000000000002},
              nan[2] = {std::nan(""), 0.5}, corner[2] = {0.0, 1.0};
    EXPECT_EQ(map.density(out1), 0.0);
    EXPECT_EQ(map.density(out2), 0.0);
    EXPECT_EQ(map.density(nan), 0.0);
    EXPECT_GT(map.density(corner), 0.0);
    // g(x) is piecewise constant: its integral over [0,1]^2 is sum over cells of g * area = 1
    double total = 0;
    real_type const* e0 = g.params().dim_edges(0);
    real_type const* e1 = g.params().dim_edges(1);
    for (int i = 0; i < 20; ++i)
    {
        for (int j = 0; j < 20; ++j)
        {
            real_type mid[2] = {(e0[i] + e0[i + 1]) / 2, (e1[j] + e1[j + 1]) / 2};
            total += map.density(mid) * (e0[i + 1] - e0[i]) * (e1[j + 1] - e1[j]);
        }
    }
    EXPECT_NEAR(total, 1.0, 400 * 8 * eps);
}
}  // namespace fathom::test
