// The process functor and phase-space sampler of a run, built from its DeviceRunSetup: the one
// place that pairs each ProcessId with its functor and its samplers. The backends' launchers
// (EventLauncher.hh) launch their kernels through it; the benchmarks replay a run's events
// with exactly the same pair.
// Plain host C++ (no Thrust or CUDA types); the functors it builds are host+device code.
#pragma once

#include <stdexcept>
#include <type_traits>

#include "DeviceRun.hh"
#include "fathom/amplitude/BhabhaAmplitude.hh"
#include "fathom/amplitude/EeToThreePhotonsAmplitude.hh"
#include "fathom/amplitude/RadiativeBhabhaAmplitude.hh"
#include "fathom/pipeline/EventGenerator.hh"
#include "fathom/process/AlpProcesses.hh"
#include "fathom/process/AmplitudeProcess.hh"
#include "fathom/sampling/AdaptiveSampler.hh"

namespace fathom
{
//! The process functor of ProcessId Id, built from the run's ProcessSetup.
template<ProcessId Id>
auto process_functor(ProcessSetup const& p)
{
    if constexpr (Id == ProcessId::ee_ee)
        return AmplitudeProcess<BhabhaAmplitude, 2, 0>{BhabhaAmplitude{p.bhabha}};
    else if constexpr (Id == ProcessId::ee_eea)
        return AmplitudeProcess<RadiativeBhabhaAmplitude, 2, 1>{{p.bhabha}};
    else if constexpr (Id == ProcessId::ee_eeaa)
        return AmplitudeProcess<DoubleRadiativeBhabhaAmplitude, 2, 2>{{p.bhabha}};
    else if constexpr (Id == ProcessId::ee_aaa)
        return AmplitudeProcess<EeToThreePhotonsAmplitude, 0, 3>{EeToThreePhotonsAmplitude{p.annihilation}};
    else if constexpr (Id == ProcessId::alp_fusion)
        return AlpFusionProcess{p.alp};
    else
    {
        static_assert(Id == ProcessId::alp_photon, "a ProcessId without a functor");
        return AlpPhotonProcess{p.alp};
    }
}

//! f(std::integral_constant<ProcessId, id>): a run-time process id as a compile-time one.
template<class F>
decltype(auto) with_process_id(ProcessId id, F&& f)
{
    switch (id)
    {
        case ProcessId::ee_ee: return f(std::integral_constant<ProcessId, ProcessId::ee_ee>{});
        case ProcessId::ee_eea: return f(std::integral_constant<ProcessId, ProcessId::ee_eea>{});
        case ProcessId::ee_eeaa: return f(std::integral_constant<ProcessId, ProcessId::ee_eeaa>{});
        case ProcessId::ee_aaa: return f(std::integral_constant<ProcessId, ProcessId::ee_aaa>{});
        case ProcessId::alp_fusion: return f(std::integral_constant<ProcessId, ProcessId::alp_fusion>{});
        case ProcessId::alp_photon: return f(std::integral_constant<ProcessId, ProcessId::alp_photon>{});
    }
    throw std::logic_error("unknown process id");
}

//! f(process functor) with the process of a run.
template<class F>
decltype(auto) with_process(ProcessSetup const& p, F&& f)
{
    return with_process_id(p.id, [&](auto id) -> decltype(auto) { return f(process_functor<decltype(id)::value>(p)); });
}

//! The adaptive channel pack of a process type (AdaptiveChannels.hh): one pack per process,
//! chosen at compile time, so each process has one adaptive kernel.
template<class Process>
auto adaptive_channels_of(AdaptiveChannelParams const& c)
{
    if constexpr (std::is_same_v<Process, AmplitudeProcess<BhabhaAmplitude, 2, 0>>)
        return two_body_channels(c);
    else if constexpr (std::is_same_v<Process, AmplitudeProcess<DoubleRadiativeBhabhaAmplitude, 2, 2>>)
        return radiative_pair_channels(c);
    else if constexpr (std::is_same_v<Process, AlpFusionProcess>)
        return fusion_channels(c);
    else if constexpr (std::is_same_v<Process, AlpPhotonProcess>)
        return resonance_channels(c);
    else
        return rambo_channels(c);  // ee_eea, ee_aaa: VEGAS over RAMBO's uniforms
}

//! The names of the channels of adaptive_channels_of<Process>, in pack order.
template<class Process>
constexpr auto const& adaptive_channel_names_of()
{
    if constexpr (std::is_same_v<Process, AmplitudeProcess<BhabhaAmplitude, 2, 0>>)
        return two_body_channel_names;
    else if constexpr (std::is_same_v<Process, AmplitudeProcess<DoubleRadiativeBhabhaAmplitude, 2, 2>>)
        return radiative_pair_channel_names;
    else if constexpr (std::is_same_v<Process, AlpFusionProcess>)
        return fusion_channel_names;
    else if constexpr (std::is_same_v<Process, AlpPhotonProcess>)
        return resonance_channel_names;
    else
        return rambo_channel_names;
}

//! f(process, sampler) with \p process and the run's sampler for it. \p adaptive: the adaptive
//! sampler's grids and weights (used for SamplerKind::adaptive only).
template<class P, class F>
void with_sampler(P const& process, DeviceRunSetup const& s, AdaptiveSamplerParams const& adaptive, F&& f)
{
    constexpr bool alp = std::is_same_v<P, AlpFusionProcess> || std::is_same_v<P, AlpPhotonProcess>;
    constexpr bool fusion_ok = std::is_same_v<P, AlpFusionProcess>
                               || std::is_same_v<P, AmplitudeProcess<DoubleRadiativeBhabhaAmplitude, 2, 2>>;
    if (s.sampler == SamplerKind::adaptive)
    {
        auto const pack = adaptive_channels_of<P>(s.adaptive.channels);
        return f(process, AdaptiveSampler<std::decay_t<decltype(pack)>>{pack, adaptive});
    }
    if constexpr (fusion_ok)
    {
        if (s.sampler == SamplerKind::two_photon_fusion)
            return f(process, TwoPhotonFusionSampler{s.fusion});
    }
    if constexpr (alp)
        return f(process, ResonanceSampler{s.resonance});
    else
        return f(process, Rambo{s.rambo});
}

//! f(process, sampler) with a run's process and sampler.
template<class F>
void with_process_and_sampler(DeviceRunSetup const& s, AdaptiveSamplerParams const& adaptive, F&& f)
{
    with_process(s.process, [&](auto const& process) { with_sampler(process, s, adaptive, f); });
}

//! f(generator) with the EventGenerator of process Id and the run's sampler, reading \p params
//! (in the memory of the device it runs on): one kernel per generator type. Instantiates the
//! generators of process Id only (the cuda launcher compiles each process apart).
template<ProcessId Id, class F>
void with_event_generator_of(DeviceRunSetup const& s, AdaptiveSamplerParams const& adaptive, RunParams const* params,
                             F&& f)
{
    with_sampler(process_functor<Id>(s.process), s, adaptive, [&](auto const& process, auto const& sampler) {
        f(EventGenerator<std::decay_t<decltype(process)>, std::decay_t<decltype(sampler)>>{params, process, sampler});
    });
}

//! f(generator) with the EventGenerator of a run's process and sampler: what the launchers
//! launch.
template<class F>
void with_event_generator(DeviceRunSetup const& s, AdaptiveSamplerParams const& adaptive, RunParams const* params,
                          F&& f)
{
    with_process_id(s.process.id,
                    [&](auto id) { with_event_generator_of<decltype(id)::value>(s, adaptive, params, f); });
}

}  // namespace fathom
