// Adds one event's result to the run tally and the histograms, with a fill policy chosen by
// the launch layer (PrivateFill for per-thread replicas, AtomicFill for shared storage).
#pragma once

#include <cstring>

#include "EventGenerator.hh"
#include "RunTally.hh"
#include "WeightSpectrum.hh"
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
    //! Out of line on the device: one copy per fill policy, shared by all kernels.
    FATHOM_FUNCTION FATHOM_DEVICE_NOINLINE void operator()(EventResult const& r, RunTally& tally) const
    {
        switch (r.status)
        {
            case EventStatus::zero_phase_space: ++tally.zero_phase_space; return;
            case EventStatus::failed_cuts: ++tally.failed_cuts; return;
            case EventStatus::nonfinite: ++tally.nonfinite; return;
            case EventStatus::nonfinite_me:
                ++tally.nonfinite;
                ++tally.nonfinite_me;
                return;
            case EventStatus::nonfinite_phase_space:
                ++tally.nonfinite;
                ++tally.nonfinite_phase_space;
                return;
            case EventStatus::accepted: break;
        }
        // All weights (event weight and named parts) in fixed point before anything is added:
        // a weight beyond the exact accumulator's range makes the whole event non-finite.
        std::uint64_t w[max_event_weights][ExactSum::num_limbs];
        std::uint64_t w2[max_event_weights][ExactSum::num_limbs];
        for (size_type k = 0; k < r.num_weights; ++k)
        {
            if (!detail::to_fixed(r.weights[k], w[k])
                || !detail::to_fixed(r.weights[k] * r.weights[k], w2[k]))
            {
                ++tally.nonfinite;
                return;
            }
        }
        ++tally.accepted;
        add_limbs(tally.sum_w, w[0]);
        add_limbs(tally.sum_w2, w2[0]);
        double aw = std::fabs(r.weight);
        std::uint64_t bits;
        std::memcpy(&bits, &aw, sizeof bits);
        tally.max_weight_bits = bits > tally.max_weight_bits ? bits : tally.max_weight_bits;

        if (hists.weight_spectrum)
            fill(storage, hists.weight_spectrum_offset + weight_spectrum_bin(r.weight), w[0], w2[0]);
        for (size_type h = 0; h < hists.count; ++h)
        {
            HistogramParams const& hp = hists.hists[h];
            std::uint64_t bin = global_bin(hp, r.observables.data());
            size_type k = hp.weight_index < r.num_weights ? hp.weight_index : 0;
            fill(storage, bin, w[k], w2[k]);
        }
    }
};
}  // namespace fathom
