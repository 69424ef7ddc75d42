// Grid refinement of a VEGAS map from the accumulated (f J)^2 sums: smooth, compress, re-bin.
#pragma once

#include <cmath>

#include "fathom/base/ExactSum.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"

#include "VegasAccumulator.hh"

namespace fathom
{
//! Damping of the refinement.
struct VegasRefineOptions
{
    //! Compression exponent: 0 freezes the grid, larger values adapt faster but less stably.
    //! 0.5 is the default of the vegas package that Lepage 2021 describes (measured here:
    //! 1 to 1.5 reach about twice the variance reduction of 0.5 in 10 iterations on a
    //! smooth peak; keep 0.5 for noisy integrands).
    real_type alpha{0.5};
};

//---------------------------------------------------------------------------//
// The three steps of one dimension's refinement (G. P. Lepage, J. Comput. Phys. 439 (2021)
// 110386, arXiv:2009.05112, sec. 2.2; compression from J. Comput. Phys. 27 (1978) 192), as
// separate functions so that each can be tested. All are sequential and deterministic:
// equal inputs give equal bits (on one platform: log and pow are not correctly rounded,
// so host and device may differ).
//---------------------------------------------------------------------------//

//! Smooth d[0..n) in place with the (1, 6, 1)/8 kernel, (7, 1)/8 at the ends, so that one
//! noisy bin does not pull the grid and empty bins next to populated ones keep some weight.
FATHOM_FUNCTION inline void vegas_smooth(real_type* d, size_type n)
{
    if (n < 2)
        return;
    real_type prev = d[0];  // unsmoothed d[i - 1]
    d[0] = (7 * d[0] + d[1]) / 8;
    for (size_type i = 1; i + 1 < n; ++i)
    {
        real_type const cur = d[i];
        d[i] = (prev + 6 * cur + d[i + 1]) / 8;
        prev = cur;
    }
    d[n - 1] = (prev + 7 * d[n - 1]) / 8;
}

//! Normalise d[0..n) to r_i = d_i / sum d and compress in place: d_i <- ((1 - r)/ln(1/r))^alpha
//! (0 for r = 0, 1 for r = 1). The map moves towards r-weighted bins without overshooting on
//! noisy, very uneven d. False (d untouched) if sum d is not positive and finite.
FATHOM_FUNCTION inline bool vegas_compress(real_type* d, size_type n, real_type alpha)
{
    real_type total = 0;
    for (size_type i = 0; i < n; ++i)
        total += d[i];
    if (!(total > 0) || !std::isfinite(total))
        return false;
    for (size_type i = 0; i < n; ++i)
    {
        real_type const r = d[i] / total;
        real_type c = 0;
        if (r >= 1)
            c = 1;
        else if (r > 0)
            c = std::pow((1 - r) / -std::log(r), alpha);
        d[i] = c;
    }
    return true;
}

//! New edges e'[0..n] such that every new bin holds an equal share of sum d, with each old
//! bin's d spread uniformly over it. e'[0] = e[0] and e'[n] = e[n] exactly; the inner edges
//! are strictly increasing (a rounding tie is moved up by one ulp). e and e' must not alias;
//! sum d must be positive and finite.
FATHOM_FUNCTION inline void
vegas_place_edges(real_type const* e, real_type const* d, size_type n, real_type* out)
{
    real_type total = 0;
    for (size_type i = 0; i < n; ++i)
        total += d[i];
    real_type const share = total / static_cast<real_type>(n);

    out[0] = e[0];
    out[n] = e[n];
    real_type below = 0;  // sum of d over old bins before j
    size_type j = 0;
    for (size_type k = 1; k < n; ++k)
    {
        real_type const target = share * static_cast<real_type>(k);
        while (j + 1 < n && below + d[j] < target)
            below += d[j++];
        // below < target <= below + d[j] except for rounding at the last old bin
        real_type frac = d[j] > 0 ? (target - below) / d[j] : 1;
        frac = frac < 0 ? 0 : (frac > 1 ? 1 : frac);
        real_type x = e[j] + (e[j + 1] - e[j]) * frac;
        x = x < e[j + 1] ? x : e[j + 1];
        if (!(x > out[k - 1]))
            x = std::nextafter(out[k - 1], e[n]);
        out[k] = x;
    }
    // A tie pushed up against the upper end: move down from the top (never in practice).
    for (size_type k = n - 1; k >= 1 && !(out[k] < out[k + 1]); --k)
        out[k] = std::nextafter(out[k + 1], e[0]);
}

//---------------------------------------------------------------------------//
/*!
 * Refine a VEGAS grid in place from its accumulated sums, one dimension per call.
 *
 * For dimension d: d_i = sum_value_i / sum_weight_i (0 for an empty bin), smoothed,
 * normalised and compressed with alpha, then new edges with equal shares of the compressed
 * d_i (Lepage 2021, sec. 2.2). Dimensions are independent, so a device may refine them in
 * parallel (one thread each, each with its own scratch).
 *
 * Scratch: scratch_size(bins) doubles per concurrently refined dimension (the old edges
 * and the d_i), caller-owned so that device code needs no allocation.
 *
 * The accumulator is not cleared: clear it before the next adaptation iteration.
 */
class VegasRefine
{
  public:
    FATHOM_FUNCTION explicit VegasRefine(VegasRefineOptions const& options)
        : options_(options)
    {
    }

    //! Doubles of scratch one dimension's refinement needs.
    FATHOM_FORCEINLINE_FUNCTION static constexpr size_type scratch_size(size_type bins)
    {
        return 2 * bins + 1;
    }

    //! Refine dimension \p dim of the grid with flat edges \p edges (shape of \p sums).
    //! False, with the edges untouched, when there is nothing to learn from: one bin,
    //! alpha not positive, or no positive finite sum of d_i (no sample, or f = 0 everywhere).
    FATHOM_FUNCTION bool operator()(VegasAccumulatorView const& sums, size_type dim,
                                    real_type* edges, real_type* scratch) const
    {
        size_type const n = sums.bins;
        if (n < 2 || !(options_.alpha > 0))
            return false;
        real_type* e = edges + dim * (n + 1);
        real_type* old_edges = scratch;
        real_type* d = scratch + n + 1;
        for (size_type i = 0; i < n; ++i)
        {
            size_type const c = dim * n + i;
            real_type const w = to_double(sums.sum_weight[c]);
            d[i] = w > 0 ? to_double(sums.sum_value[c]) / w : 0;
        }
        vegas_smooth(d, n);
        if (!vegas_compress(d, n, options_.alpha))
            return false;
        for (size_type i = 0; i <= n; ++i)
            old_edges[i] = e[i];
        vegas_place_edges(old_edges, d, n, e);
        return true;
    }

    //! Refine every dimension in turn (host, or one device thread); scratch_size(bins)
    //! doubles of scratch. Returns the number of dimensions that changed.
    FATHOM_FUNCTION size_type refine_grid(VegasAccumulatorView const& sums, real_type* edges,
                                          real_type* scratch) const
    {
        size_type changed = 0;
        for (size_type dim = 0; dim < sums.ndim; ++dim)
            changed += (*this)(sums, dim, edges, scratch) ? 1 : 0;
        return changed;
    }

  private:
    VegasRefineOptions options_;
};
}  // namespace fathom
