#include "fathom/histogram/Axis.hh"

#include <cmath>

#include <gtest/gtest.h>

namespace fathom
{
TEST(Axis, RegularBinsWithFlow)
{
    AxisParams a{AxisKind::regular, 4, -1.0, 1.0, nullptr};
    EXPECT_EQ(a.extent(), 6u);
    EXPECT_EQ(axis_index(a, -1.5), 0u);   // underflow
    EXPECT_EQ(axis_index(a, -1.0), 1u);   // lower edge belongs to the first bin
    EXPECT_EQ(axis_index(a, -0.51), 1u);
    EXPECT_EQ(axis_index(a, -0.5), 2u);
    EXPECT_EQ(axis_index(a, 0.999), 4u);
    EXPECT_EQ(axis_index(a, 1.0), 5u);    // upper edge: overflow, as in boost-histogram
    EXPECT_EQ(axis_index(a, 7.0), 5u);
    EXPECT_EQ(axis_index(a, NAN), 5u);
    EXPECT_EQ(axis_index(a, -INFINITY), 0u);
    EXPECT_EQ(axis_index(a, INFINITY), 5u);
}

TEST(Axis, VariableBinsWithFlow)
{
    double edges[] = {0.0, 0.1, 1.0, 10.0};
    AxisParams a{AxisKind::variable, 3, 0.0, 10.0, edges};
    EXPECT_EQ(axis_index(a, -1e-300), 0u);
    EXPECT_EQ(axis_index(a, 0.0), 1u);
    EXPECT_EQ(axis_index(a, 0.0999), 1u);
    EXPECT_EQ(axis_index(a, 0.1), 2u);
    EXPECT_EQ(axis_index(a, 5.0), 3u);
    EXPECT_EQ(axis_index(a, 10.0), 4u);
    EXPECT_EQ(axis_index(a, NAN), 4u);
}

TEST(Axis, VariableMatchesLinearScan)
{
    double edges[] = {-3, -1, -0.5, 0, 0.25, 2, 2.5, 9};
    AxisParams a{AxisKind::variable, 7, -3, 9, edges};
    for (double x = -4; x < 10; x += 0.0625)
    {
        size_type expect = 0;
        for (size_type i = 0; i < 8; ++i)
            expect += x >= edges[i] ? 1 : 0;
        EXPECT_EQ(axis_index(a, x), expect) << x;
    }
}
}  // namespace fathom
