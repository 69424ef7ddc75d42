// Mutable histogram storage: exact sums of w and w^2 per bin, for every histogram of a run.
#pragma once

#include "HistogramParams.hh"
#include "fathom/base/ExactSum.hh"

namespace fathom
{
//! View of the flat bin arrays (device memory). Bins of all histograms follow each other.
struct HistogramStateView
{
    ExactSum* sum_w{nullptr};
    ExactSum* sum_w2{nullptr};
};

//! Fill policy for storage owned by one thread (CPU per-thread replicas): plain adds.
struct PrivateFill
{
    FATHOM_FORCEINLINE_FUNCTION void
    operator()(HistogramStateView s, std::uint64_t bin, std::uint64_t const (&w)[ExactSum::num_limbs],
               std::uint64_t const (&w2)[ExactSum::num_limbs]) const
    {
        add_limbs(s.sum_w[bin], w);
        add_limbs(s.sum_w2[bin], w2);
    }
};

//! Fill policy for storage shared between threads (GPU global memory): exact atomics.
struct AtomicFill
{
    FATHOM_FORCEINLINE_FUNCTION void
    operator()(HistogramStateView s, std::uint64_t bin, std::uint64_t const (&w)[ExactSum::num_limbs],
               std::uint64_t const (&w2)[ExactSum::num_limbs]) const
    {
        atomic_add_limbs(&s.sum_w[bin], w);
        atomic_add_limbs(&s.sum_w2[bin], w2);
    }
};
}  // namespace fathom
