// Run-wide accumulators: exact weight sums and event counts.
#pragma once

#include "fathom/base/ExactSum.hh"

namespace fathom
{
//! Exact sums make these bit-identical for any thread count, batch size or launch order.
struct RunTally
{
    ExactSum sum_w;               //!< sum of accepted weights (pb)
    ExactSum sum_w2;              //!< sum of squared accepted weights (pb^2)
    std::uint64_t accepted{0};    //!< passed the cuts with a finite weight
    std::uint64_t failed_cuts{0}; //!< generated but rejected by the selection
    std::uint64_t zero_phase_space{0};  //!< sampler returned no point (weight 0)
    std::uint64_t nonfinite{0};   //!< non-finite or out-of-range weights, never added
    std::uint64_t nonfinite_me{0};      //!< of nonfinite: the |M|^2 itself was not finite
    std::uint64_t nonfinite_phase_space{0};  //!< of nonfinite: the phase-space weight was not finite
    std::uint64_t max_weight_bits{0};   //!< bit pattern of the largest |w| (non-negative double)
};

FATHOM_FORCEINLINE_FUNCTION void merge(RunTally& t, RunTally const& o)
{
    merge(t.sum_w, o.sum_w);
    merge(t.sum_w2, o.sum_w2);
    t.accepted += o.accepted;
    t.failed_cuts += o.failed_cuts;
    t.zero_phase_space += o.zero_phase_space;
    t.nonfinite += o.nonfinite;
    t.nonfinite_me += o.nonfinite_me;
    t.nonfinite_phase_space += o.nonfinite_phase_space;
    t.max_weight_bits = t.max_weight_bits > o.max_weight_bits ? t.max_weight_bits : o.max_weight_bits;
}

FATHOM_FORCEINLINE_FUNCTION void atomic_merge(RunTally* t, RunTally const& o)
{
    atomic_merge(&t->sum_w, o.sum_w);
    atomic_merge(&t->sum_w2, o.sum_w2);
    atomic_add(&t->accepted, o.accepted);
    atomic_add(&t->failed_cuts, o.failed_cuts);
    atomic_add(&t->zero_phase_space, o.zero_phase_space);
    atomic_add(&t->nonfinite, o.nonfinite);
    atomic_add(&t->nonfinite_me, o.nonfinite_me);
    atomic_add(&t->nonfinite_phase_space, o.nonfinite_phase_space);
    atomic_max_bits(&t->max_weight_bits, o.max_weight_bits);
}
}  // namespace fathom
