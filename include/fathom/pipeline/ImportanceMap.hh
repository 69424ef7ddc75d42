// Analysis-aware adaptation: the adaptive sampler trains on f(x) h(x) instead of f(x), with h a
// positive factor per bin of one of the run's histograms (an importance map). The sampler's
// density then follows f h, so more events land where h is large; the event weights stay
// w = f / g, so every histogram and the cross section remain unbiased (issue 14, docs/design.md).
#pragma once

#include "EventGenerator.hh"
#include "fathom/histogram/HistogramParams.hh"

namespace fathom
{
//! Device view of an importance map: factor[b] for bin b of *histogram (flow bins included).
//! No map (factor == nullptr): training on f alone.
struct ImportanceMapView
{
    HistogramParams const* histogram{nullptr};
    real_type const* factor{nullptr};

    FATHOM_FUNCTION bool enabled() const { return factor != nullptr; }
};

/*!
 * The value an adaptation event trains the sampler with (AdaptiveTrainer): its weight f / g
 * times the map's factor in the event's bin of the map's histogram; 0 for an event that was not
 * accepted (it still counts in the grids' denominators).
 */
FATHOM_FUNCTION inline real_type training_weight(EventResult const& r, ImportanceMapView const& map)
{
    if (r.status != EventStatus::accepted)
        return 0;
    if (!map.enabled())
        return r.weight;
    std::uint64_t const bin = global_bin(*map.histogram, r.observables.data()) - map.histogram->offset;
    return r.weight * map.factor[bin];
}
}  // namespace fathom
