// Read-only description of a set of N-dimensional histograms in one flat bin array.
#pragma once

#include "Axis.hh"
#include "fathom/base/Array.hh"

namespace fathom
{
//! Dimensions a histogram may have (the analysis needs 4; one spare).
inline constexpr size_type max_histogram_dims = 5;

struct HistogramParams
{
    size_type ndim{0};
    Array<AxisParams, max_histogram_dims> axes{};
    //! For each axis, the slot of the event's observable values it bins (ObservableSet order).
    Array<size_type, max_histogram_dims> observable_slot{};
    //! C-order strides (last axis fastest), in bins including flow bins.
    Array<std::uint64_t, max_histogram_dims> strides{};
    //! First bin of this histogram in the flat bin array of the set.
    std::uint64_t offset{0};
    //! Number of bins including flow bins.
    std::uint64_t size{0};
    //! Which weight fills it: 0 the event weight, k > 0 the process's named part k - 1
    //! (e.g. the ALP signal's fusion, annihilation, interference).
    size_type weight_index{0};
};

//! Flat index of the bin that the given observable values fall into.
FATHOM_FUNCTION inline std::uint64_t
global_bin(HistogramParams const& h, real_type const* observable_values)
{
    std::uint64_t bin = h.offset;
    for (size_type d = 0; d < h.ndim; ++d)
    {
        real_type x = observable_values[h.observable_slot[d]];
        bin += axis_index(h.axes[d], x) * h.strides[d];
    }
    return bin;
}
}  // namespace fathom
