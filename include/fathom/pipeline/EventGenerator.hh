// One event from its index: sample -> select -> matrix element -> weight -> observables.
// Pure per-event physics: it knows nothing of threads, batches or devices.
#pragma once

#include "RunParams.hh"
#include "fathom/detector/DetectorResponse.hh"
#include "fathom/observables/AlpLikelihoodRatio.hh"
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
    nonfinite_me,      //!< the |M|^2 (or one of its parts) not finite: counted as nonfinite too
    nonfinite_phase_space,  //!< the sampler's weight not finite: counted as nonfinite too
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

//! Samplers whose weight can be computed after the cuts (AdaptiveSampler: the multichannel
//! density, most of its cost, is then skipped for events that fail them).
template<class Sampler>
concept DeferredWeightSampler = requires(Sampler const& s, PhiloxStream& r, FourVector* o, SamplerTrace* t) {
    { s.generate(r, o, t) };
    { s.mixture_weight(o, t, real_type(1)) };
};

template<class Sampler>
FATHOM_FUNCTION FATHOM_DEVICE_NOINLINE real_type generate_phase_space(Sampler const& sampler, PhiloxStream& rng,
                                                                      FourVector* out, SamplerTrace* trace)
{
    return sampler.generate(rng, out, trace);
}

template<class Sampler>
FATHOM_FUNCTION FATHOM_DEVICE_NOINLINE real_type phase_space_weight(Sampler const& sampler, FourVector const* out,
                                                                    SamplerTrace* trace, real_type generated)
{
    return sampler.mixture_weight(out, trace, generated);
}

//! Cuts and observables, out of line on the device: the same code for every process's kernels.
FATHOM_FUNCTION FATHOM_DEVICE_NOINLINE inline bool passes_selection(RunParams const& params, Event const& ev,
                                                                    real_type alp_llr)
{
    ObservableEvaluator observe{params.beams, alp_llr};
    return Selection{&params.selection, observe}(ev);
}

//! llr_alp of an e+ e- gamma gamma event: an extra stage with two matrix elements, out of line on
//! the device, instantiated only for processes with that final state.
FATHOM_FUNCTION FATHOM_DEVICE_NOINLINE inline real_type evaluate_alp_llr(RunParams const& params, Event const& ev)
{
    return AlpLikelihoodRatio{&params.alp_llr, params.beams}(ev);
}

//! Processes whose events llr_alp is defined on (the host refuses it for the others).
template<class Process>
inline constexpr bool has_alp_llr = Process::num_final == 4 && Process::num_photons == 2;

//! The reconstructed event (DetectorResponse.hh), from the response's own stream: Philox key
//! detector_response_seed(seed), subsequence = event index. The sampler's stream is untouched.
FATHOM_FUNCTION FATHOM_DEVICE_NOINLINE inline void reconstruct_event(RunParams const& params, event_index_type index,
                                                                     Event& ev, size_type num_photons)
{
    PhiloxStream rng(detector_response_seed(params.seed), index);
    ev = ApplyDetectorResponse{&params.detector, params.beams}(ev, rng, num_photons);
}

FATHOM_FUNCTION FATHOM_DEVICE_NOINLINE inline void evaluate_observables(RunParams const& params, Event const& ev,
                                                                        real_type alp_llr, real_type* values)
{
    ObservableEvaluator observe{params.beams, alp_llr};
    for (size_type o = 0; o < params.observables.count; ++o)
        values[o] = observe(params.observables.defs[o], ev);
}

//! An event between sampling and its matrix element: what finish() needs afterwards.
template<size_type NumFinal>
struct SampledEvent
{
    //! Cuts' and observables' event: generated, or reconstructed with the detector response on
    //! (its incoming beams are always the generated ones).
    Event ev;
    //! Generated final state in generation order (the process's order): the |M|^2's momenta.
    FourVector out[NumFinal];
    real_type ps_weight{0};
    //! llr_alp, once computed: before the selection when a cut needs it, or by the CPU pages'
    //! SIMD stage; else finish() computes it.
    real_type alp_llr{real_type(NAN)};
    bool has_alp_llr{false};
};

/*!
 * One event from its index, in two stages around the matrix element so that a launcher can
 * evaluate the matrix elements of many events together (SIMD across events on a CPU):
 * sample() -> [process(ev, out)] -> finish(). operator() runs all three for one event.
 */
template<class Process, class Sampler>
struct EventGenerator
{
    using process_type = Process;
    using Sampled = SampledEvent<Process::num_final>;

    RunParams const* params;
    Process process;
    Sampler sampler;

    //! Sample and select; true if the event needs its matrix element (else result is final).
    FATHOM_FUNCTION bool sample(event_index_type index, EventResult& result, Sampled& s) const
    {
        PhiloxStream rng(params->seed, index);
        s.alp_llr = real_type(NAN);
        s.has_alp_llr = false;
        Event& ev = s.ev;
        ev.p[slot_ep_in] = params->beams.positron_in_cm();
        ev.p[slot_em_in] = params->beams.electron_in_cm();
        ev.present = slot_bit(slot_ep_in) | slot_bit(slot_em_in);

        constexpr bool deferred = DeferredWeightSampler<Sampler>;
        if constexpr (deferred)
            s.ps_weight = generate_phase_space(sampler, rng, s.out, &result.trace);
        else
            s.ps_weight = sample_phase_space(sampler, rng, s.out, &result.trace);
        // a NaN or infinite weight is a failure to be counted, not "no phase space"
        if (!(s.ps_weight > 0) || !std::isfinite(s.ps_weight))
        {
            result.status = std::isfinite(s.ps_weight) ? EventStatus::zero_phase_space
                                                       : EventStatus::nonfinite_phase_space;
            return false;
        }
        for (size_type i = 0; i < Process::num_final; ++i)
        {
            size_type slot = Process::final_slot(i);
            ev.p[slot] = s.out[i];
            ev.present |= slot_bit(slot);
        }
        order_photons_by_energy(ev, Process::num_photons);
        if (params->detector.enabled)
            reconstruct_event(*params, index, ev, Process::num_photons);

        if constexpr (has_alp_llr<Process>)
        {
            if (params->alp_llr.in_cuts)
            {
                s.alp_llr = evaluate_alp_llr(*params, ev);
                s.has_alp_llr = true;
            }
        }
        if (!passes_selection(*params, ev, s.alp_llr))
        {
            result.status = EventStatus::failed_cuts;
            if constexpr (deferred)
                result.trace.posterior = {};  // no weight: nothing to train (w = 0)
            return false;
        }
        if constexpr (deferred)
        {
            s.ps_weight = phase_space_weight(sampler, s.out, &result.trace, s.ps_weight);
            if (!(s.ps_weight > 0) || !std::isfinite(s.ps_weight))
            {
                result.status = std::isfinite(s.ps_weight) ? EventStatus::zero_phase_space
                                                           : EventStatus::nonfinite_phase_space;
                return false;
            }
        }
        return true;
    }

    //! Weights, their finiteness and the observables of a selected event with its |M|^2.
    FATHOM_FUNCTION void finish(Sampled const& s, MatrixElement const& me, EventResult& result) const
    {
        result.me = me;
        real_type to_pb = s.ps_weight * params->weight_factor;
        result.weight = result.me.total * to_pb;
        result.weights[0] = result.weight;
        result.num_weights = 1 + Process::num_parts;
        bool finite = std::isfinite(result.weight);
        bool me_finite = std::isfinite(result.me.total);
        if constexpr (Process::num_parts > 0)
        {
            for (size_type k = 0; k < Process::num_parts; ++k)
            {
                result.weights[1 + k] = result.me.parts[k] * to_pb;
                finite = finite && std::isfinite(result.weights[1 + k]);
                me_finite = me_finite && std::isfinite(result.me.parts[k]);
            }
        }
        if (!finite)
        {
            // which factor failed, for the run's one-line diagnosis (RunCheck.hh)
            result.status = me_finite ? EventStatus::nonfinite : EventStatus::nonfinite_me;
            return;
        }
        real_type alp_llr = s.alp_llr;
        if constexpr (has_alp_llr<Process>)
        {
            if (params->alp_llr.enabled && !s.has_alp_llr)
                alp_llr = evaluate_alp_llr(*params, s.ev);
        }
        evaluate_observables(*params, s.ev, alp_llr, result.observables.data());
        result.status = EventStatus::accepted;
    }

    FATHOM_FUNCTION void operator()(event_index_type index, EventResult& result) const
    {
        Sampled s;
        if (!this->sample(index, result, s))
            return;
        this->finish(s, evaluate_process(process, s.ev, s.out), result);
    }
};
}  // namespace fathom
