// Fathom's counter-based randoms against cuRAND's host Philox generator: the Philox block
// function, the curand_init key/counter layout, the (x, y) -> (0, 1] double conversion and
// PhiloxStream end to end. Built in the cuda backend only (it links cuRAND from the CUDA
// toolkit, which the omp backend never uses); the host generator needs no GPU, so CI runs it
// (scripts/run-tests.sh, label "cuda-host"). The Random123 known answers and layout tests that
// need no cuRAND stay in test_philox_core.cc, test_uniform_from_bits.cc, test_philox_stream.cc.
#include <cstdint>
#include <vector>

#include <Random123/philox.h>
#include <gtest/gtest.h>

#include "fathom/random/PhiloxLayout.hh"
#include "fathom/random/PhiloxStream.hh"
#include "fathom/random/UniformFromBits.hh"

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
//---------------------------------------------------------------------------//
// curandGenerateUniformDouble of the host Philox generator uses the same
// conversion: its doubles equal uniform_from_bits of curandGenerate's words
// at the positions of CurandHostGenerator.hh's layout (pure cuRAND, no
// Random123 involved).
TEST(UniformFromBits, MatchesCurandHostDoubles)
{
    for (std::uint64_t seed : {42ull, 0x9e3779b97f4a7c15ull})
    {
        constexpr std::size_t groups = 2;  // groups of 4 doubles per subsequence
        CurandHostGenerator gen(seed);
        std::vector<std::uint32_t> w = gen.words(4 * kSubsequences * 2 * groups);
        gen.set_offset(0);
        std::vector<double> d = gen.uniform_doubles(4 * kSubsequences * groups);
        std::size_t mismatches = 0;
        for (std::size_t k = 0; k < groups; ++k)
        {
            for (std::size_t j = 0; j < kSubsequences; ++j)
            {
                for (std::size_t m = 0; m < 4; ++m)
                {
                    // block 2k + m/2 of subsequence j, word pair m % 2
                    std::size_t q = (2 * k + m / 2) * kSubsequences + j;
                    std::size_t word = 4 * q + 2 * (m % 2);
                    double expected = uniform_from_bits(w[word], w[word + 1]);
                    mismatches += (expected != d[4 * (k * kSubsequences + j) + m]);
                }
            }
        }
        EXPECT_EQ(0u, mismatches) << "seed " << seed;
    }
}
//---------------------------------------------------------------------------//
// The first 8 uniforms of events 0..65535 equal curandGenerateUniformDouble's
// output (layout in CurandHostGenerator.hh): end-to-end check of key, counter,
// block order, word pairing and conversion against cuRAND itself.
TEST(PhiloxStream, MatchesCurandHostDoubles)
{
    constexpr std::size_t groups = 2;
    for (std::uint64_t seed : {0ull, 2025ull, 0xffffffffull, 0xabcdef0123456789ull})
    {
        CurandHostGenerator gen(seed);
        std::vector<double> d = gen.uniform_doubles(4 * kSubsequences * groups);
        std::size_t mismatches = 0;
        for (std::size_t j = 0; j < kSubsequences; ++j)
        {
            PhiloxStream stream(seed, j);
            for (std::size_t k = 0; k < groups; ++k)
            {
                for (std::size_t m = 0; m < 4; ++m)
                    mismatches += (stream.uniform() != d[4 * (k * kSubsequences + j) + m]);
            }
        }
        EXPECT_EQ(0u, mismatches) << "seed " << seed;
    }
}

}  // namespace fathom::test
