// A pack of doubles, one lane per event: the real type with which the templated physics code
// evaluates several events at once on a CPU (SIMD across events).
//
// SimdReal is std::experimental::native_simd<double> (the Parallelism TS v2, in libstdc++ since
// GCC 11): 8 lanes with AVX-512, 4 with AVX2, 2 with SSE2, as the compiler's -march allows.
// Its + - * / and sqrt are the IEEE operations lane by lane, so a lane's result is the double
// code's result for that event, up to the compiler's choice of fused multiply-adds.
// Host only (nvcc never sees it): the GPU runs one event per thread instead.
#pragma once

#if defined(__CUDACC__)
#    error "SimdReal.hh is host-only: SIMD across events is the CPU's layout, the GPU has threads"
#endif

#include <experimental/simd>

#include "RealMath.hh"

namespace fathom
{
//! The widest pack of doubles the target CPU has registers for.
using SimdReal = std::experimental::native_simd<double>;

//! Lanes of SimdReal.
inline constexpr int simd_lanes = static_cast<int>(SimdReal::size());

template<class Abi>
struct RealTraits<std::experimental::simd<double, Abi>>
{
    using pack_type = std::experimental::simd<double, Abi>;
    using scalar_type = double;
    using mask_type = typename pack_type::mask_type;
    static constexpr int lanes = static_cast<int>(pack_type::size());
    static constexpr bool is_simd = true;

    static pack_type select(mask_type const& c, pack_type const& a, pack_type b)
    {
        std::experimental::where(c, b) = a;
        return b;
    }
    static pack_type sqrt(pack_type const& x) { return std::experimental::sqrt(x); }
};

//! Lane i of a pack (and of a scalar, for code written for both).
inline double lane(SimdReal const& x, int i)
{
    return x[i];
}
inline double lane(double x, int)
{
    return x;
}
}  // namespace fathom
