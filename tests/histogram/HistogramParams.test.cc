#include "fathom/histogram/HistogramState.hh"

#include <vector>

#include <gtest/gtest.h>

namespace fathom
{
TEST(HistogramParams, COrderGlobalBinWithOffset)
{
    // 2D: x regular 3 bins (extent 5), y regular 2 bins (extent 4); last axis fastest
    HistogramParams h;
    h.ndim = 2;
    h.axes[0] = {AxisKind::regular, 3, 0.0, 3.0, nullptr};
    h.axes[1] = {AxisKind::regular, 2, 0.0, 2.0, nullptr};
    h.observable_slot[0] = 1;  // axes read observable slots 1 and 0
    h.observable_slot[1] = 0;
    h.strides[0] = 4;
    h.strides[1] = 1;
    h.offset = 100;
    h.size = 20;
    real_type obs[2] = {1.5, 2.5};  // y = 1.5 -> bin 2, x = 2.5 -> bin 3
    EXPECT_EQ(global_bin(h, obs), 100u + 3 * 4 + 2);
    real_type flow[2] = {-1.0, 99.0};  // y underflow, x overflow
    EXPECT_EQ(global_bin(h, flow), 100u + 4 * 4 + 0);
}

TEST(HistogramState, PrivateAndAtomicFillsAgree)
{
    std::vector<ExactSum> w1(4), w2(4), a1(4), a2(4);
    HistogramStateView priv{w1.data(), w2.data()}, shared{a1.data(), a2.data()};
    double ws[] = {0.5, -2.0, 3.25, 1e-3};
    for (int k = 0; k < 4; ++k)
    {
        std::uint64_t f[ExactSum::num_limbs], f2[ExactSum::num_limbs];
        ASSERT_TRUE(detail::to_fixed(ws[k], f));
        ASSERT_TRUE(detail::to_fixed(ws[k] * ws[k], f2));
        PrivateFill{}(priv, k % 2, f, f2);
        AtomicFill{}(shared, k % 2, f, f2);
    }
    EXPECT_EQ(to_double(w1[0]), 0.5 + 3.25);
    EXPECT_EQ(to_double(w1[1]), -2.0 + 1e-3);
    EXPECT_EQ(to_double(w2[1]), 4.0 + 1e-6);
    for (int b = 0; b < 4; ++b)
    {
        EXPECT_EQ(to_double(w1[b]), to_double(a1[b]));
        EXPECT_EQ(to_double(w2[b]), to_double(a2[b]));
    }
}
}  // namespace fathom
