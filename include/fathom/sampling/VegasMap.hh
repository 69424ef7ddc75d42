// The VEGAS map: y in [0, 1]^d (uniform) -> x in [0, 1]^d, piecewise linear per dimension.
#pragma once

#include <cmath>

#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"

#include "VegasGridParams.hh"

namespace fathom
{
//---------------------------------------------------------------------------//
/*!
 * Map uniform points to the importance-sampled points of a VEGAS grid, and back.
 *
 * In every dimension (G. P. Lepage, J. Comput. Phys. 27 (1978) 192; notation of
 * G. P. Lepage, J. Comput. Phys. 439 (2021) 110386, arXiv:2009.05112, sec. 2):
 *   z = y N,  i = floor(z) (y = 1 gives i = N - 1),  x = e_i + (z - i) (e_{i+1} - e_i),
 * so dx/dy = N (e_{i+1} - e_i) is constant in a bin and the Jacobian is
 *   J(y) = prod_d N (e_{i_d + 1} - e_{i_d}).
 * An integral is then int_[0,1]^d f(x) dx = int_[0,1]^d f(x(y)) J(y) dy, estimated by the
 * mean of f J over uniform y; x has the density g(x) = 1 / J on [0, 1]^d.
 *
 * Numerics: z - i is exact (Sterbenz), so the only roundings are y N (exact for N a power
 * of two) and the two of the linear interpolation; x is clamped to its bin so that it
 * stays in the bin reported for it. inverse(operator()(y)) returns y to a few ulp.
 *
 * Device code: nvcc may contract the interpolation into an FMA, so x can differ from the
 * host's by an ulp; the bins and the Jacobian (products only) are the same bits.
 */
class VegasMap
{
  public:
    FATHOM_FUNCTION explicit VegasMap(VegasGridParams const& grid)
        : grid_(grid)
    {
    }

    //! Number of dimensions (uniforms per point).
    FATHOM_FORCEINLINE_FUNCTION size_type ndim() const { return grid_.ndim; }

    //! Map y in [0, 1]^ndim to x; write each dimension's bin (for accumulation); return J.
    FATHOM_FUNCTION real_type operator()(real_type const* y, real_type* x, size_type* bin) const
    {
        size_type const n = grid_.bins;
        real_type const rn = static_cast<real_type>(n);
        real_type jacobian = 1;
        for (size_type d = 0; d < grid_.ndim; ++d)
        {
            real_type const* e = grid_.dim_edges(d);
            real_type const z = y[d] * rn;
            // z < n also sends NaN (outside the contract) to the last bin instead of UB
            size_type const i = (z >= 0 && z < rn) ? static_cast<size_type>(z) : (z < 0 ? 0 : n - 1);
            real_type const frac = z - static_cast<real_type>(i);
            real_type const lo = e[i];
            real_type const hi = e[i + 1];
            real_type const w = hi - lo;
            real_type const xd = lo + w * frac;
            x[d] = xd < hi ? xd : hi;
            bin[d] = i;
            jacobian *= rn * w;
        }
        return jacobian;
    }

    //! Draw ndim uniforms (dimension 0 first) and map them; return J.
    template<class Rng>
    FATHOM_FUNCTION real_type sample(Rng& rng, real_type* x, size_type* bin) const
    {
        real_type y[max_vegas_dims];
        for (size_type d = 0; d < grid_.ndim; ++d)
            y[d] = rng.uniform();
        return (*this)(y, x, bin);
    }

    //! Inverse map: x in [0, 1]^ndim to y and bins; return J at x, or 0 (y and bins then
    //! unspecified) if x is outside [0, 1]^ndim or NaN.
    FATHOM_FUNCTION real_type inverse(real_type const* x, real_type* y, size_type* bin) const
    {
        size_type const n = grid_.bins;
        real_type const rn = static_cast<real_type>(n);
        real_type jacobian = 1;
        for (size_type d = 0; d < grid_.ndim; ++d)
        {
            real_type const* e = grid_.dim_edges(d);
            real_type const xd = x[d];
            if (!(xd >= e[0] && xd <= e[n]))
                return 0;
            size_type const i = find_bin(e, n, xd);
            real_type const w = e[i + 1] - e[i];
            y[d] = (static_cast<real_type>(i) + (xd - e[i]) / w) / rn;
            bin[d] = i;
            jacobian *= rn * w;
        }
        return jacobian;
    }

    //! Jacobian J(y(x)) of the point x, or 0 outside [0, 1]^ndim.
    FATHOM_FUNCTION real_type jacobian(real_type const* x) const
    {
        size_type const n = grid_.bins;
        real_type const rn = static_cast<real_type>(n);
        real_type jacobian = 1;
        for (size_type d = 0; d < grid_.ndim; ++d)
        {
            real_type const* e = grid_.dim_edges(d);
            real_type const xd = x[d];
            if (!(xd >= e[0] && xd <= e[n]))
                return 0;
            size_type const i = find_bin(e, n, xd);
            jacobian *= rn * (e[i + 1] - e[i]);
        }
        return jacobian;
    }

    //! Probability density g(x) = 1 / J of the mapped points (multichannel weights need it
    //! at points other channels generated); 0 outside [0, 1]^ndim.
    FATHOM_FUNCTION real_type density(real_type const* x) const
    {
        real_type const j = this->jacobian(x);
        return j > 0 ? 1 / j : 0;
    }

  private:
    VegasGridParams grid_;

    //! Bin i with e[i] <= x < e[i + 1], the last bin for x = e[n]; needs e[0] <= x <= e[n].
    //! The largest i < n with e[i] <= x, by a bisection without data-dependent branches (a
    //! conditional move per step): the multichannel density looks up every channel's grid for
    //! every event, and mispredicted branches dominated it.
    FATHOM_FUNCTION static size_type find_bin(real_type const* e, size_type n, real_type x)
    {
        size_type base = 0, len = n;  // the bin is in [base, base + len)
        while (len > 1)
        {
            size_type const half = len / 2;
            base = (e[base + half] <= x) ? base + half : base;
            len -= half;
        }
        return base;
    }
};
}  // namespace fathom
