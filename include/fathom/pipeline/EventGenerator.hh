// One event from its index: sample -> select -> matrix element -> weight -> observables.
// Pure per-event physics: it knows nothing of threads, batches or devices.
#pragma once

#include "RunParams.hh"
#include "fathom/process/MatrixElement.hh"
#include "fathom/random/PhiloxStream.hh"
#include "fathom/sampling/AdaptiveSamplerParams.hh"
#include "fathom/selection/Selection.hh"

namespace fathom
{
enum class EventStatus : std::uint8_t
{
    accepted,          //!< passed the cuts, finite weight
    zero_phase_space,  //!< the sampler produced no valid point
    failed_cuts,
    nonfinite,         //!< weight not finite (or out of the exact accumulator's range)
};

//! Event weight (index 0) and the weights of the process's named parts (1..num_parts).
inline constexpr size_type max_event_weights = 1 + max_me_parts;

struct EventResult
{
    EventStatus status{EventStatus::failed_cuts};
    real_type weight{0};  //!< pb; equal to weights[0]
    size_type num_weights{1};
    Array<real_type, max_event_weights> weights{};
    MatrixElement me{};
    Array<real_type, max_observables> observables{};
    SamplerTrace trace{};  //!< filled by adaptive samplers only (channel, grid bins, posteriors)
};

//! Samplers that report a trace (AdaptiveSampler) take a third argument.
template<class Sampler>
concept TracingSampler = requires(Sampler const& s, PhiloxStream& r, FourVector* o, SamplerTrace* t) {
    { s(r, o, t) };
};

template<class Process, class Sampler>
struct EventGenerator
{
    RunParams const* params;
    Process process;
    Sampler sampler;

    FATHOM_FUNCTION void operator()(event_index_type index, EventResult& result) const
    {
        PhiloxStream rng(params->seed, index);
        Event ev;
        ev.p[slot_ep_in] = params->beams.positron_in_cm();
        ev.p[slot_em_in] = params->beams.electron_in_cm();
        ev.present = slot_bit(slot_ep_in) | slot_bit(slot_em_in);

        FourVector out[Process::num_final];
        real_type ps_weight;
        if constexpr (TracingSampler<Sampler>)
            ps_weight = sampler(rng, out, &result.trace);
        else
            ps_weight = sampler(rng, out);
        if (!(ps_weight > 0))
        {
            result.status = EventStatus::zero_phase_space;
            return;
        }
        for (size_type i = 0; i < Process::num_final; ++i)
        {
            size_type s = Process::final_slot(i);
            ev.p[s] = out[i];
            ev.present |= slot_bit(s);
        }
        order_photons_by_energy(ev, Process::num_photons);

        ObservableEvaluator observe{params->beams};
        if (!Selection{&params->selection, observe}(ev))
        {
            result.status = EventStatus::failed_cuts;
            return;
        }
        result.me = process(ev, out);
        real_type to_pb = ps_weight * params->weight_factor;
        result.weight = result.me.total * to_pb;
        result.weights[0] = result.weight;
        result.num_weights = 1 + Process::num_parts;
        bool finite = std::isfinite(result.weight);
        if constexpr (Process::num_parts > 0)
        {
            for (size_type k = 0; k < Process::num_parts; ++k)
            {
                result.weights[1 + k] = result.me.parts[k] * to_pb;
                finite = finite && std::isfinite(result.weights[1 + k]);
            }
        }
        if (!finite)
        {
            result.status = EventStatus::nonfinite;
            return;
        }
        for (size_type o = 0; o < params->observables.count; ++o)
            result.observables[o] = observe(params->observables.defs[o], ev);
        result.status = EventStatus::accepted;
    }
};
}  // namespace fathom
