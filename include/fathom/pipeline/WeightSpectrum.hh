// Distribution of the event weights (sum of w per logarithmic weight bin), kept next to the
// histograms: what an unweighting step needs to choose its maximum weight.
#pragma once

#include <cmath>

#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"

namespace fathom
{
//! Bins per octave of |w| and the covered exponents: |w| in [2^-128, 2^128), 4 bins per octave
//! (edges 2^(k/4), 19% apart). Smaller weights go to bin 0, larger to the last bin.
inline constexpr size_type weight_spectrum_bins_per_octave = 4;
inline constexpr int weight_spectrum_min_exponent = -128;
inline constexpr size_type weight_spectrum_bins = 256 * weight_spectrum_bins_per_octave;

//! Bin of |w|: floor(4 log2 |w|) - 4 * (-128), clamped to the range.
FATHOM_FUNCTION inline size_type weight_spectrum_bin(real_type w)
{
    real_type const a = std::fabs(w);
    if (!(a > 0))
        return 0;
    int e = 0;
    real_type const m = std::frexp(a, &e);  // a = m 2^e, m in [0.5, 1): log2 a = e - 1 + log2(2m)
    // quarter octave inside [2^(e-1), 2^e): compare 2m with 2^(1/4), 2^(1/2), 2^(3/4)
    real_type const r = 2 * m;
    int q = r < 1.189207115002721 ? 0 : (r < 1.4142135623730951 ? 1 : (r < 1.681792830507429 ? 2 : 3));
    long const k = static_cast<long>(e - 1 - weight_spectrum_min_exponent) * 4 + q;
    return k < 0 ? 0 : (k >= static_cast<long>(weight_spectrum_bins) ? weight_spectrum_bins - 1 : static_cast<size_type>(k));
}

//! Lower edge of bin k: 2^(k / 4 - 128).
inline real_type weight_spectrum_lower_edge(size_type k)
{
    return std::exp2(static_cast<real_type>(k) / weight_spectrum_bins_per_octave + weight_spectrum_min_exponent);
}
}  // namespace fathom
