// The definitions of ProcessKernels<Id> (CudaProcessKernels.hh): the block-level kernels of
// CudaEventKernels.cuh for process Id's generators, launched grid-stride on the run's stream.
// Included only by the per-process units made from CudaProcessKernels.cu.in.
#pragma once

#include <algorithm>
#include <stdexcept>
#include <type_traits>

#include <cuda_runtime_api.h>

#include "CudaEventKernels.cuh"
#include "CudaLaunch.cuh"
#include "CudaProcessKernels.hh"
#include "RunDispatch.hh"

namespace fathom::gpu
{
//! Generators that train: those of the adaptive sampler (the only one DeviceRun::adapt accepts).
//! The others get no adaptation kernel: a fifth fewer kernels for ptxas, most of a build's time.
template<class Generator>
inline constexpr bool trains = false;
template<class Process, class Sampler>
inline constexpr bool trains<EventGenerator<Process, Sampler>> = TracingSampler<Sampler>;

template<ProcessId Id>
LaunchShape const& ProcessKernels<Id>::production_shape(LaunchQueue& queue, DeviceRunSetup const& setup,
                                                        AdaptiveSamplerParams const& sampler, std::uint64_t total_bins)
{
    LaunchShape const* shape = nullptr;
    with_event_generator_of<Id>(setup, sampler, nullptr, [&](auto const& gen) {
        shape = &queue.production_shape(&event_kernel<std::decay_t<decltype(gen)>>, total_bins,
                                        setup.histogram_memory);
    });
    return *shape;
}

template<ProcessId Id>
void ProcessKernels<Id>::generate(LaunchQueue& queue, DeviceRunSetup const& setup, AdaptiveSamplerParams const& sampler,
                                  ProductionViews const& v, event_index_type first, event_index_type count)
{
    with_event_generator_of<Id>(setup, sampler, v.params, [&](auto const& gen) {
        using Gen = std::decay_t<decltype(gen)>;
        LaunchShape const shape
            = queue.production_shape(&event_kernel<Gen>, v.histograms.total_bins, setup.histogram_memory);
        queue.before_batch();
        event_kernel<Gen><<<shape.grid_for(count), shape.block, shape.shared_bytes, queue.stream()>>>(
            gen, v.histograms, HistogramStateView{v.sum_w, v.sum_w2}, shape.shared_bytes > 0, v.tallies, first, count);
        queue.after_batch(count);
    });
}

template<ProcessId Id>
void ProcessKernels<Id>::train(LaunchQueue& queue, DeviceRunSetup const& setup, AdaptiveSamplerParams const& sampler,
                               TrainingViews const& v, event_index_type first, event_index_type count)
{
    with_event_generator_of<Id>(setup, sampler, v.params, [&](auto const& gen) {
        using Gen = std::decay_t<decltype(gen)>;
        if constexpr (trains<Gen>)
        {
            LaunchShape const shape = queue.plain_shape(&train_kernel<Gen>);
            queue.before_launch();
            train_kernel<Gen><<<shape.grid_for(count), shape.block, 0, queue.stream()>>>(gen, v.train, v.importance,
                                                                                          v.tallies, first, count);
            queue.after_launch("adaptation kernel launch");
        }
        else
        {
            throw std::logic_error("an adaptation batch needs the adaptive sampler");
        }
    });
}

template<ProcessId Id>
void ProcessKernels<Id>::evaluate(LaunchQueue& queue, DeviceRunSetup const& setup, AdaptiveSamplerParams const& sampler,
                                  RunParams const* params, event_index_type first, event_index_type count,
                                  EventWeight* out)
{
    with_event_generator_of<Id>(setup, sampler, params, [&](auto const& gen) {
        using Gen = std::decay_t<decltype(gen)>;
        LaunchShape const shape = queue.plain_shape(&evaluate_kernel<Gen>);
        queue.before_launch();
        evaluate_kernel<Gen><<<shape.grid_for(count), shape.block, 0, queue.stream()>>>(gen, first, count, out);
        queue.after_launch("evaluation kernel launch");
    });
}

template<ProcessId Id>
std::uint64_t ProcessKernels<Id>::local_bytes_per_thread(DeviceRunSetup const& setup)
{
    std::uint64_t bytes = 0;
    with_event_generator_of<Id>(setup, AdaptiveSamplerParams{}, nullptr, [&](auto const& gen) {
        using Gen = std::decay_t<decltype(gen)>;
        cudaFuncAttributes a{};
        check_cuda(cudaFuncGetAttributes(&a, &event_kernel<Gen>), "cudaFuncGetAttributes");
        bytes = a.localSizeBytes;
        if constexpr (trains<Gen>)
        {
            check_cuda(cudaFuncGetAttributes(&a, &train_kernel<Gen>), "cudaFuncGetAttributes");
            bytes = std::max<std::uint64_t>(bytes, a.localSizeBytes);
        }
    });
    return bytes;
}
}  // namespace fathom::gpu
