// The cuda kernels of one process, as the cuda launcher (CudaEventLauncher.cu) sees them: plain
// host functions, declared here and defined in CudaProcessKernels.cuh. The build compiles each
// process's kernels in a translation unit of its own (CudaProcessKernels.cu.in, one copy per
// ProcessId made by cmake/FathomBackend.cmake), so a parallel build compiles the processes side
// by side: with every kernel in one file, nvcc took 14 minutes on one core while the other idled.
// A ProcessId without its unit is a link error, not a silent gap.
#pragma once

#include <cstdint>

#include "EventLauncher.hh"

namespace fathom::gpu
{
class LaunchQueue;
struct LaunchShape;

//! Launches of process Id's kernels, for the run's sampler (with_event_generator_of).
template<ProcessId Id>
struct ProcessKernels
{
    //! The production kernel's shape (LaunchQueue::production_shape).
    static LaunchShape const& production_shape(LaunchQueue& queue, DeviceRunSetup const& setup,
                                               AdaptiveSamplerParams const& sampler, std::uint64_t total_bins);
    //! Queue a production batch: events [first, first + count) into the views.
    static void generate(LaunchQueue& queue, DeviceRunSetup const& setup, AdaptiveSamplerParams const& sampler,
                         ProductionViews const& v, event_index_type first, event_index_type count);
    //! Queue an adaptation batch.
    static void train(LaunchQueue& queue, DeviceRunSetup const& setup, AdaptiveSamplerParams const& sampler,
                      TrainingViews const& v, event_index_type first, event_index_type count);
    //! Queue the evaluation of events [first, first + count) into out (device memory).
    static void evaluate(LaunchQueue& queue, DeviceRunSetup const& setup, AdaptiveSamplerParams const& sampler,
                         RunParams const* params, event_index_type first, event_index_type count, EventWeight* out);
    //! The most local memory per thread of the kernels the run launches (cudaFuncGetAttributes).
    static std::uint64_t local_bytes_per_thread(DeviceRunSetup const& setup);
};
}  // namespace fathom::gpu
