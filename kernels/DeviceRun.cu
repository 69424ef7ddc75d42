// The fused sample -> select -> evaluate -> fill kernel and its launches, for both backends.
// With FATHOM_BACKEND_CUDA this file is compiled by nvcc; with FATHOM_BACKEND_OMP by the host
// compiler, Thrust's device system being OpenMP. Only this file knows the difference.
#include "DeviceRun.hh"

#include <stdexcept>

#include <thrust/copy.h>
#include <thrust/device_vector.h>
#include <thrust/execution_policy.h>
#include <thrust/fill.h>
#include <thrust/for_each.h>
#include <thrust/iterator/counting_iterator.h>

#include "fathom/pipeline/EventRecorder.hh"
#include "fathom/amplitude/BhabhaAmplitude.hh"
#include "fathom/amplitude/EeToThreePhotonsAmplitude.hh"
#include "fathom/amplitude/RadiativeBhabhaAmplitude.hh"
#include "fathom/process/AlpProcesses.hh"
#include "fathom/process/AmplitudeProcess.hh"

#if FATHOM_BACKEND_OMP
#    include <omp.h>
#endif

namespace fathom
{
namespace
{
#if FATHOM_BACKEND_OMP
//! Events per work item on the CPU: large enough to amortise the tally merge, small enough
//! to balance the threads. Results do not depend on it (all sums are exact).
constexpr event_index_type cpu_chunk_events = 256;

//! CPU kernel: one work item is a chunk of consecutive events, filled into the replica of
//! the OpenMP thread that runs it with plain (non-atomic) exact adds.
template<class Generator>
struct ChunkKernel
{
    Generator generate;
    HistogramSetParams hists;
    ExactSum* sum_w;
    ExactSum* sum_w2;
    RunTally* tallies;
    event_index_type first;
    event_index_type last;

    void operator()(event_index_type chunk) const
    {
        auto replica = static_cast<std::uint64_t>(omp_get_thread_num());
        EventRecorder<PrivateFill> record{
            hists, {sum_w + replica * hists.total_bins, sum_w2 + replica * hists.total_bins}};
        RunTally local{};
        event_index_type begin = first + chunk * cpu_chunk_events;
        event_index_type end = begin + cpu_chunk_events < last ? begin + cpu_chunk_events : last;
        EventResult result;
        for (event_index_type i = begin; i < end; ++i)
        {
            generate(i, result);
            record(result, local);
        }
        merge(tallies[replica], local);
    }
};
#else
//! GPU kernel: one thread per event, exact atomics into shared storage.
template<class Generator>
struct EventKernel
{
    Generator generate;
    EventRecorder<AtomicFill> record;
    RunTally* tally;
    event_index_type first;

    __device__ void operator()(event_index_type offset) const
    {
        EventResult result;
        generate(first + offset, result);
        RunTally local{};
        record(result, local);
        atomic_merge(tally, local);
    }
};
#endif
}  // namespace

struct DeviceRun::Impl
{
    DeviceRunSetup setup;
    unsigned replicas{1};
    thrust::device_vector<RunParams> params;
    thrust::device_vector<HistogramParams> hists;
    thrust::device_vector<real_type> edges;
    thrust::device_vector<ExactSum> sum_w;
    thrust::device_vector<ExactSum> sum_w2;
    thrust::device_vector<RunTally> tallies;

    template<class Process, class Sampler>
    void launch(Process const& process, Sampler const& sampler, event_index_type first, event_index_type count)
    {
        using Gen = EventGenerator<Process, Sampler>;
        Gen gen{thrust::raw_pointer_cast(params.data()), process, sampler};
        HistogramSetParams hs = setup.params.histograms;
#if FATHOM_BACKEND_OMP
        event_index_type chunks = (count + cpu_chunk_events - 1) / cpu_chunk_events;
        ChunkKernel<Gen> kernel{gen,
                                hs,
                                thrust::raw_pointer_cast(sum_w.data()),
                                thrust::raw_pointer_cast(sum_w2.data()),
                                thrust::raw_pointer_cast(tallies.data()),
                                first,
                                first + count};
        thrust::for_each(thrust::device, thrust::counting_iterator<event_index_type>(0),
                         thrust::counting_iterator<event_index_type>(chunks), kernel);
#else
        EventKernel<Gen> kernel{gen,
                                {hs,
                                 {thrust::raw_pointer_cast(sum_w.data()),
                                  thrust::raw_pointer_cast(sum_w2.data())}},
                                thrust::raw_pointer_cast(tallies.data()),
                                first};
        thrust::for_each(thrust::device, thrust::counting_iterator<event_index_type>(0),
                         thrust::counting_iterator<event_index_type>(count), kernel);
#endif
    }
};

DeviceRun::DeviceRun(DeviceRunSetup const& setup) : impl_(std::make_unique<Impl>())
{
    Impl& d = *impl_;
    d.setup = setup;
#if FATHOM_BACKEND_OMP
    if (setup.threads > 0)
        omp_set_num_threads(static_cast<int>(setup.threads));
    d.replicas = static_cast<unsigned>(omp_get_max_threads());
#endif
    // Variable-axis edges: one device buffer, pointers patched into the axes.
    std::vector<real_type> all_edges;
    std::vector<std::pair<std::size_t, std::size_t>> where;  // (axis id, first edge)
    std::vector<HistogramParams> hists = setup.histograms;
    for (std::size_t h = 0; h < hists.size(); ++h)
    {
        for (size_type a = 0; a < hists[h].ndim; ++a)
        {
            if (hists[h].axes[a].kind != AxisKind::variable)
                continue;
            auto const& e = setup.edges.at(h).at(a);
            if (e.size() != hists[h].axes[a].bins + 1)
                throw std::logic_error("variable axis edges do not match its bin count");
            where.emplace_back(h * max_histogram_dims + a, all_edges.size());
            all_edges.insert(all_edges.end(), e.begin(), e.end());
        }
    }
    d.edges.assign(all_edges.begin(), all_edges.end());
    for (auto const& [id, first] : where)
    {
        hists[id / max_histogram_dims].axes[id % max_histogram_dims].edges
            = thrust::raw_pointer_cast(d.edges.data()) + first;
    }
    d.hists.assign(hists.begin(), hists.end());

    std::uint64_t total = setup.params.histograms.total_bins;
    d.sum_w.assign(total * d.replicas, ExactSum{});
    d.sum_w2.assign(total * d.replicas, ExactSum{});
    d.tallies.assign(d.replicas, RunTally{});

    d.setup.params.histograms.hists = thrust::raw_pointer_cast(d.hists.data());
    d.setup.params.histograms.count = static_cast<size_type>(hists.size());
    d.params.assign(1, d.setup.params);
}

DeviceRun::~DeviceRun() = default;

void DeviceRun::generate(event_index_type first, event_index_type count)
{
    if (count == 0)
        return;
    DeviceRunSetup const& s = impl_->setup;
    ProcessSetup const& p = s.process;
    Rambo const rambo{s.rambo};
    ResonanceSampler const resonance{s.resonance};
    bool const fusion = s.sampler == SamplerKind::two_photon_fusion;
    switch (p.id)
    {
        case ProcessId::ee_ee:
            impl_->launch(AmplitudeProcess<BhabhaAmplitude, 2, 0>{BhabhaAmplitude{p.bhabha}}, rambo,
                          first, count);
            return;
        case ProcessId::ee_eea:
            impl_->launch(AmplitudeProcess<RadiativeBhabhaAmplitude, 2, 1>{{p.bhabha}}, rambo,
                          first, count);
            return;
        case ProcessId::ee_eeaa: {
            AmplitudeProcess<DoubleRadiativeBhabhaAmplitude, 2, 2> const process{{p.bhabha}};
            if (fusion)
                impl_->launch(process, TwoPhotonFusionSampler{s.fusion}, first, count);
            else
                impl_->launch(process, rambo, first, count);
            return;
        }
        case ProcessId::ee_aaa:
            impl_->launch(
                AmplitudeProcess<EeToThreePhotonsAmplitude, 0, 3>{EeToThreePhotonsAmplitude{p.annihilation}},
                rambo, first, count);
            return;
        case ProcessId::alp_fusion:
            if (fusion)
                impl_->launch(AlpFusionProcess{p.alp}, TwoPhotonFusionSampler{s.fusion}, first, count);
            else
                impl_->launch(AlpFusionProcess{p.alp}, resonance, first, count);
            return;
        case ProcessId::alp_photon:
            impl_->launch(AlpPhotonProcess{p.alp}, resonance, first, count);
            return;
    }
    throw std::logic_error("unknown process id");
}

DeviceRunResult DeviceRun::result() const
{
    Impl const& d = *impl_;
    std::uint64_t total = d.setup.params.histograms.total_bins;
    std::vector<ExactSum> sw(d.sum_w.size()), sw2(d.sum_w2.size());
    thrust::copy(d.sum_w.begin(), d.sum_w.end(), sw.begin());
    thrust::copy(d.sum_w2.begin(), d.sum_w2.end(), sw2.begin());
    std::vector<RunTally> tallies(d.tallies.size());
    thrust::copy(d.tallies.begin(), d.tallies.end(), tallies.begin());

    DeviceRunResult r;
    r.sum_w.assign(sw.begin(), sw.begin() + static_cast<std::ptrdiff_t>(total));
    r.sum_w2.assign(sw2.begin(), sw2.begin() + static_cast<std::ptrdiff_t>(total));
    r.tally = tallies[0];
    for (unsigned k = 1; k < d.replicas; ++k)
    {
        merge(r.tally, tallies[k]);
        for (std::uint64_t b = 0; b < total; ++b)
        {
            merge(r.sum_w[b], sw[k * total + b]);
            merge(r.sum_w2[b], sw2[k * total + b]);
        }
    }
    return r;
}

std::uint64_t DeviceRun::device_bytes() const
{
    Impl const& d = *impl_;
    return (d.sum_w.size() + d.sum_w2.size()) * sizeof(ExactSum)
           + d.tallies.size() * sizeof(RunTally) + d.hists.size() * sizeof(HistogramParams)
           + d.edges.size() * sizeof(real_type) + sizeof(RunParams);
}

std::string DeviceRun::description() const
{
#if FATHOM_BACKEND_OMP
    return "omp, " + std::to_string(impl_->replicas) + " threads";
#else
    return "cuda";
#endif
}

unsigned DeviceRun::threads() const
{
    return impl_->replicas;
}

char const* DeviceRun::backend_name()
{
#if FATHOM_BACKEND_OMP
    return "omp";
#else
    return "cuda";
#endif
}
}  // namespace fathom
