// Read-only grid of a d-dimensional VEGAS map: bin edges per dimension in one flat array.
#pragma once

#include <cmath>

#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"

namespace fathom
{
//! Dimensions a VEGAS map may have (fixed-size per-event arrays of y, x and bins use it).
inline constexpr size_type max_vegas_dims = 16;

//---------------------------------------------------------------------------//
/*!
 * View of a VEGAS grid on [0, 1]^ndim with the same number of bins in every dimension.
 *
 * Layout: dimension-major, edges[d * (bins + 1) + i] is edge i of dimension d, i = 0..bins,
 * with edges[.. 0] = 0 and edges[.. bins] = 1 and strictly increasing in between (see
 * valid_vegas_grid). This array is the whole state of a frozen map: saving and reloading
 * the ndim * (bins + 1) doubles bit for bit reproduces the map exactly.
 */
struct VegasGridParams
{
    size_type ndim{0};
    size_type bins{0};
    real_type const* edges{nullptr};  //!< ndim * (bins + 1) values (device memory)

    //! Edges per dimension.
    FATHOM_FORCEINLINE_FUNCTION size_type num_edges() const { return bins + 1; }
    //! Length of the flat edge array.
    FATHOM_FORCEINLINE_FUNCTION size_type size() const { return ndim * (bins + 1); }
    //! First edge of dimension d.
    FATHOM_FORCEINLINE_FUNCTION real_type const* dim_edges(size_type d) const
    {
        return edges + d * (bins + 1);
    }
};

//! Length of the flat edge array of an ndim x bins grid (for allocation).
FATHOM_FORCEINLINE_FUNCTION size_type vegas_grid_size(size_type ndim, size_type bins)
{
    return ndim * (bins + 1);
}

//! Fill \p edges with the uniform grid (the identity map, J = 1): edge i = i / bins, so the
//! end points are exactly 0 and 1.
FATHOM_FUNCTION inline void fill_uniform_vegas_grid(real_type* edges, size_type ndim, size_type bins)
{
    for (size_type d = 0; d < ndim; ++d)
    {
        real_type* e = edges + d * (bins + 1);
        for (size_type i = 0; i <= bins; ++i)
            e[i] = static_cast<real_type>(i) / static_cast<real_type>(bins);
    }
}

//! Whether a grid can be used by VegasMap: 1 <= ndim <= max_vegas_dims, bins >= 1, end
//! points exactly 0 and 1, edges finite and strictly increasing. Check a reloaded grid with
//! this on the host before use.
FATHOM_FUNCTION inline bool valid_vegas_grid(VegasGridParams const& g)
{
    if (g.ndim < 1 || g.ndim > max_vegas_dims || g.bins < 1 || !g.edges)
        return false;
    for (size_type d = 0; d < g.ndim; ++d)
    {
        real_type const* e = g.dim_edges(d);
        if (e[0] != 0 || e[g.bins] != 1)
            return false;
        for (size_type i = 0; i < g.bins; ++i)
        {
            if (!(e[i] < e[i + 1]))  // also rejects NaN
                return false;
        }
    }
    return true;
}
}  // namespace fathom
