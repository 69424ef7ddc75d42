// Per-event stream of uniform doubles: cuRAND's Philox4x32-10 device API on the
// GPU, a bit-identical Random123 implementation on the host.
#pragma once

#include <cstdint>
#include <type_traits>

#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"

#include "PhiloxLayout.hh"
#include "UniformFromBits.hh"

#if defined(__CUDACC__)
#    include <curand_kernel.h>
#endif
// cuRAND's curand_philox4x32_x.h and Random123's philox.h both define a global
// mulhilo32() with the same signature, so nvcc rejects a TU with both; rename
// Random123's copy. (Include cuRAND first: its PHILOX_* macros are unguarded,
// Random123's are #ifndef-guarded and have the same values.)
#define mulhilo32 fathom_r123_mulhilo32
#include <Random123/philox.h>
#undef mulhilo32

namespace fathom
{
//---------------------------------------------------------------------------//
/*!
 * Uniform doubles in (0, 1] that depend only on (seed, event index).
 *
 * The stream is, by definition, what this cuRAND device code returns:
 * \code
   curandStatePhilox4_32_10_t st;
   curand_init(seed, event_index, 0, &st);    // subsequence = event index
   double2 d = curand_uniform2_double(&st);   // uniform() -> d.x, then d.y,
   d = curand_uniform2_double(&st);           // then the next call's .x, ...
 * \endcode
 * On the device it *is* that code. On the host (g++, or nvcc's host pass) it
 * is Random123's Philox4x32-10 with the same layout: key = philox_key(seed),
 * the k-th block (k = 0, 1, ...) at counter philox_start_counter(event) + k,
 * and each block's words (w0, w1, w2, w3) giving uniform_from_bits(w0, w1)
 * then uniform_from_bits(w2, w3). tests/random checks the host stream
 * against cuRAND's host Philox generator, and (CUDA builds) the device stream
 * against the host one.
 *
 * Construct one per event where it is used (one per GPU thread): the host and
 * device passes hold different state, so do not pass a constructed stream
 * between host and device code. In CUDA sources include this header before
 * any direct #include <Random123/philox.h> (see the note on mulhilo32 above).
 */
class PhiloxStream
{
  public:
    //! Start event \p event_index's stream for \p seed.
    FATHOM_FUNCTION PhiloxStream(std::uint64_t seed, event_index_type event_index)
    {
#if FATHOM_DEVICE_COMPILE
        curand_init(seed, event_index, 0, &state_);
#else
        key_ = philox_key(seed);
        ctr_ = philox_start_counter(event_index);
#endif
    }

    //! Next uniform double in (0, 1] (smallest 2^-54, see UniformFromBits.hh).
    FATHOM_FUNCTION real_type uniform()
    {
        if (has_spare_)
        {
            has_spare_ = false;
            return spare_;
        }
#if FATHOM_DEVICE_COMPILE
        double2 pair = curand_uniform2_double(&state_);
        spare_ = pair.y;
        has_spare_ = true;
        return pair.x;
#else
        r123::Philox4x32::ctr_type block = r123::Philox4x32{}(
            {{ctr_[0], ctr_[1], ctr_[2], ctr_[3]}}, {{key_[0], key_[1]}});
        increment(ctr_);
        spare_ = uniform_from_bits(block[2], block[3]);
        has_spare_ = true;
        return uniform_from_bits(block[0], block[1]);
#endif
    }

  private:
#if FATHOM_DEVICE_COMPILE
    curandStatePhilox4_32_10_t state_;
#else
    PhiloxKey key_;
    PhiloxCounter ctr_;  //!< counter of the next block
#endif
    real_type spare_{0};  //!< second double of the last block, not yet returned
    bool has_spare_{false};
};

static_assert(std::is_trivially_copyable_v<PhiloxStream>);
}  // namespace fathom
