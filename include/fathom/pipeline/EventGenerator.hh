// One event from its index: sample -> select -> matrix element -> weight -> observables.
// Pure per-event physics: it knows nothing of threads, batches or devices.
#pragma once

#include "RunParams.hh"
#include "fathom/process/MatrixElement.hh"
#include "fathom/random/PhiloxStream.hh"
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

struct EventResult
{
    EventStatus status{EventStatus::failed_cuts};
    real_type weight{0};
    MatrixElement me{};
    Array<real_type, max_observables> observables{};
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
        real_type ps_weight = sampler(rng, out);
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
        result.me = process(ev);
        result.weight = result.me.total * ps_weight * params->weight_factor;
        if (!std::isfinite(result.weight))
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
