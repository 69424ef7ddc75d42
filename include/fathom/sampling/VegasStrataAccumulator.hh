// Mutable per-hypercube sums of VEGAS+ stratification, and the stratified estimate from them.
#pragma once

#include <cmath>
#include <cstdint>

#include "fathom/base/ExactSum.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"
#include "fathom/histogram/HistogramState.hh"

#include "VegasStrata.hh"

namespace fathom
{
//! Exact sums of f J and (f J)^2 per cube (device memory, num_cubes each; all-zero limbs
//! are empty). Exact, so any thread count or atomic order gives the same bits.
struct VegasStrataSumsView
{
    std::uint64_t num_cubes{0};
    ExactSum* sum_fj{nullptr};
    ExactSum* sum_fj2{nullptr};
};

//---------------------------------------------------------------------------//
/*!
 * Add a sample's f J (the integrand times the map's Jacobian, WITHOUT the stratification
 * weight) to its cube. Add every event of the iteration, f = 0 included: n_h in the
 * estimate is the allocated count. Fill policy as for histograms and VegasAccumulator.
 */
template<class FillPolicy>
class VegasStrataAccumulator
{
  public:
    FATHOM_FUNCTION explicit VegasStrataAccumulator(VegasStrataSumsView sums, real_type scale = 1)
        : sums_(sums), scale_(scale)
    {
    }

    //! False (nothing added) if f J is not finite or out of the exact format's range;
    //! then the iteration's estimate is incomplete and the caller must count it.
    FATHOM_FUNCTION bool operator()(std::uint64_t cube, real_type f_jac) const
    {
        std::uint64_t v[ExactSum::num_limbs], v2[ExactSum::num_limbs];
        real_type const x = scale_ * f_jac;
        if (!detail::to_fixed(x, v) || !detail::to_fixed(x * x, v2))
            return false;
        fill_(HistogramStateView{sums_.sum_fj, sums_.sum_fj2}, cube, v, v2);
        return true;
    }

  private:
    VegasStrataSumsView sums_;
    real_type scale_;
    FillPolicy fill_{};
};

//---------------------------------------------------------------------------//
//! Mean and variance of <f J> in one cube of n samples (variance 0 for n < 2).
struct VegasCubeMoments
{
    real_type mean{0};
    real_type variance{0};  //!< unbiased sample variance of f J
};

FATHOM_FUNCTION inline VegasCubeMoments
vegas_cube_moments(ExactSum const& s1, ExactSum const& s2, std::uint64_t n)
{
    VegasCubeMoments m;
    if (n == 0)
        return m;
    real_type const rn = static_cast<real_type>(n);
    real_type const sum = to_double(s1);
    m.mean = sum / rn;
    if (n > 1)
    {
        real_type const v = (to_double(s2) - sum * m.mean) / (rn - 1);
        m.variance = v > 0 ? v : 0;  // rounding can make a constant cube slightly negative
    }
    return m;
}

//! Stratified estimate: I = sum_h V_h <f J>_h, Var(I) = sum_h V_h^2 s_h^2 / n_h, with
//! V_h = 1 / num_cubes (Lepage 2021, sec. 3). Sequential sum in cube order: deterministic.
struct VegasStrataEstimate
{
    real_type mean{0};
    real_type variance{0};  //!< of the mean
};

FATHOM_FUNCTION inline VegasStrataEstimate
vegas_strata_estimate(VegasStrataSumsView const& sums, std::uint64_t const* offsets, real_type scale = 1)
{
    VegasStrataEstimate e;
    for (std::uint64_t h = 0; h < sums.num_cubes; ++h)
    {
        std::uint64_t const n = offsets[h + 1] - offsets[h];
        VegasCubeMoments const m = vegas_cube_moments(sums.sum_fj[h], sums.sum_fj2[h], n);
        e.mean += m.mean;
        if (n > 0)
            e.variance += m.variance / static_cast<real_type>(n);
    }
    real_type const v = 1 / (static_cast<real_type>(sums.num_cubes) * scale);
    e.mean *= v;
    e.variance *= v * v;
    return e;
}
}  // namespace fathom
