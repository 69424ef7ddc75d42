#include "reach/BrentRoot.hh"

#include <cmath>
#include <stdexcept>

#include <gtest/gtest.h>

namespace fathom
{
namespace
{
TEST(BrentRoot, finds_roots_to_full_precision)
{
    int calls = 0;
    double const r = brent_root([&](double x) { ++calls; return x * x * x - 2; }, 0, 2);
    EXPECT_NEAR(std::cbrt(2.0), r, 4e-16 * r);
    EXPECT_LT(calls, 20);  // superlinear, not bisection's ~55
    EXPECT_NEAR(std::log(3.0), brent_root([](double x) { return std::exp(x) - 3; }, -10, 10),
                1e-15);
}

TEST(BrentRoot, survives_flat_and_steep_functions)
{
    // Nearly flat for x < 1, steep above: interpolation alone would overshoot.
    auto const f = [](double x) { return x < 1 ? 1e-12 * (x - 1) : std::pow(x - 1, 9) * 1e6; };
    double const r = brent_root(f, -5, 3);
    EXPECT_NEAR(1.0, r, 1e-3);
    EXPECT_LE(std::abs(f(r)), 1e-12);
}

TEST(BrentRoot, endpoints_and_bad_brackets)
{
    EXPECT_EQ(2.0, brent_root([](double x) { return x - 2; }, 0, 2));
    EXPECT_EQ(0.0, brent_root([](double x) { return x; }, 0, 2));
    EXPECT_THROW(brent_root([](double x) { return x * x + 1; }, -1, 1), std::invalid_argument);
    EXPECT_THROW(brent_root([](double) { return NAN; }, -1, 1), std::invalid_argument);
}
}  // namespace
}  // namespace fathom
