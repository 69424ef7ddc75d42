// VEGAS+ adaptive stratification: y-space hypercubes, each with its own number of events.
#pragma once

#include <cmath>
#include <cstdint>

#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"

#include "VegasGridParams.hh"

namespace fathom
{
//---------------------------------------------------------------------------//
/*!
 * Read-only allocation of one iteration's events to the strata of y-space.
 *
 * [0, 1]^ndim in y (before the VEGAS map) is cut into per_dim^ndim equal hypercubes;
 * cube h = sum_d c_d per_dim^d holds y with c_d / per_dim < y_d <= (c_d + 1) / per_dim.
 * Events [offsets[h], offsets[h + 1]) of the iteration go to cube h; the iteration has
 * offsets[num_cubes] events. (G. P. Lepage, J. Comput. Phys. 439 (2021) 110386,
 * arXiv:2009.05112, sec. 3.)
 */
struct VegasStrataParams
{
    size_type ndim{0};
    size_type per_dim{1};                    //!< strata per dimension
    std::uint64_t num_cubes{1};              //!< per_dim^ndim
    std::uint64_t const* offsets{nullptr};   //!< num_cubes + 1 prefix sums (device memory)

    //! Events of one iteration.
    FATHOM_FORCEINLINE_FUNCTION std::uint64_t num_events() const { return offsets[num_cubes]; }
};

//! Strata per dimension for about \p events events per iteration: as many as leave at
//! least 4 events per cube on average (2 are the minimum of every cube, the rest is what
//! reallocation can move), at least 1, and no more than keeps per_dim^ndim <= max_cubes
//! (the memory of the per-cube sums: 64 bytes each, plus 8 for the offsets; 1.2 GB at
//! the default 2^24).
inline size_type vegas_strata_per_dim(std::uint64_t events, size_type ndim,
                                      std::uint64_t max_cubes = std::uint64_t{1} << 24)
{
    auto cubes = [ndim](std::uint64_t m) {  // m^ndim, saturated
        std::uint64_t c = 1;
        for (size_type d = 0; d < ndim; ++d)
        {
            if (c > UINT64_MAX / m)
                return UINT64_MAX;
            c *= m;
        }
        return c;
    };
    std::uint64_t m = 1;
    while (cubes(m + 1) <= events / 4 && cubes(m + 1) <= max_cubes)
        ++m;
    return static_cast<size_type>(m);
}

//---------------------------------------------------------------------------//
/*!
 * Event k of an iteration -> its cube, a uniform y inside the cube, and its weight.
 *
 * The weight V_h N / n_h (V_h = 1 / num_cubes, N events, n_h in cube h) is the inverse
 * of the y density relative to uniform: the mean over the N events of weight * f J is the
 * stratified estimate sum_h V_h <f J>_h, so the event weight becomes weight * f * J and
 * histograms stay correct. The same weight goes to VegasAccumulator as its sample weight.
 * Its error is NOT the plain formula of the event weights (that includes the variance
 * between cubes, which stratification removes): use vegas_strata_estimate.
 */
class VegasStrataSampler
{
  public:
    FATHOM_FUNCTION explicit VegasStrataSampler(VegasStrataParams const& params)
        : params_(params)
    {
    }

    //! Draw ndim uniforms (dimension 0 first) for event \p k (< num_events()) into y; write
    //! the cube; return the event's weight.
    template<class Rng>
    FATHOM_FUNCTION real_type operator()(Rng& rng, std::uint64_t k, real_type* y,
                                         std::uint64_t* cube) const
    {
        std::uint64_t const h = this->find_cube(k);
        real_type const m = static_cast<real_type>(params_.per_dim);
        std::uint64_t rest = h;
        for (size_type d = 0; d < params_.ndim; ++d)
        {
            real_type const c = static_cast<real_type>(rest % params_.per_dim);
            rest /= params_.per_dim;
            real_type const yd = (c + rng.uniform()) / m;
            y[d] = yd < 1 ? yd : 1;
        }
        *cube = h;
        std::uint64_t const n_h = params_.offsets[h + 1] - params_.offsets[h];
        return static_cast<real_type>(params_.num_events())
               / (static_cast<real_type>(n_h) * static_cast<real_type>(params_.num_cubes));
    }

  private:
    VegasStrataParams params_;

    //! Cube h with offsets[h] <= k < offsets[h + 1] (empty cubes are skipped).
    FATHOM_FUNCTION std::uint64_t find_cube(std::uint64_t k) const
    {
        std::uint64_t lo = 0, hi = params_.num_cubes;  // offsets[lo] <= k < offsets[hi]
        while (hi - lo > 1)
        {
            std::uint64_t const mid = lo + (hi - lo) / 2;
            if (k < params_.offsets[mid])
                hi = mid;
            else
                lo = mid;
        }
        return lo;
    }
};
}  // namespace fathom
