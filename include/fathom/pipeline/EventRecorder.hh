// Adds one event's result to the run tally and the histograms, with a fill policy chosen by
// the launch layer (PrivateFill for per-thread replicas, AtomicFill for shared storage).
#pragma once

#include <cstring>

#include "EventGenerator.hh"
#include "RunTally.hh"
#include "fathom/histogram/HistogramState.hh"

namespace fathom
{
template<class FillPolicy>
struct EventRecorder
{
    HistogramSetParams hists;
    HistogramStateView storage;
    FillPolicy fill{};

    //! Record into a tally owned by the caller (merged later): exact, so order is irrelevant.
    FATHOM_FUNCTION void operator()(EventResult const& r, RunTally& tally) const
    {
        switch (r.status)
        {
            case EventStatus::zero_phase_space: ++tally.zero_phase_space; return;
            case EventStatus::failed_cuts: ++tally.failed_cuts; return;
            case EventStatus::nonfinite: ++tally.nonfinite; return;
            case EventStatus::accepted: break;
        }
        std::uint64_t w[ExactSum::num_limbs], w2[ExactSum::num_limbs];
        if (!detail::to_fixed(r.weight, w) || !detail::to_fixed(r.weight * r.weight, w2))
        {
            ++tally.nonfinite;  // beyond the exact accumulator's range: never added
            return;
        }
        ++tally.accepted;
        add_limbs(tally.sum_w, w);
        add_limbs(tally.sum_w2, w2);
        double aw = std::fabs(r.weight);
        std::uint64_t bits;
        std::memcpy(&bits, &aw, sizeof bits);
        tally.max_weight_bits = bits > tally.max_weight_bits ? bits : tally.max_weight_bits;

        for (size_type h = 0; h < hists.count; ++h)
        {
            std::uint64_t bin = global_bin(hists.hists[h], r.observables.data());
            fill(storage, bin, w, w2);
        }
    }
};
}  // namespace fathom
