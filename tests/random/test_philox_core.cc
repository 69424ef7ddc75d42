// Random123's Philox4x32-10 block function vs published answers and vs cuRAND's
// host Philox generator; the key/counter layout of curand_init.
#include <cstdint>
#include <vector>

#include <Random123/philox.h>
#include <gtest/gtest.h>

#include "fathom/random/PhiloxLayout.hh"

#include "CurandHostGenerator.hh"

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

// Seeds spanning the two key words: zero, low word only, high word only, both.
std::vector<std::uint64_t> const kSeeds = {0ull,
                                           1ull,
                                           12345ull,
                                           0xffffffffull,
                                           0x100000000ull,
                                           0x123456789abcdef0ull,
                                           0xffffffffffffffffull};
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

//---------------------------------------------------------------------------//
// The host generator's first four outputs are Philox(counter 0, key = seed).
TEST(PhiloxCore, CurandHostFirstBlock)
{
    for (std::uint64_t seed : kSeeds)
    {
        CurandHostGenerator gen(seed);
        std::vector<std::uint32_t> w = gen.words(4);
        Block expected = philox(PhiloxCounter{{0, 0, 0, 0}}, philox_key(seed));
        for (int i = 0; i < 4; ++i)
            EXPECT_EQ(expected[i], w[i]) << "seed " << seed << " word " << i;
    }
    // Seed 0 reproduces the all-zero known answer, independent of Random123.
    CurandHostGenerator gen(0);
    EXPECT_EQ(0x6627e8d5u, gen.words(1)[0]);
}

//---------------------------------------------------------------------------//
// Every output of three full rounds over the subsequences, mapped to its
// block and word (layout documented in CurandHostGenerator.hh).
TEST(PhiloxCore, CurandHostFullLayout)
{
    constexpr std::size_t rounds = 3;
    for (std::uint64_t seed : kSeeds)
    {
        CurandHostGenerator gen(seed);
        std::vector<std::uint32_t> w = gen.words(4 * kSubsequences * rounds);
        PhiloxKey key = philox_key(seed);
        std::size_t mismatches = 0;
        for (std::size_t q = 0; q < kSubsequences * rounds; ++q)
        {
            // block (q / S) of subsequence (q % S)
            PhiloxCounter ctr = philox_start_counter(q % kSubsequences);
            for (std::size_t k = 0; k < q / kSubsequences; ++k)
                increment(ctr);
            Block b = philox(ctr, key);
            for (std::size_t i = 0; i < 4; ++i)
                mismatches += (b[i] != w[4 * q + i]);
        }
        EXPECT_EQ(0u, mismatches) << "seed " << seed;
    }
}

//---------------------------------------------------------------------------//
// curandSetGeneratorOffset(o) starts at output o of the same sequence (also
// mid-block), so the layout above holds at any offset.
TEST(PhiloxCore, CurandHostOffset)
{
    std::uint64_t const seed = 0xdeadbeefcafeull;
    CurandHostGenerator gen(seed);
    std::vector<std::uint32_t> all = gen.words(4 * kSubsequences + 64);
    for (std::uint64_t offset : {1ull, 3ull, 4ull, 13ull, 4ull * kSubsequences - 2})
    {
        gen.set_offset(offset);
        std::vector<std::uint32_t> part = gen.words(50);
        for (std::size_t i = 0; i < part.size(); ++i)
            EXPECT_EQ(all[offset + i], part[i]) << "offset " << offset << " i " << i;
    }
}
}  // namespace fathom::test
