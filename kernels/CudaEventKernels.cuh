// The CUDA backend's kernels, in CUB's layering: thread (EventGenerator + EventRecorder, one
// event at a time, include/fathom/pipeline) -> block (this file: the RunTally reduced with warp
// shuffles and merged into global memory once per block; histograms privatised in shared
// memory when the launch layer asks for it) -> device (CudaProcessKernels.cuh: a grid-stride
// launch sized to the device on the run's own stream).
//
// Everything is exact integer arithmetic (ExactSum limbs with carries, modulo 2^256): a block's
// partial sums added into global memory give the same bits as adding every event there, in
// any order. Instantiated only by the per-process units of CudaProcessKernels.cuh (nvcc, the
// cuda backend).
#pragma once

#include <new>

#include <cuda_runtime.h>

#include "DeviceRun.hh"
#include "fathom/pipeline/EventRecorder.hh"
#include "fathom/pipeline/ImportanceMap.hh"
#include "fathom/sampling/AdaptiveTrainer.hh"

namespace fathom::gpu
{
//! Threads per block of the event kernels: 128 (4 warps) by default, 256 when a block keeps the
//! histograms in shared memory (fewer copies per SM for the same resident warps; see
//! LaunchQueue::production_shape). Any multiple of 32 up to max_block_threads works: the
//! reduction is by warps. Up to 256 threads leaves the kernels 255 registers per thread.
inline constexpr unsigned block_threads = 128;
inline constexpr unsigned max_block_threads = 256;
inline constexpr unsigned warp_threads = 32;
inline constexpr unsigned max_block_warps = max_block_threads / warp_threads;
static_assert(block_threads % warp_threads == 0 && max_block_threads % warp_threads == 0);

//! Bytes of dynamic shared memory that a block's private copy of the histograms needs.
inline std::size_t shared_histogram_bytes(std::uint64_t total_bins)
{
    return static_cast<std::size_t>(2 * total_bins * sizeof(ExactSum));  // sum_w and sum_w2
}

__device__ inline std::uint64_t shuffle_down(std::uint64_t v, unsigned delta)
{
    static_assert(sizeof(unsigned long long) == sizeof(std::uint64_t));
    return __shfl_down_sync(0xffffffffu, static_cast<unsigned long long>(v), delta);
}

__device__ inline void shuffle_down(ExactSum const& s, unsigned delta, ExactSum& out)
{
    for (int l = 0; l < ExactSum::num_limbs; ++l)
        out.limb[l] = shuffle_down(s.limb[l], delta);
}

//! Exact sum of the tallies of a warp's 32 threads, in lane 0 (other lanes: partial sums).
//! Every lane of the warp must call it.
__device__ inline void warp_reduce(RunTally& t)
{
    for (unsigned delta = warp_threads / 2; delta > 0; delta /= 2)
    {
        RunTally o;
        shuffle_down(t.sum_w, delta, o.sum_w);
        shuffle_down(t.sum_w2, delta, o.sum_w2);
        o.accepted = shuffle_down(t.accepted, delta);
        o.failed_cuts = shuffle_down(t.failed_cuts, delta);
        o.zero_phase_space = shuffle_down(t.zero_phase_space, delta);
        o.nonfinite = shuffle_down(t.nonfinite, delta);
        o.nonfinite_me = shuffle_down(t.nonfinite_me, delta);
        o.nonfinite_phase_space = shuffle_down(t.nonfinite_phase_space, delta);
        o.max_weight_bits = shuffle_down(t.max_weight_bits, delta);
        merge(t, o);  // lanes past the warp's end read their own value: only lane 0 is used
    }
}

//! f(i) for this thread's events i of [0, count): a grid-stride loop, so one launch of any
//! grid size covers a whole batch.
template<class F>
__device__ inline void for_grid_events(event_index_type count, F&& f)
{
    event_index_type const stride = event_index_type{gridDim.x} * blockDim.x;
    for (event_index_type i = event_index_type{blockIdx.x} * blockDim.x + threadIdx.x; i < count; i += stride)
        f(i);
}

//! Reduce the block's per-thread tallies exactly (warp shuffles, then the warps' totals in
//! shared memory) and merge the block's total into global memory with one atomic merge.
//! Every thread of the block must call it (it synchronises the block); blockDim.x must be a
//! multiple of 32.
__device__ inline void merge_block_tally(RunTally local, RunTally* global)
{
    // raw storage: RunTally's member initialisers are not allowed on a __shared__ variable
    __shared__ alignas(RunTally) unsigned char storage[max_block_warps * sizeof(RunTally)];
    auto* warp_totals = reinterpret_cast<RunTally*>(storage);
    warp_reduce(local);
    unsigned const lane = threadIdx.x % warp_threads;
    unsigned const warp = threadIdx.x / warp_threads;
    if (lane == 0)
        new (&warp_totals[warp]) RunTally(local);
    __syncthreads();
    if (threadIdx.x == 0)
    {
        RunTally total = warp_totals[0];
        unsigned const warps = blockDim.x / warp_threads;
        for (unsigned w = 1; w < warps; ++w)
            merge(total, warp_totals[w]);
        atomic_merge(global, total);
    }
}

/*!
 * Production kernel: events [first, first + count) in a grid-stride loop (one launch covers a
 * whole batch with a grid sized to the device), each thread generating and recording one event
 * at a time into its own RunTally and into the histograms:
 * - shared_bins: a private copy of all bins in dynamic shared memory (2 total_bins ExactSums),
 *   filled with the same exact 64-bit-limb atomics as global memory (the out-of-line recorder
 *   sees a generic pointer; atomics on generic addresses that lie in the shared window act on
 *   shared memory), then added into global memory once at the end of the block;
 * - otherwise exact atomics straight into global memory.
 */
template<class Generator>
__global__ void __launch_bounds__(max_block_threads)
    event_kernel(Generator generate, HistogramSetParams hists, HistogramStateView global_bins, bool shared_bins,
                 RunTally* tally, event_index_type first, event_index_type count)
{
    extern __shared__ std::uint64_t shared_words[];  // 2 total_bins ExactSums when shared_bins
    std::uint64_t const total = hists.total_bins;
    HistogramStateView bins = global_bins;
    if (shared_bins)
    {
        std::uint64_t const words = 2 * total * ExactSum::num_limbs;
        for (std::uint64_t k = threadIdx.x; k < words; k += blockDim.x)
            shared_words[k] = 0;
        auto* block_bins = reinterpret_cast<ExactSum*>(shared_words);
        bins = HistogramStateView{block_bins, block_bins + total};
        __syncthreads();
    }

    EventRecorder<AtomicFill> const record{hists, bins};
    RunTally local{};
    for_grid_events(count, [&](event_index_type i) {
        EventResult result;
        generate(first + i, result);
        record(result, local);
    });
    merge_block_tally(local, tally);  // synchronises the block: every fill is done after it

    if (shared_bins)
    {
        for (std::uint64_t b = threadIdx.x; b < total; b += blockDim.x)
        {
            atomic_merge(&global_bins.sum_w[b], bins.sum_w[b]);   // nothing for empty bins
            atomic_merge(&global_bins.sum_w2[b], bins.sum_w2[b]);
        }
    }
}

/*!
 * Adaptation kernel: the same grid-stride loop; events count in the iteration's tally (reduced
 * per block as in production) and train the sampler with exact atomics into the global
 * training sums (not privatised: a channel set's grids are up to ~10^4 cells, and adaptation is
 * a few percent of a run).
 */
template<class Generator>
__global__ void __launch_bounds__(max_block_threads)
    train_kernel(Generator generate, AdaptiveTrainingView train, ImportanceMapView importance, RunTally* tally,
                 event_index_type first, event_index_type count)
{
    EventRecorder<AtomicFill> const count_event{HistogramSetParams{}, HistogramStateView{}};
    AdaptiveTrainer<AtomicFill> const trainer{train};
    RunTally local{};
    for_grid_events(count, [&](event_index_type i) {
        EventResult result;
        generate(first + i, result);
        count_event(result, local);
        trainer(result.trace, training_weight(result, importance));
    });
    merge_block_tally(local, tally);
}

//! Evaluation kernel (DeviceRun::event_weights): each event's status and weight, unrecorded.
template<class Generator>
__global__ void __launch_bounds__(max_block_threads)
    evaluate_kernel(Generator generate, event_index_type first, event_index_type count, EventWeight* out)
{
    for_grid_events(count, [&](event_index_type i) {
        EventResult result;
        generate(first + i, result);
        out[i] = EventWeight{static_cast<std::uint8_t>(result.status), result.weight};
    });
}
}  // namespace fathom::gpu
