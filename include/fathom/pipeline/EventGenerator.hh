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

//! The process's |M|^2 and the sampler's weight, out of line on the device (FATHOM_DEVICE_NOINLINE):
//! production and adaptation kernels share one copy of each.
template<class Process>
FATHOM_FUNCTION FATHOM_DEVICE_NOINLINE MatrixElement evaluate_process(Process const& process, Event const& ev,
                                                                      FourVector const* out)
{
    return process(ev, out);
}

template<class Sampler>
FATHOM_FUNCTION FATHOM_DEVICE_NOINLINE real_type sample_phase_space(Sampler const& sampler, PhiloxStream& rng,
                                                                    FourVector* out, SamplerTrace* trace)
{
    if constexpr (TracingSampler<Sampler>)
        return sampler(rng, out, trace);
    else
        return sampler(rng, out);
}

//! Cuts and observables, out of line on the device: the same code for every process's kernels.
FATHOM_FUNCTION FATHOM_DEVICE_NOINLINE inline bool passes_selection(RunParams const& params, Event const& ev)
{
    ObservableEvaluator observe{params.beams};
    return Selection{&params.selection, observe}(ev);
}

FATHOM_FUNCTION FATHOM_DEVICE_NOINLINE inline void evaluate_observables(RunParams const& params, Event const& ev,
                                                                        real_type* values)
{
    ObservableEvaluator observe{params.beams};
    for (size_type o = 0; o < params.observables.count; ++o)
        values[o] = observe(params.observables.defs[o], ev);
}

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
        real_type const ps_weight = sample_phase_space(sampler, rng, out, &result.trace);
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

        if (!passes_selection(*params, ev))
        {
            result.status = EventStatus::failed_cuts;
            return;
        }
        result.me = evaluate_process(process, ev, out);
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
        evaluate_observables(*params, ev, result.observables.data());
        result.status = EventStatus::accepted;
    }
};
}  // namespace fathom
