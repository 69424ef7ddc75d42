#include "run/EventRange.hh"

#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

namespace fathom
{
namespace
{
TEST(EventRange, StreamsTileTheRunWithoutGaps)
{
    for (std::uint64_t n : {std::uint64_t{1}, std::uint64_t{7}, std::uint64_t{1000}, std::uint64_t{1} << 62})
    {
        for (std::uint64_t m : {std::uint64_t{1}, std::uint64_t{2}, std::uint64_t{3}, std::uint64_t{7}})
        {
            if (m > n)
                continue;
            std::uint64_t expected_first = 0;
            for (std::uint64_t j = 0; j < m; ++j)
            {
                EventRange const r = stream_range(5, n, j, m);
                EXPECT_EQ(r.seed, 5u);
                EXPECT_EQ(r.first, expected_first) << n << " " << m << " " << j;
                // sizes differ by at most one event: floor(N / M) or one more
                EXPECT_LE(r.size(), n / m + 1);
                EXPECT_GE(r.size(), n / m);
                expected_first = r.end;
            }
            EXPECT_EQ(expected_first, n);
        }
    }
    // N M above 2^64: the 128-bit product keeps it exact
    std::uint64_t const big = (std::uint64_t{1} << 63) - 1;
    EXPECT_EQ(stream_range(1, big, 2, 3).end, big);
    EXPECT_EQ(stream_range(1, big, 1, 3).first, big / 3);
}

TEST(EventRange, CoalesceJoinsAdjacentRangesOfOneSeed)
{
    auto const out = coalesce({{2, 10, 20}, {1, 5, 9}, {2, 0, 10}, {1, 0, 5}, {2, 30, 40}, {3, 4, 4}});
    std::vector<EventRange> const expected{{1, 0, 9}, {2, 0, 20}, {2, 30, 40}};
    EXPECT_EQ(out, expected);
}

TEST(EventRange, FindsOverlapsOfOneSeedOnly)
{
    using Tagged = std::vector<std::pair<EventRange, std::size_t>>;
    // touching ranges and equal ranges of other seeds do not overlap
    EXPECT_FALSE(find_overlap(Tagged{{{1, 0, 10}, 0}, {{1, 10, 20}, 1}, {{2, 0, 10}, 2}, {{1, 25, 25}, 3}}));
    auto o = find_overlap(Tagged{{{1, 0, 10}, 0}, {{2, 5, 15}, 1}, {{1, 9, 12}, 2}});
    ASSERT_TRUE(o);
    EXPECT_EQ(*o, (std::pair<std::size_t, std::size_t>{0, 2}));
    // a long range covering a later one behind a short one
    o = find_overlap(Tagged{{{1, 0, 100}, 4}, {{1, 20, 30}, 5}, {{1, 50, 60}, 6}});
    ASSERT_TRUE(o);
    EXPECT_EQ(*o, (std::pair<std::size_t, std::size_t>{4, 5}));
    o = find_overlap(Tagged{{{1, 0, 100}, 4}, {{1, 100, 130}, 5}, {{1, 120, 160}, 6}});
    ASSERT_TRUE(o);
    EXPECT_EQ(*o, (std::pair<std::size_t, std::size_t>{5, 6}));
}

TEST(EventRange, EncodesAndRefusesMalformedLists)
{
    std::vector<EventRange> const r{{1, 0, 9}, {7, 3, 4}};
    auto back = decode_ranges(encode_ranges(r));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, r);
    EXPECT_FALSE(decode_ranges({1, 2}));
    EXPECT_FALSE(decode_ranges({1, 5, 4}));
    ASSERT_TRUE(decode_ranges({}));
    EXPECT_TRUE(decode_ranges({})->empty());
}
}  // namespace
}  // namespace fathom
