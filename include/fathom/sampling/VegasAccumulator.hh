// Mutable training data of a VEGAS grid: exact per-bin sums of (f J)^2 and of sample weights.
#pragma once

#include "fathom/base/ExactSum.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"
#include "fathom/histogram/HistogramState.hh"

namespace fathom
{
//---------------------------------------------------------------------------//
/*!
 * View of the accumulated sums of one grid (device memory), dimension-major like the edges:
 * element d * bins + i belongs to bin i of dimension d.
 *
 * All-zero limbs are the empty state (clear with memset or clear_vegas_accumulator). The
 * sums are exact integers, so merging per-thread replicas or adding with atomics in any
 * order gives the same bits; so does the grid refined from them.
 */
struct VegasAccumulatorView
{
    size_type ndim{0};
    size_type bins{0};
    ExactSum* sum_value{nullptr};   //!< sum of weight * scale * (f J)^2 per bin
    ExactSum* sum_weight{nullptr};  //!< sum of weight per bin (= sample count for plain VEGAS)

    //! Number of (dimension, bin) cells, the length of each array.
    FATHOM_FORCEINLINE_FUNCTION size_type size() const { return ndim * bins; }
};

//---------------------------------------------------------------------------//
/*!
 * Add one sample's contribution to the bins it fell into, in every dimension.
 *
 * The map is trained on d_i = <(f J)^2>_i, the mean of (f J)^2 over the samples in bin i
 * (Lepage 2021, sec. 2.2); this adds the numerator and the denominator of that mean.
 * Add EVERY sample of an adaptation iteration, also those with f = 0 (failed cuts, zero
 * phase space): they belong in the denominator.
 *
 * \p weight is 1 for plain VEGAS (uniform y). A sampler that draws y non-uniformly (VEGAS+
 * stratification) passes the inverse of its y density relative to uniform, which turns the
 * mean into the self-normalised estimate of the same d_i.
 *
 * \p scale multiplies the value before the exact conversion. Refinement only uses ratios
 * of the d_i, so it does not depend on the scale; choose it so that typical scale (f J)^2
 * is O(1): the fixed-point format resolves 2^-128 and holds values below 2^127.
 *
 * The fill policy is the histograms' (PrivateFill for storage one thread owns, AtomicFill
 * for shared storage), applied to the pair (sum_value, sum_weight).
 */
template<class FillPolicy>
class VegasAccumulator
{
  public:
    FATHOM_FUNCTION explicit VegasAccumulator(VegasAccumulatorView storage, real_type scale = 1)
        : storage_(storage), scale_(scale)
    {
    }

    //! Add a sample with integrand times Jacobian \p f_jac that fell into bins bin[0..ndim).
    //! False (nothing added) if the weight is not positive and finite or a value is out of
    //! the exact format's range: the caller counts it like a non-finite event weight.
    FATHOM_FUNCTION bool operator()(size_type const* bin, real_type f_jac, real_type weight = 1) const
    {
        std::uint64_t value[ExactSum::num_limbs], w[ExactSum::num_limbs];
        if (!(weight > 0) || !detail::to_fixed(weight, w)
            || !detail::to_fixed(weight * scale_ * (f_jac * f_jac), value))
        {
            return false;
        }
        HistogramStateView const sums{storage_.sum_value, storage_.sum_weight};
        for (size_type d = 0; d < storage_.ndim; ++d)
            fill_(sums, std::uint64_t{d} * storage_.bins + bin[d], value, w);
        return true;
    }

  private:
    VegasAccumulatorView storage_;
    real_type scale_;
    FillPolicy fill_{};
};

//! Reset all sums to zero (host, or one device thread; memset does the same).
FATHOM_FUNCTION inline void clear_vegas_accumulator(VegasAccumulatorView const& s)
{
    for (size_type c = 0; c < s.size(); ++c)
    {
        s.sum_value[c] = ExactSum{};
        s.sum_weight[c] = ExactSum{};
    }
}

//! Add the sums of \p src (e.g. a per-thread replica) to \p dst exactly; same shape.
FATHOM_FUNCTION inline void merge_vegas_accumulator(VegasAccumulatorView const& dst,
                                                    VegasAccumulatorView const& src)
{
    for (size_type c = 0; c < dst.size(); ++c)
    {
        merge(dst.sum_value[c], src.sum_value[c]);
        merge(dst.sum_weight[c], src.sum_weight[c]);
    }
}
}  // namespace fathom
