// The (x, y) -> (0, 1] double conversion of curand_uniform2_double.
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "fathom/random/UniformFromBits.hh"

namespace fathom::test
{
namespace
{
std::uint64_t merged(std::uint32_t x, std::uint32_t y)
{
    return std::uint64_t{x} ^ (std::uint64_t{y} << 21);
}
}  // namespace

//---------------------------------------------------------------------------//
// Exact values for hand-made words.
TEST(UniformFromBits, HandValues)
{
    // smallest: z = 0 -> 2^-54 (never 0)
    EXPECT_EQ(std::ldexp(1.0, -54), uniform_from_bits(0, 0));
    // z = 1 -> 3 * 2^-54
    EXPECT_EQ(3 * std::ldexp(1.0, -54), uniform_from_bits(1, 0));
    // y's lowest bit lands on bit 21: z = 2^21 -> (2^22 + 1) 2^-54
    EXPECT_EQ((std::ldexp(1.0, 22) + 1) * std::ldexp(1.0, -54), uniform_from_bits(0, 1));
    // largest value below 1/2: z = 2^52 - 1 -> 1/2 - 2^-54, exact
    EXPECT_EQ(0.5 - std::ldexp(1.0, -54), uniform_from_bits(0xffffffff, 0x7fffffff ^ 0x7ff));
    // z = 2^52 -> tie rounds to even: exactly 1/2
    EXPECT_EQ(0.5, uniform_from_bits(0, 0x80000000));
    // z = 2^52 + 1 -> tie rounds up to 1/2 + 2^-52
    EXPECT_EQ(0.5 + std::ldexp(1.0, -52), uniform_from_bits(1, 0x80000000));
    // largest: z = 2^53 - 1 -> exactly 1
    EXPECT_EQ(1.0, uniform_from_bits(0x001fffff, 0xffffffff));
    // all ones: bits 21..31 cancel, z = 2^53 - 2^32 + 2^21 - 1 (odd, upper half)
    EXPECT_EQ(1.0 - std::ldexp(1.0, -21) + std::ldexp(1.0, -32),
              uniform_from_bits(0xffffffff, 0xffffffff));
    EXPECT_EQ(merged(0xffffffff, 0xffffffff),
              (std::uint64_t{1} << 53) - (std::uint64_t{1} << 32) + (std::uint64_t{1} << 21) - 1);
}

//---------------------------------------------------------------------------//
// Every output is in (0, 1] on the grid the header comment states, monotone
// in z; words from an independent generator (mt19937).
TEST(UniformFromBits, GridAndRange)
{
    std::mt19937 engine(20240611u);
    double const two54 = std::ldexp(1.0, 54);
    double const two53 = std::ldexp(1.0, 53);
    std::uint64_t const half = std::uint64_t{1} << 52;
    std::size_t off_grid = 0, out_of_range = 0, not_monotone = 0;
    for (int i = 0; i < 1000000; ++i)
    {
        std::uint32_t x = engine(), y = engine();
        std::uint64_t z = merged(x, y);
        double u = uniform_from_bits(x, y);
        out_of_range += !(u > 0 && u <= 1);
        // lower half: (2z + 1) 2^-54 exactly; upper half: (z + (z & 1)) 2^-53
        if (z < half)
            off_grid += (u * two54 != static_cast<double>(2 * z + 1));
        else
            off_grid += (u * two53 != static_cast<double>(z + (z & 1)));
        // neighbour z + 1 (flip within x's low bits) is never smaller
        if ((x & 1) == 0)
            not_monotone += (uniform_from_bits(x | 1, y) < u);
    }
    EXPECT_EQ(0u, out_of_range);
    EXPECT_EQ(0u, off_grid);
    EXPECT_EQ(0u, not_monotone);
}

//---------------------------------------------------------------------------//
// Mean 1/2 and variance 1/12 within 4 standard errors (N = 1e6 pairs).
TEST(UniformFromBits, Moments)
{
    std::mt19937 engine(7u);
    constexpr int n = 1000000;
    double sum = 0, sum2 = 0;
    for (int i = 0; i < n; ++i)
    {
        std::uint32_t x = engine(), y = engine();
        double u = uniform_from_bits(x, y);
        sum += u;
        sum2 += u * u;
    }
    double mean = sum / n;
    double var = sum2 / n - mean * mean;
    // sigma(mean) = sqrt(1/12 / n); sigma(sample variance) = sqrt((1/80 - 1/144) / n)
    double sigma_mean = std::sqrt(1.0 / 12 / n);
    double sigma_var = std::sqrt((1.0 / 80 - 1.0 / 144) / n);
    EXPECT_LT(std::fabs(mean - 0.5), 4 * sigma_mean) << "pull " << (mean - 0.5) / sigma_mean;
    EXPECT_LT(std::fabs(var - 1.0 / 12), 4 * sigma_var)
        << "pull " << (var - 1.0 / 12) / sigma_var;
}

}  // namespace fathom::test
