// One histogram axis on the device: value -> bin index, with underflow and overflow bins.
#pragma once

#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"

namespace fathom
{
enum class AxisKind : std::uint8_t
{
    regular,   //!< equal-width bins between lower and upper
    variable,  //!< bins between consecutive edges (bins + 1 increasing values)
};

//! Read-only axis description. Index 0 is the underflow bin, 1..bins the inner bins and
//! bins + 1 the overflow bin, as in the UHI layout with flow bins.
struct AxisParams
{
    AxisKind kind{AxisKind::regular};
    size_type bins{0};
    real_type lower{0};
    real_type upper{0};
    real_type const* edges{nullptr};  //!< variable axes: bins + 1 edges (device memory)

    //! Bins including both flow bins.
    FATHOM_FORCEINLINE_FUNCTION size_type extent() const { return bins + 2; }
};

//! Bin of x in [0, bins + 1]. Conventions follow boost-histogram so that fathom's files and a
//! Python fill of the same values agree bin by bin: bins are [low, high), the upper edge goes
//! to the overflow bin, and NaN goes to the overflow bin.
FATHOM_FUNCTION inline size_type axis_index(AxisParams const& a, real_type x)
{
    if (a.kind == AxisKind::regular)
    {
        // Same arithmetic as boost::histogram::axis::regular (z = (x - min) / delta).
        real_type z = (x - a.lower) / (a.upper - a.lower);
        if (z < 1)
        {
            if (z >= 0)
                return static_cast<size_type>(z * a.bins) + 1;
            return 0;
        }
        return a.bins + 1;  // overflow, also NaN
    }
    // variable: binary search for the last edge <= x
    if (!(x >= a.edges[0]))
        return x < a.edges[0] ? 0 : a.bins + 1;  // below, or NaN
    if (!(x < a.edges[a.bins]))
        return a.bins + 1;
    size_type lo = 0, hi = a.bins;  // edges[lo] <= x < edges[hi]
    while (hi - lo > 1)
    {
        size_type mid = (lo + hi) / 2;
        if (x < a.edges[mid])
            hi = mid;
        else
            lo = mid;
    }
    return lo + 1;
}
}  // namespace fathom
