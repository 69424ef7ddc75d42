// VegasAccumulator: what is added where, refused values, and the same bits for any threading.
#include "fathom/sampling/VegasAccumulator.hh"

#include <cmath>

#include <gtest/gtest.h>

#include "VegasTestSupport.hh"

namespace fathom::test
{
TEST(VegasAccumulator, AddsSquareAndWeightToEachDimensionsBin)
{
    HostAccumulator acc(3, 4);
    VegasAccumulator<PrivateFill> const accumulate(acc.view());
    size_type const bin_a[3] = {0, 3, 2}, bin_b[3] = {0, 1, 2};
    EXPECT_TRUE(accumulate(bin_a, 3.0));
    EXPECT_TRUE(accumulate(bin_b, -0.5, 4.0));  // the sign of f J does not matter
    EXPECT_TRUE(accumulate(bin_b, 0.0));        // f = 0 still counts in the denominator
    auto value = [&](size_type d, size_type i) { return to_double(acc.value[d * 4 + i]); };
    auto weight = [&](size_type d, size_type i) { return to_double(acc.weight[d * 4 + i]); };
    EXPECT_EQ(value(0, 0), 9.0 + 4.0 * 0.25);
    EXPECT_EQ(weight(0, 0), 1.0 + 4.0 + 1.0);
    EXPECT_EQ(value(1, 3), 9.0);
    EXPECT_EQ(value(1, 1), 1.0);
    EXPECT_EQ(weight(1, 1), 5.0);
    EXPECT_EQ(value(2, 2), 10.0);
    EXPECT_EQ(weight(1, 0), 0.0);
    EXPECT_EQ(weight(2, 3), 0.0);
}

TEST(VegasAccumulator, RefusesWhatItCannotAddExactly)
{
    HostAccumulator acc(2, 2);
    HostAccumulator const empty(2, 2);
    VegasAccumulator<PrivateFill> const accumulate(acc.view());
    size_type const bin[2] = {1, 0};
    EXPECT_FALSE(accumulate(bin, std::nan("")));
    EXPECT_FALSE(accumulate(bin, INFINITY));
    EXPECT_FALSE(accumulate(bin, 1e64));  // (f J)^2 = 1e128 > 2^127
    EXPECT_FALSE(accumulate(bin, 1.0, 0.0));
    EXPECT_FALSE(accumulate(bin, 1.0, -1.0));
    EXPECT_FALSE(accumulate(bin, 1.0, std::nan("")));
    EXPECT_TRUE(same_bits(acc, empty));
    // the scale brings such values into range; refinement only uses ratios
    VegasAccumulator<PrivateFill> const scaled(acc.view(), 1e-100);
    EXPECT_TRUE(scaled(bin, 1e64));
    EXPECT_EQ(to_double(acc.value[1]), 1e128 * 1e-100);
}

TEST(VegasAccumulator, AtomicsAndReplicasGiveTheSerialBits)
{
    // a peaked integrand on a non-uniform grid: values spread over many orders of magnitude
    HostGrid g = HostGrid::random(6, 128, 2);
    auto f = [](real_type const* x) {
        double r = 1;
        for (int d = 0; d < 6; ++d)
            r *= 1 / (x[d] + 1e-3);
        return r;
    };
    HostAccumulator serial(6, 128);
    Estimate const s = run_iteration(g.params(), &serial, f, 5, 0, 100'000);
    for (int threads : {2, 3, 4})
    {
        for (FillMode mode : {FillMode::atomic, FillMode::replicas})
        {
            HostAccumulator par(6, 128);
            Estimate const p = run_iteration(g.params(), &par, f, 5, 0, 100'000, mode, threads);
            EXPECT_TRUE(same_bits(serial, par)) << threads << " threads, mode " << int(mode);
            EXPECT_EQ(s.mean, p.mean);
            EXPECT_EQ(s.variance, p.variance);
        }
    }
    // and so is the refined grid
    HostAccumulator par(6, 128);
    run_iteration(g.params(), &par, f, 5, 0, 100'000, FillMode::atomic, 4);
    HostGrid a = g, b = g;
    std::vector<double> scratch(VegasRefine::scratch_size(128));
    VegasRefine({0.5}).refine_grid(serial.view(), a.edges.data(), scratch.data());
    VegasRefine({0.5}).refine_grid(par.view(), b.edges.data(), scratch.data());
    EXPECT_TRUE(same_bits(a.edges, b.edges));
}
}  // namespace fathom::test
