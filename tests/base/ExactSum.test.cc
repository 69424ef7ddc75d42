#include "fathom/base/ExactSum.hh"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>
#include <omp.h>

namespace fathom
{
namespace
{
bool same_bits(ExactSum const& a, ExactSum const& b)
{
    return std::equal(a.limb, a.limb + ExactSum::num_limbs, b.limb);
}
}  // namespace

TEST(ExactSum, RepresentsDyadicValuesExactly)
{
    ExactSum s;
    ASSERT_TRUE(add(s, 1.5));
    ASSERT_TRUE(add(s, 0.25));
    ASSERT_TRUE(add(s, -3.0));
    EXPECT_EQ(to_double(s), -1.25);
    ASSERT_TRUE(add(s, 1.25));
    for (auto l : s.limb)
        EXPECT_EQ(l, 0u);
}

TEST(ExactSum, RecoversCancellationThatDoublesLose)
{
    // 1e20 + 1 - 1e20 is 0 in double arithmetic; exactly 1 here.
    ExactSum s;
    ASSERT_TRUE(add(s, 1e20));
    ASSERT_TRUE(add(s, 1.0));
    ASSERT_TRUE(add(s, -1e20));
    EXPECT_EQ(to_double(s), 1.0);
}

TEST(ExactSum, RangeAndResolution)
{
    ExactSum s;
    EXPECT_FALSE(add(s, std::ldexp(1.0, 127)));   // would reach the sign bit
    EXPECT_TRUE(add(s, std::ldexp(1.0, 126)));
    EXPECT_FALSE(add(s, NAN));
    EXPECT_FALSE(add(s, INFINITY));
    EXPECT_FALSE(add(s, -INFINITY));
    ExactSum tiny;
    EXPECT_TRUE(add(tiny, std::ldexp(1.0, -128)));  // smallest representable step
    EXPECT_EQ(to_double(tiny), std::ldexp(1.0, -128));
    ExactSum below;
    EXPECT_TRUE(add(below, std::ldexp(1.0, -130)));  // truncated to zero, deterministically
    EXPECT_EQ(to_double(below), 0.0);
}

TEST(ExactSum, OrderIndependentAndMatchesLongDouble)
{
    std::mt19937_64 gen(42);
    std::lognormal_distribution<double> mag(0.0, 6.0);
    std::vector<double> xs(20000);
    for (auto& x : xs)
        x = (gen() & 1 ? 1 : -1) * mag(gen);

    ExactSum forward, backward, shuffled;
    for (double x : xs)
        ASSERT_TRUE(add(forward, x));
    for (auto it = xs.rbegin(); it != xs.rend(); ++it)
        ASSERT_TRUE(add(backward, *it));
    std::shuffle(xs.begin(), xs.end(), gen);
    long double ref = 0;
    for (double x : xs)
    {
        ASSERT_TRUE(add(shuffled, x));
        ref += x;
    }
    EXPECT_TRUE(same_bits(forward, backward));
    EXPECT_TRUE(same_bits(forward, shuffled));
    // long double has 11 more bits than double: agreement to well below double precision
    long double sum_abs = 0;
    for (double x : xs)
        sum_abs += std::fabs(x);
    EXPECT_NEAR(to_double(forward), static_cast<double>(ref), 1e-15 * static_cast<double>(sum_abs));
}

TEST(ExactSum, AtomicAddsFromThreadsEqualSerialSum)
{
    std::mt19937_64 gen(7);
    std::uniform_real_distribution<double> u(-1e6, 1e6);
    std::vector<double> xs(200000);
    for (auto& x : xs)
        x = u(gen);

    ExactSum serial;
    for (double x : xs)
        add(serial, x);

    ExactSum shared;
    std::vector<ExactSum> partial(4);
#pragma omp parallel for num_threads(4)
    for (long i = 0; i < static_cast<long>(xs.size()); ++i)
    {
        atomic_add(&shared, xs[i]);
    }
    EXPECT_TRUE(same_bits(serial, shared));

    // merging partial sums (as replicas are merged) gives the same bits too
    for (std::size_t i = 0; i < xs.size(); ++i)
        add(partial[i % 4], xs[i]);
    ExactSum merged;
    for (auto const& p : partial)
        atomic_merge(&merged, p);
    EXPECT_TRUE(same_bits(serial, merged));
}
}  // namespace fathom
