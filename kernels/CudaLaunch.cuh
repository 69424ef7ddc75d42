// The CUDA backend's device level: the run's stream, the production batches queued on it, and
// launch shapes sized to the device (resident blocks from the occupancy calculator, shared
// memory for the histograms when a block's copy fits). Only included by the cuda launcher and its
// per-process kernel units (nvcc, the cuda backend).
#pragma once

#include <deque>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include <cuda_runtime.h>

#include "CudaEventKernels.cuh"
#include "DeviceRun.hh"

namespace fathom::gpu
{
//! Throw std::runtime_error for a failed CUDA call.
inline void check_cuda(cudaError_t status, char const* what)
{
    if (status != cudaSuccess)
        throw std::runtime_error(std::string("CUDA: ") + what + ": " + cudaGetErrorString(status));
}

//! Production batches queued on the run's stream at most: one running, one waiting, so the
//! device never idles between batches while the host keeps track of progress.
inline constexpr std::size_t max_batches_in_flight = 2;

//! Events per resident thread in a preferred batch: 64 grid-stride iterations amortise the
//! per-block setup and shared-histogram flush and keep the last wave's tail short.
inline constexpr std::uint64_t preferred_events_per_thread = 64;

struct LaunchShape
{
    unsigned grid{0};             //!< resident blocks: multiprocessors x blocks_per_sm
    unsigned block{block_threads};
    int blocks_per_sm{0};
    std::size_t shared_bytes{0};  //!< dynamic shared memory (the block's histograms), or 0

    //! Blocks for a launch of count events: the resident grid, fewer for a small batch.
    unsigned grid_for(event_index_type count) const
    {
        event_index_type const needed = (count + block - 1) / block;
        return needed < grid ? static_cast<unsigned>(needed) : grid;
    }
    //! Threads of the resident grid.
    std::uint64_t threads() const { return std::uint64_t{grid} * block; }
};

/*!
 * The run's non-blocking stream and the batches in flight on it. Kernels are queued on the
 * stream and the host thread returns at once; a cudaEvent after each production batch tells
 * how far the device has got (progress) without waiting. The Thrust algorithms of DeviceRun.cu
 * (fills, merges, refinement) run on this stream too (EventLauncher::policy()), so the stream
 * orders them with the kernels; host copies synchronise, and DeviceRun synchronises before
 * any host access to the kernels' data.
 */
class LaunchQueue
{
  public:
    LaunchQueue()
    {
        int device = 0;
        check_cuda(cudaGetDevice(&device), "cudaGetDevice");
        cudaDeviceProp prop{};
        check_cuda(cudaGetDeviceProperties(&prop, device), "cudaGetDeviceProperties");
        device_name_ = prop.name;
        check_cuda(cudaDeviceGetAttribute(&multiprocessors_, cudaDevAttrMultiProcessorCount, device),
                   "multiprocessor count");
        int optin = 0;
        check_cuda(cudaDeviceGetAttribute(&optin, cudaDevAttrMaxSharedMemoryPerBlockOptin, device),
                   "shared memory per block");
        max_shared_per_block_ = static_cast<std::size_t>(optin);
        check_cuda(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), "cudaStreamCreateWithFlags");
    }

    ~LaunchQueue()
    {
        // no throwing here: a failed run has already reported its error
        cudaStreamSynchronize(stream_);
        for (Batch const& b : in_flight_)
            cudaEventDestroy(b.done);
        for (cudaEvent_t e : spare_events_)
            cudaEventDestroy(e);
        cudaStreamDestroy(stream_);
    }

    LaunchQueue(LaunchQueue const&) = delete;
    LaunchQueue& operator=(LaunchQueue const&) = delete;

    cudaStream_t stream() const { return stream_; }
    std::string const& device_name() const { return device_name_; }
    int multiprocessors() const { return multiprocessors_; }

    /*!
     * Shape of a production kernel (computed once per kernel). Global histograms: blocks of
     * block_threads. Shared histograms: possible if a block's copy (2 total_bins ExactSums)
     * fits in what the device offers a block (cudaDevAttrMaxSharedMemoryPerBlockOptin, less the
     * kernel's static shared memory); of blocks of 128 and 256 threads the one with more
     * resident warps (256 on a tie: fewer copies to clear and flush). Automatic mode uses
     * shared memory when that costs no resident warps against global atomics.
     */
    template<class Kernel>
    LaunchShape const& production_shape(Kernel* kernel, std::uint64_t total_bins, HistogramMemory mode)
    {
        auto const key = reinterpret_cast<void const*>(kernel);
        if (auto it = shapes_.find(key); it != shapes_.end())
            return it->second;
        std::size_t const bytes = shared_histogram_bytes(total_bins);
        cudaFuncAttributes attr{};
        check_cuda(cudaFuncGetAttributes(&attr, kernel), "cudaFuncGetAttributes");
        bool const fits = total_bins > 0 && attr.sharedSizeBytes + bytes <= max_shared_per_block_;
        int global_blocks = 0;
        check_cuda(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&global_blocks, kernel, block_threads, 0),
                   "occupancy");
        int shared_blocks = 0;
        unsigned shared_block = max_block_threads;
        if (fits && mode != HistogramMemory::global)
        {
            check_cuda(cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                            static_cast<int>(bytes)),
                       "cudaFuncSetAttribute(MaxDynamicSharedMemorySize)");
            for (unsigned block : {max_block_threads, block_threads})
            {
                int blocks = 0;
                check_cuda(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, kernel, static_cast<int>(block), bytes),
                           "occupancy with shared histograms");
                if (std::uint64_t{unsigned(blocks)} * block > std::uint64_t{unsigned(shared_blocks)} * shared_block)
                {
                    shared_blocks = blocks;
                    shared_block = block;
                }
            }
        }
        if (mode == HistogramMemory::shared && shared_blocks < 1)
            throw std::invalid_argument("histograms in shared memory: " + std::to_string(total_bins)
                                        + " bins need " + std::to_string(bytes) + " bytes per block, "
                                        + device_name_ + " offers " + std::to_string(max_shared_per_block_));
        bool const use_shared
            = mode == HistogramMemory::shared
              || (mode == HistogramMemory::automatic && shared_blocks >= 1
                  && std::uint64_t{unsigned(shared_blocks)} * shared_block
                         >= std::uint64_t{unsigned(global_blocks)} * block_threads);
        if (use_shared)
            return shapes_[key] = shape(shared_blocks, shared_block, bytes);
        return shapes_[key] = shape(global_blocks, block_threads, 0);
    }

    //! Shape of a kernel without dynamic shared memory (computed once per kernel).
    template<class Kernel>
    LaunchShape const& plain_shape(Kernel* kernel)
    {
        auto const key = reinterpret_cast<void const*>(kernel);
        if (auto it = shapes_.find(key); it != shapes_.end())
            return it->second;
        int blocks = 0;
        check_cuda(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, kernel, block_threads, 0), "occupancy");
        return shapes_[key] = shape(blocks, block_threads, 0);
    }

    //! Before a production launch: wait while max_batches_in_flight batches are unfinished.
    void before_batch()
    {
        while (in_flight_.size() >= max_batches_in_flight)
            retire_oldest(true);
        before_launch();
    }

    //! After a production launch of count events: check it and mark its end on the stream.
    void after_batch(std::uint64_t count)
    {
        after_launch("event kernel launch");
        cudaEvent_t e = nullptr;
        if (spare_events_.empty())
        {
            check_cuda(cudaEventCreateWithFlags(&e, cudaEventDisableTiming | cudaEventBlockingSync),
                       "cudaEventCreateWithFlags");
        }
        else
        {
            e = spare_events_.back();
            spare_events_.pop_back();
        }
        check_cuda(cudaEventRecord(e, stream_), "cudaEventRecord");
        in_flight_.push_back({e, count});
    }

    //! Around any other launch: a stale status must not be taken for the launch's error.
    static void before_launch()
    {
        (void)cudaGetLastError();  // e.g. cudaEventQuery's cudaErrorNotReady
    }
    static void after_launch(char const* what) { check_cuda(cudaGetLastError(), what); }

    //! Events of the production batches that have finished (does not wait).
    std::uint64_t events_finished()
    {
        while (!in_flight_.empty() && retire_oldest(false))
        {
        }
        return events_done_;
    }

    //! Wait for everything queued on the stream.
    void synchronize()
    {
        check_cuda(cudaStreamSynchronize(stream_), "event kernels");
        while (!in_flight_.empty())
            retire_oldest(true);
    }

  private:
    struct Batch
    {
        cudaEvent_t done;
        std::uint64_t events;
    };

    cudaStream_t stream_{nullptr};
    int multiprocessors_{0};
    std::size_t max_shared_per_block_{0};  //!< cudaDevAttrMaxSharedMemoryPerBlockOptin
    std::string device_name_;
    std::deque<Batch> in_flight_;
    std::vector<cudaEvent_t> spare_events_;
    std::uint64_t events_done_{0};
    std::unordered_map<void const*, LaunchShape> shapes_;  //!< per kernel instantiation

    LaunchShape shape(int blocks_per_sm, unsigned block, std::size_t shared_bytes) const
    {
        if (blocks_per_sm < 1)
            throw std::runtime_error("CUDA: the event kernel cannot be resident on " + device_name_);
        return LaunchShape{static_cast<unsigned>(multiprocessors_ * blocks_per_sm), block, blocks_per_sm, shared_bytes};
    }

    //! Retire the oldest queued batch: wait for it, or only if it is done (then true).
    bool retire_oldest(bool wait)
    {
        Batch const b = in_flight_.front();
        if (wait)
        {
            check_cuda(cudaEventSynchronize(b.done), "event kernel");
        }
        else
        {
            cudaError_t const status = cudaEventQuery(b.done);
            if (status == cudaErrorNotReady)
                return false;
            check_cuda(status, "event kernel");
        }
        events_done_ += b.events;
        spare_events_.push_back(b.done);
        in_flight_.pop_front();
        return true;
    }
};
}  // namespace fathom::gpu
