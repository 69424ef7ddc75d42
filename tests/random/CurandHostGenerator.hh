// Test helper: cuRAND's host-side Philox4x32-10 generator (runs on the CPU).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <curand.h>
#include <gtest/gtest.h>

namespace fathom::test
{
//---------------------------------------------------------------------------//
/*!
 * Layout of curandCreateGeneratorHost(CURAND_RNG_PSEUDO_PHILOX4_32_10) output
 * (default ordering, found empirically with CUDA 13.0 and checked in
 * test_philox_core.cc): 32-bit word i is word (i % 4) of the Philox block
 * with q = i / 4 at counter (q / kSubsequences, 0, q % kSubsequences, 0),
 * i.e. block k of subsequence j (as curand_init numbers them) lands at
 * q = k * kSubsequences + j. curandGenerateUniformDouble uses the same
 * subsequences with two blocks per group of four doubles: doubles
 * 4 (k kSubsequences + j) + m, m = 0..3, are the uniforms 4k + m of
 * subsequence j as curand_uniform2_double returns them.
 */
inline constexpr std::size_t kSubsequences = 65536;

//! Owns a host Philox generator with a given seed.
class CurandHostGenerator
{
  public:
    explicit CurandHostGenerator(std::uint64_t seed)
    {
        EXPECT_EQ(CURAND_STATUS_SUCCESS,
                  curandCreateGeneratorHost(&gen_, CURAND_RNG_PSEUDO_PHILOX4_32_10));
        EXPECT_EQ(CURAND_STATUS_SUCCESS, curandSetPseudoRandomGeneratorSeed(gen_, seed));
    }
    ~CurandHostGenerator() { curandDestroyGenerator(gen_); }
    CurandHostGenerator(CurandHostGenerator const&) = delete;
    CurandHostGenerator& operator=(CurandHostGenerator const&) = delete;

    //! Start the next generate call at absolute output position \p offset.
    void set_offset(std::uint64_t offset)
    {
        EXPECT_EQ(CURAND_STATUS_SUCCESS, curandSetGeneratorOffset(gen_, offset));
    }

    std::vector<std::uint32_t> words(std::size_t count)
    {
        std::vector<std::uint32_t> result(count);
        EXPECT_EQ(CURAND_STATUS_SUCCESS, curandGenerate(gen_, result.data(), count));
        return result;
    }

    std::vector<double> uniform_doubles(std::size_t count)
    {
        std::vector<double> result(count);
        EXPECT_EQ(CURAND_STATUS_SUCCESS,
                  curandGenerateUniformDouble(gen_, result.data(), count));
        return result;
    }

  private:
    curandGenerator_t gen_{nullptr};
};
}  // namespace fathom::test
