// The omp backend's launcher (EventLauncher.hh): chunks of consecutive events on OpenMP threads
// through Thrust's OpenMP system, each thread filling its own replica of the sums with plain
// exact adds; SIMD pages of events where the process has a SIMD matrix element.
#include <omp.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include <thrust/for_each.h>
#include <thrust/iterator/counting_iterator.h>

#include "CpuEventPages.hh"
#include "EventLauncher.hh"
#include "RunDispatch.hh"
#include "SaturatingCount.hh"
#include "fathom/process/SimdProcess.hh"

namespace fathom
{
namespace
{
//! Threads of a run with threads = 0: the process's OpenMP default, taken before any run set
//! its own count (omp_set_num_threads changes what later parallel regions get).
unsigned default_cpu_threads()
{
    static unsigned const n = static_cast<unsigned>(omp_get_max_threads());
    return n;
}

unsigned cpu_replicas(DeviceRunSetup const& setup)
{
    return setup.threads > 0 ? setup.threads : default_cpu_threads();
}

//! Events per work item on the CPU: large enough to amortise the tally merge, small enough
//! to balance the threads. Results do not depend on it (all sums are exact).
constexpr event_index_type cpu_chunk_events = 256;

//! CPU kernel: one work item is a chunk of consecutive events, filled into the replica of
//! the OpenMP thread that runs it with plain (non-atomic) exact adds.
template<class Generator, class Recorders>
struct ChunkKernel
{
    Generator generate;
    Recorders recorders;  //!< recorders(replica) -> what records one event into that replica
    RunTally* tallies;
    event_index_type first;
    event_index_type last;
    bool simd;  //!< pages with SIMD matrix elements (or llr_alp's SIMD stage), where the run has them

    void operator()(event_index_type chunk) const
    {
        auto replica = static_cast<std::uint64_t>(omp_get_thread_num());
        auto const record = recorders(replica);
        RunTally local{};
        event_index_type begin = first + chunk * cpu_chunk_events;
        event_index_type end = begin + cpu_chunk_events < last ? begin + cpu_chunk_events : last;
        if (has_paged_form<Generator> && simd && pages_pay(generate))
        {
            if constexpr (has_paged_form<Generator>)
                run_paged_events(generate, record, local, begin, end);
        }
        else
        {
            EventResult result;
            for (event_index_type i = begin; i < end; ++i)
            {
                generate(i, result);
                record(result, local);
            }
        }
        merge(tallies[replica], local);
    }
};

//! Production: the tally and the histograms of the thread's replica.
struct HistogramRecorders
{
    HistogramSetParams hists;
    ExactSum* sum_w;
    ExactSum* sum_w2;

    EventRecorder<PrivateFill> operator()(std::uint64_t replica) const
    {
        return {hists, {sum_w + replica * hists.total_bins, sum_w2 + replica * hists.total_bins}};
    }
};

//! Adaptation: events only train the sampler (per-thread replicas of the training sums) and
//! count in the iteration's tally; no histograms.
struct TrainingRecorders
{
    AdaptiveTrainingView train;  //!< replica 0; replica r is offset by r * cells (r * channels)
    ImportanceMapView importance;

    auto operator()(std::uint64_t replica) const
    {
        AdaptiveTrainingView v = train;
        std::uint64_t const cells = train.num_cells();
        v.grid_value += replica * cells;
        v.grid_weight += replica * cells;
        v.channel_value += replica * train.num_channels;
        v.channel_count += replica * train.num_channels;
        return [trainer = AdaptiveTrainer<PrivateFill>{v},
                count = EventRecorder<PrivateFill>{HistogramSetParams{}, HistogramStateView{}},
                importance = importance](EventResult const& r, RunTally& tally) {
            count(r, tally);
            trainer(r.trace, training_weight(r, importance));
        };
    }
};

//! One event per index, status and weight out, nothing recorded (EventLauncher::evaluate).
template<class Generator>
struct EvaluateKernel
{
    Generator generate;
    event_index_type first;
    EventWeight* out;

    void operator()(event_index_type i) const
    {
        EventResult r;
        generate(first + i, r);
        out[i] = EventWeight{static_cast<std::uint8_t>(r.status), r.weight};
    }
};

//! MemAvailable of /proc/meminfo (what can be allocated without swapping), else free pages.
std::uint64_t available_host_memory(std::string& source)
{
    std::ifstream meminfo("/proc/meminfo");
    std::string line;
    while (std::getline(meminfo, line))
    {
        std::istringstream is(line);
        std::string key;
        std::uint64_t kib = 0;
        if (is >> key >> kib && key == "MemAvailable:")
        {
            source = "available physical memory, MemAvailable of /proc/meminfo";
            return kib * 1024;
        }
    }
    source = "available physical memory, sysconf(_SC_AVPHYS_PAGES)";
    long const pages = sysconf(_SC_AVPHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    return pages > 0 && page > 0 ? saturating_mul(static_cast<std::uint64_t>(pages), static_cast<std::uint64_t>(page)) : 0;
}
}  // namespace

struct EventLauncher::Impl
{
    DeviceRunSetup const& setup;
    unsigned replicas;

    //! f(0), ..., f(n - 1) on `replicas` threads: a kernel's replica is the OpenMP thread number,
    //! so never more threads than replicas, whatever another run in this process set since.
    template<class F>
    void for_each_index(event_index_type n, F const& f) const
    {
        omp_set_num_threads(static_cast<int>(replicas));
        thrust::for_each(thrust::device, thrust::counting_iterator<event_index_type>(0),
                         thrust::counting_iterator<event_index_type>(n), f);
    }

    //! Run kernel over the chunks of [first, first + count).
    template<class Kernel>
    void run_chunks(Kernel const& kernel, event_index_type count) const
    {
        for_each_index((count + cpu_chunk_events - 1) / cpu_chunk_events, kernel);
    }
};

EventLauncher::EventLauncher(DeviceRunSetup const& setup)
    : impl_(std::make_unique<Impl>(Impl{setup, cpu_replicas(setup)}))
{
}

EventLauncher::~EventLauncher() = default;

unsigned EventLauncher::replicas() const
{
    return impl_->replicas;
}

void EventLauncher::generate(AdaptiveSamplerParams const& sampler, ProductionViews const& v, event_index_type first,
                             event_index_type count)
{
    Impl const& d = *impl_;
    with_event_generator(d.setup, sampler, v.params, [&](auto const& gen) {
        d.run_chunks(ChunkKernel<std::decay_t<decltype(gen)>, HistogramRecorders>{
                         gen, {v.histograms, v.sum_w, v.sum_w2}, v.tallies, first, first + count, d.setup.simd},
                     count);
    });
}

void EventLauncher::train(AdaptiveSamplerParams const& sampler, TrainingViews const& v, event_index_type first,
                          event_index_type count)
{
    Impl const& d = *impl_;
    with_event_generator(d.setup, sampler, v.params, [&](auto const& gen) {
        d.run_chunks(ChunkKernel<std::decay_t<decltype(gen)>, TrainingRecorders>{
                         gen, {v.train, v.importance}, v.tallies, first, first + count, d.setup.simd},
                     count);
    });
}

void EventLauncher::evaluate(AdaptiveSamplerParams const& sampler, RunParams const* params, event_index_type first,
                             event_index_type count, EventWeight* out)
{
    Impl const& d = *impl_;
    with_event_generator(d.setup, sampler, params, [&](auto const& gen) {
        d.for_each_index(count, EvaluateKernel<std::decay_t<decltype(gen)>>{gen, first, out});
    });
}

void EventLauncher::synchronize() {}

std::uint64_t EventLauncher::events_finished(std::uint64_t generated)
{
    return generated;  // generate() returns when its batch is done
}

std::uint64_t EventLauncher::preferred_batch_size(AdaptiveSamplerParams const&)
{
    return 1'000'000;
}

ThrustPolicy EventLauncher::policy() const
{
    return thrust::device;
}

std::string EventLauncher::description(AdaptiveSamplerParams const&)
{
    std::string simd;
    with_process(impl_->setup.process, [&](auto const& process) {
        using Process = std::decay_t<decltype(process)>;
        if (SimdProcess<Process>::available && impl_->setup.simd)
            simd = ", matrix elements on " + std::to_string(simd_lanes) + "-lane SIMD packs";
    });
    return "omp, " + std::to_string(impl_->replicas) + " threads" + simd;
}

BackendMemory EventLauncher::memory(DeviceRunSetup const& setup)
{
    BackendMemory m;
    m.replicas = cpu_replicas(setup);  // as the launcher: one replica per OpenMP thread
    m.available_bytes = available_host_memory(m.available_source);
    return m;  // no per-thread local memory beyond the host's stacks
}

int EventLauncher::device_count()
{
    return 0;  // the CPU is not counted as a device
}

char const* EventLauncher::backend_name()
{
    return "omp";
}
}  // namespace fathom
