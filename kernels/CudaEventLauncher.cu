// The cuda backend's launcher (EventLauncher.hh): the run's non-blocking stream and launch
// shapes sized to the device (CudaLaunch.cuh), and the kernels of the run's process, picked here
// at run time from their own translation units (CudaProcessKernels.hh). Compiled by nvcc for the
// cuda backend only.
#include <algorithm>
#include <stdexcept>

#include <cuda_runtime_api.h>

#include "CudaLaunch.cuh"
#include "CudaProcessKernels.hh"
#include "EventLauncher.hh"
#include "RunDispatch.hh"
#include "SaturatingCount.hh"

namespace fathom
{
namespace
{
//! Make setup.device current before the run's stream and memory are created on it.
void select_device(DeviceRunSetup const& setup)
{
    if (setup.device < 0 || setup.device >= EventLauncher::device_count())
        throw std::invalid_argument("cuda device " + std::to_string(setup.device) + " does not exist ("
                                    + std::to_string(EventLauncher::device_count()) + " visible)");
    gpu::check_cuda(cudaSetDevice(setup.device), "cudaSetDevice");
}
}  // namespace

struct EventLauncher::Impl
{
    DeviceRunSetup const& setup;
    gpu::LaunchQueue queue;  //!< the run's stream, batches in flight, launch shapes

    explicit Impl(DeviceRunSetup const& s) : setup((select_device(s), s)) {}

    //! The production kernel's shape for this run's process and sampler.
    gpu::LaunchShape const& production_shape(AdaptiveSamplerParams const& sampler)
    {
        return with_process_id(setup.process.id, [&](auto id) -> gpu::LaunchShape const& {
            return gpu::ProcessKernels<decltype(id)::value>::production_shape(queue, setup, sampler,
                                                                             setup.params.histograms.total_bins);
        });
    }
};

EventLauncher::EventLauncher(DeviceRunSetup const& setup) : impl_(std::make_unique<Impl>(setup)) {}

EventLauncher::~EventLauncher() = default;

unsigned EventLauncher::replicas() const
{
    return 1;  // the kernels add into one copy with atomics
}

void EventLauncher::generate(AdaptiveSamplerParams const& sampler, ProductionViews const& v, event_index_type first,
                             event_index_type count)
{
    Impl& d = *impl_;
    with_process_id(d.setup.process.id, [&](auto id) {
        gpu::ProcessKernels<decltype(id)::value>::generate(d.queue, d.setup, sampler, v, first, count);
    });
}

void EventLauncher::train(AdaptiveSamplerParams const& sampler, TrainingViews const& v, event_index_type first,
                          event_index_type count)
{
    Impl& d = *impl_;
    with_process_id(d.setup.process.id, [&](auto id) {
        gpu::ProcessKernels<decltype(id)::value>::train(d.queue, d.setup, sampler, v, first, count);
    });
}

void EventLauncher::evaluate(AdaptiveSamplerParams const& sampler, RunParams const* params, event_index_type first,
                             event_index_type count, EventWeight* out)
{
    Impl& d = *impl_;
    with_process_id(d.setup.process.id, [&](auto id) {
        gpu::ProcessKernels<decltype(id)::value>::evaluate(d.queue, d.setup, sampler, params, first, count, out);
    });
    d.queue.synchronize();
}

void EventLauncher::synchronize()
{
    impl_->queue.synchronize();
}

std::uint64_t EventLauncher::events_finished(std::uint64_t)
{
    return impl_->queue.events_finished();
}

std::uint64_t EventLauncher::preferred_batch_size(AdaptiveSamplerParams const& sampler)
{
    return impl_->production_shape(sampler).threads() * gpu::preferred_events_per_thread;
}

ThrustPolicy EventLauncher::policy() const
{
    return thrust::cuda::par.on(impl_->queue.stream());
}

std::string EventLauncher::description(AdaptiveSamplerParams const& sampler)
{
    Impl& d = *impl_;
    gpu::LaunchShape const& s = d.production_shape(sampler);
    std::string const where = s.shared_bytes > 0 ? "histograms in shared memory (" + std::to_string(s.shared_bytes)
                                                       + " B per block)"
                                                 : "histograms in global memory";
    return "cuda, " + d.queue.device_name() + ", " + std::to_string(d.queue.multiprocessors()) + " SMs, grid "
           + std::to_string(s.grid) + " x " + std::to_string(s.block) + ", " + where;
}

BackendMemory EventLauncher::memory(DeviceRunSetup const& setup)
{
    BackendMemory m;
    select_device(setup);  // the free memory of the device the run will use
    std::size_t free_bytes = 0, total_bytes = 0;
    cudaError_t const err = cudaMemGetInfo(&free_bytes, &total_bytes);
    if (err != cudaSuccess)
        throw std::runtime_error(std::string("cudaMemGetInfo: ") + cudaGetErrorString(err));
    m.available_bytes = free_bytes;
    m.available_source = "free device memory, cudaMemGetInfo";

    // The runtime reserves the local memory of a launched kernel for every thread the device can
    // hold at once (about 5 GB on an H200 for an 18 KB stack): count the largest of the run's.
    std::uint64_t const local_per_thread = with_process_id(setup.process.id, [&](auto id) {
        return gpu::ProcessKernels<decltype(id)::value>::local_bytes_per_thread(setup);
    });
    int sms = 0, threads_per_sm = 0;
    gpu::check_cuda(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, setup.device), "cudaDeviceGetAttribute");
    gpu::check_cuda(cudaDeviceGetAttribute(&threads_per_sm, cudaDevAttrMaxThreadsPerMultiProcessor, setup.device),
                    "cudaDeviceGetAttribute");
    m.local_memory_bytes = saturating_mul(local_per_thread, static_cast<std::uint64_t>(sms) * threads_per_sm);
    return m;
}

int EventLauncher::device_count()
{
    int n = 0;
    if (cudaGetDeviceCount(&n) != cudaSuccess)
    {
        cudaGetLastError();  // clear the sticky "no device" error
        return 0;
    }
    return n;
}

char const* EventLauncher::backend_name()
{
    return "cuda";
}
}  // namespace fathom
