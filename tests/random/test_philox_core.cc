// Random123's Philox4x32-10 block function vs published answers; the key/counter layout of
// curand_init (compared with cuRAND itself in test_curand_host_match.cc, cuda backend).
#include <cstdint>
#include <vector>

#include <Random123/philox.h>
#include <gtest/gtest.h>

#include "fathom/random/PhiloxLayout.hh"

namespace fathom::test
{
namespace
{
using Block = Array<std::uint32_t, 4>;

Block philox(PhiloxCounter const& c, PhiloxKey const& k)
{
    auto r = r123::Philox4x32{}({{c[0], c[1], c[2], c[3]}}, {{k[0], k[1]}});
    return {{r[0], r[1], r[2], r[3]}};
}

}  // namespace

//---------------------------------------------------------------------------//
// Known-answer vectors, "philox4x32 10" lines of Random123's tests/kat_vectors
// (counter[4], key[2] -> output[4]).
TEST(PhiloxCore, Random123KnownAnswers)
{
    struct Kat
    {
        PhiloxCounter ctr;
        PhiloxKey key;
        Block expected;
    };
    Kat const kats[] = {
        {{{0, 0, 0, 0}}, {{0, 0}}, {{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}}},
        {{{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}},
         {{0xffffffff, 0xffffffff}},
         {{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}}},
        {{{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}},
         {{0xa4093822, 0x299f31d0}},
         {{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}}},
    };
    for (Kat const& kat : kats)
    {
        Block b = philox(kat.ctr, kat.key);
        for (int i = 0; i < 4; ++i)
            EXPECT_EQ(kat.expected[i], b[i]) << "word " << i;
    }
}

//---------------------------------------------------------------------------//
// curand_init's layout: seed -> key (lo, hi), subsequence -> counter words 2, 3.
TEST(PhiloxCore, Layout)
{
    PhiloxKey k = philox_key(0x0123456789abcdefull);
    EXPECT_EQ(0x89abcdefu, k[0]);
    EXPECT_EQ(0x01234567u, k[1]);

    PhiloxCounter c = philox_start_counter(0xfedcba9876543210ull);
    EXPECT_EQ(0u, c[0]);
    EXPECT_EQ(0u, c[1]);
    EXPECT_EQ(0x76543210u, c[2]);
    EXPECT_EQ(0xfedcba98u, c[3]);

    // 128-bit increment with carries across all words
    PhiloxCounter x{{0xffffffff, 0xffffffff, 0xffffffff, 7}};
    increment(x);
    EXPECT_EQ(0u, x[0]);
    EXPECT_EQ(0u, x[1]);
    EXPECT_EQ(0u, x[2]);
    EXPECT_EQ(8u, x[3]);
    PhiloxCounter y{{0xfffffffe, 3, 0, 0}};
    increment(y);
    EXPECT_EQ(0xffffffffu, y[0]);
    EXPECT_EQ(3u, y[1]);
}

}  // namespace fathom::test
