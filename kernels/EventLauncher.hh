// The backend half of the launch layer: what DeviceRun (DeviceRun.cu, backend-neutral) asks of
// the machine that runs its events. One implementation per backend, as Celeritas pairs its .cc
// and .cu files: CpuEventLauncher.cc (omp: chunks of events on OpenMP threads, SIMD pages) and
// CudaEventLauncher.cu (cuda: the run's stream, launch shapes; the block-level kernels of each
// process in a unit of its own, CudaProcessKernels.hh). The
// build compiles exactly one of them (cmake/FathomBackend.cmake). This header is the only
// place outside them where the backends differ: the type of the run's Thrust policy.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <thrust/execution_policy.h>

#include "DeviceRun.hh"
#include "fathom/pipeline/EventRecorder.hh"
#include "fathom/pipeline/ImportanceMap.hh"
#include "fathom/sampling/AdaptiveTrainer.hh"

#if FATHOM_BACKEND_CUDA
#    include <cuda_runtime_api.h>
#    include <thrust/system/cuda/execution_policy.h>
#endif

namespace fathom
{
#if FATHOM_BACKEND_CUDA
//! cuda: Thrust's algorithms on the run's stream, ordered with its kernels by the stream itself.
using ThrustPolicy = decltype(thrust::cuda::par.on(cudaStream_t{}));
#else
//! omp: Thrust's OpenMP system.
using ThrustPolicy = std::decay_t<decltype(thrust::device)>;
#endif

//! The device buffers a production batch fills (replica r of sums and tallies at r x their size).
struct ProductionViews
{
    RunParams const* params{nullptr};
    HistogramSetParams histograms;
    ExactSum* sum_w{nullptr};
    ExactSum* sum_w2{nullptr};
    RunTally* tallies{nullptr};
};

//! The device buffers an adaptation batch trains (replica 0's views; replica r follows).
struct TrainingViews
{
    RunParams const* params{nullptr};
    AdaptiveTrainingView train;
    ImportanceMapView importance;  //!< no factors: train on f
    RunTally* tallies{nullptr};
};

//! What a backend contributes to DeviceRun::estimate_memory.
struct BackendMemory
{
    unsigned replicas{1};
    std::uint64_t available_bytes{0};
    std::string available_source;
    std::uint64_t local_memory_bytes{0};
};

/*!
 * Launches a run's batches on one backend. The setup must outlive the launcher (DeviceRun::Impl
 * owns both). Construction makes setup.device current (cuda) before any device memory exists.
 */
class EventLauncher
{
  public:
    explicit EventLauncher(DeviceRunSetup const& setup);
    ~EventLauncher();
    EventLauncher(EventLauncher const&) = delete;
    EventLauncher& operator=(EventLauncher const&) = delete;

    //! Copies of the sums and tallies the kernels fill: one per OpenMP thread (omp), 1 (cuda).
    unsigned replicas() const;

    //! Queue a production batch: events [first, first + count) into the views.
    void generate(AdaptiveSamplerParams const& sampler, ProductionViews const& views, event_index_type first,
                  event_index_type count);
    //! Queue an adaptation batch: events [first, first + count) train the views.
    void train(AdaptiveSamplerParams const& sampler, TrainingViews const& views, event_index_type first,
               event_index_type count);

    //! Events [first, first + count), each one's status and weight into \p out (device memory),
    //! unrecorded; returns when done.
    void evaluate(AdaptiveSamplerParams const& sampler, RunParams const* params, event_index_type first,
                  event_index_type count, EventWeight* out);

    //! Wait for everything queued (cuda); nothing to wait for on omp.
    void synchronize();
    //! Of the \p generated production events, those finished (does not wait).
    std::uint64_t events_finished(std::uint64_t generated);
    //! A batch size that keeps the backend busy.
    std::uint64_t preferred_batch_size(AdaptiveSamplerParams const& sampler);
    //! The run's Thrust policy: on the run's stream (cuda).
    ThrustPolicy policy() const;
    //! Threads (omp), or the device, launch shape and where the histograms live (cuda).
    std::string description(AdaptiveSamplerParams const& sampler);

    //! Replicas, free memory and the kernels' local memory a run of \p setup would have.
    static BackendMemory memory(DeviceRunSetup const& setup);
    static int device_count();
    static char const* backend_name();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};
}  // namespace fathom
