// The launch layer's host interface: plain C++, no Thrust or CUDA types, so host/ code compiles
// with the host compiler whichever backend built kernels/.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "fathom/phasespace/ResonanceSampler.hh"
#include "fathom/phasespace/channels/AdaptiveChannels.hh"
#include "fathom/phasespace/channels/TwoPhotonFusionSampler.hh"
#include "fathom/sampling/VegasRefine.hh"
#include "fathom/pipeline/RunParams.hh"
#include "fathom/pipeline/RunTally.hh"
#include "fathom/process/ProcessSetup.hh"

namespace fathom
{
//! Which phase-space generator a run uses.
enum class SamplerKind : std::uint8_t
{
    rambo,              //!< flat (RAMBO); with a resonance: RAMBO production + isotropic decay
    two_photon_fusion,  //!< the two orderings of TwoPhotonFusionChannel, multichannel
    adaptive,           //!< the process's channel set with VEGAS grids and adapted alphas
};

//! Where the cuda backend's blocks accumulate the histograms (the omp backend ignores it:
//! each CPU thread has its own replica).
enum class HistogramMemory : std::uint8_t
{
    automatic,  //!< shared memory when a block's copy fits and keeps occupancy, else global
    shared,     //!< a copy per block in shared memory (std::invalid_argument if it cannot fit)
    global,     //!< exact atomics straight into global memory
};

//! Adaptive sampler: the channels' parameters and the starting grids and weights.
struct AdaptiveSetup
{
    AdaptiveChannelParams channels;
    size_type bins{64};              //!< VEGAS bins per dimension; 0: no grids
    std::vector<real_type> alpha;    //!< per channel; empty: equal weights
    std::vector<real_type> edges;    //!< all grids; empty: uniform (identity) grids
    //! Analysis-aware adaptation (fathom/pipeline/ImportanceMap.hh): train on f h, h a factor
    //! per bin (flow bins included) of histogram importance_histogram; empty: train on f.
    std::vector<real_type> importance;
    size_type importance_histogram{0};
};

//! Channels of the adaptive sampler of a run, in order, and their grid dimensions.
struct SamplerLayout
{
    std::vector<std::string> names;
    std::vector<unsigned> ndim;
    unsigned bins{0};
    //! Length of the flat edge array (sum over channels of ndim (bins + 1)).
    std::size_t num_edges() const;
};

//! The frozen state of an adaptive sampler: enough to reproduce its map exactly.
struct SamplerState
{
    std::vector<real_type> alpha;
    std::vector<real_type> edges;
};

//! What one adaptation iteration measured: its tally and the channel-weight training sums.
struct AdaptationResult
{
    RunTally tally;
    std::vector<real_type> channel_value;        //!< sum posterior_j scale w^2, per channel
    std::vector<std::uint64_t> channel_events;   //!< events each channel generated
};

//! The exact training sums of an adaptation iteration (every replica's added): per grid cell of
//! every channel (the VEGAS sums) and per channel (the multichannel weights), and the events'
//! tally. Integers, so MPI ranks that trained on parts of an iteration add up to one process's.
struct TrainingSums
{
    RunTally tally;
    std::vector<ExactSum> grid_value;
    std::vector<ExactSum> grid_weight;
    std::vector<ExactSum> channel_value;
    std::vector<ExactSum> channel_count;
};

//! What update_channel_weights and the adaptation report read, from the exact sums.
inline AdaptationResult adaptation_result(TrainingSums const& t)
{
    AdaptationResult r;
    r.tally = t.tally;
    for (std::size_t j = 0; j < t.channel_value.size(); ++j)
    {
        r.channel_value.push_back(to_double(t.channel_value[j]));
        r.channel_events.push_back(static_cast<std::uint64_t>(to_double(t.channel_count[j])));
    }
    return r;
}

//! Everything needed to set up the device side of a run.
struct DeviceRunSetup
{
    RunParams params;                         //!< histograms.hists is filled in by DeviceRun
    std::vector<HistogramParams> histograms;  //!< axes' edges pointers are filled in too
    //! Edges of variable axes: edges[h][d] for histogram h, axis d (empty for regular axes).
    std::vector<std::vector<std::vector<real_type>>> edges;
    ProcessSetup process;
    RamboParams rambo;             //!< flat phase space of the whole final state
    ResonanceParams resonance;     //!< processes with a resonance (ALP) decaying to two photons
    SamplerKind sampler{SamplerKind::rambo};
    TwoPhotonFusionSamplerParams fusion;  //!< SamplerKind::two_photon_fusion
    AdaptiveSetup adaptive;               //!< SamplerKind::adaptive
    unsigned threads{0};  //!< CPU threads (omp backend); 0: all available
    //! omp backend: evaluate the matrix elements of packs of events with SIMD instructions
    //! where the process has a SIMD form (bit-identical results; kernels/CpuEventPages.hh)
    bool simd{true};
    HistogramMemory histogram_memory{HistogramMemory::automatic};  //!< cuda backend
    //! cuda: the device this run uses (among those CUDA_VISIBLE_DEVICES leaves; MPI ranks map
    //! to devices by local rank, host/run/Ranks.hh); omp: ignored
    int device{0};
};

//! Histogram sums and tally copied back to the host after a run.
struct DeviceRunResult
{
    RunTally tally;
    std::vector<ExactSum> sum_w;   //!< all histograms' bins, flat, as HistogramParams::offset
    std::vector<ExactSum> sum_w2;
};

//! The device memory a run would hold, and what the device has free: known before anything is
//! allocated, so that a run that cannot fit is refused up front.
struct DeviceMemoryEstimate
{
    unsigned replicas{1};              //!< copies of the histograms and training sums (omp: threads)
    //! Bins of all histograms and the weight spectrum x replicas x 2 (sum w, sum w^2) x sizeof(ExactSum)
    std::uint64_t histogram_bytes{0};
    std::uint64_t training_bytes{0};   //!< adaptive sampler: training sums (all replicas) and grids
    std::uint64_t other_bytes{0};      //!< tallies, histogram and run parameters, axis edges
    //! cuda: the local memory (stack) the runtime reserves for the run's largest kernel: its
    //! local bytes per thread x the threads the device holds at once (SMs x threads per SM); omp: 0
    std::uint64_t local_memory_bytes{0};
    std::uint64_t total_bytes{0};      //!< their sum (every product saturates at 2^64 - 1)
    std::uint64_t available_bytes{0};  //!< omp: available physical memory; cuda: free device memory
    std::string available_source;      //!< where available_bytes comes from, for messages
};

//! One event as the kernels computed it, unrecorded: what per-event checks compare between
//! backends (scripts/gpu-check.sh via benchmarks/event_weights).
struct EventWeight
{
    std::uint8_t status{0};  //!< EventStatus (fathom/pipeline/EventGenerator.hh)
    real_type weight{0};     //!< pb; 0 unless accepted
};

//! Owns the device memory of a run and launches the fused kernel batch by batch.
class DeviceRun
{
  public:
    explicit DeviceRun(DeviceRunSetup const& setup);
    ~DeviceRun();
    DeviceRun(DeviceRun const&) = delete;
    DeviceRun& operator=(DeviceRun const&) = delete;

    //! Generate, select, evaluate and histogram events [first, first + count). On cuda the
    //! batch is queued on the run's stream and the call returns while the device works (it
    //! waits only while two earlier batches are unfinished); on omp it returns when done.
    void generate(event_index_type first, event_index_type count);

    //! Sample, select and evaluate events [first, first + count) as generate() does, one event per
    //! thread, and return each one's status and weight; nothing is recorded. For checks.
    std::vector<EventWeight> event_weights(event_index_type first, event_index_type count);

    //! Events of the generate() calls so far that the device has finished (does not wait).
    std::uint64_t events_finished() const;

    //! Wait until every queued batch is finished (no-op on omp). result(), adapt(), refine()
    //! and the sampler-state calls do it themselves.
    void synchronize() const;

    //! A batch size that keeps the device busy: on cuda many waves of the production grid
    //! (64 events per resident thread), on omp 10^6 events.
    std::uint64_t preferred_batch_size() const;

    //! Adaptive sampler only: run an adaptation iteration of events [first, first + count):
    //! the events train the grids and channel weights and are counted in the returned tally,
    //! never in the histograms or the run's tally. \p scale multiplies w^2 in the training
    //! sums (keep scale w^2 near 1). Call refine() after it to move the grids.
    AdaptationResult adapt(event_index_type first, event_index_type count, real_type scale);

    //! The last adapt()'s training sums (exact; every replica's added).
    TrainingSums training_sums() const;
    //! Replace the last adapt()'s training sums (e.g. by every MPI rank's added) before refine().
    //! Throws std::logic_error if the sizes are not this run's.
    void set_training_sums(TrainingSums const& sums);

    //! Refine every channel's grid on the device from the last adapt() sums, and set the
    //! channel weights to \p alpha (from update_channel_weights on the returned sums).
    void refine(VegasRefineOptions const& options, std::vector<real_type> const& alpha);

    //! Channels and grid dimensions of the adaptive sampler (empty for other samplers).
    SamplerLayout sampler_layout() const;
    //! Current channel weights and grids (copied from the device).
    SamplerState sampler_state() const;
    //! Replace the channel weights and grids (a reloaded grid); throws std::invalid_argument
    //! if the sizes do not fit sampler_layout() or a grid is not a valid VEGAS grid.
    void set_sampler_state(SamplerState const& state);

    //! Merge the per-thread replicas and copy the result to the host.
    DeviceRunResult result() const;

    //! Bytes of device memory held by this run.
    std::uint64_t device_bytes() const;

    //! What DeviceRun(setup) would hold (equal to its device_bytes()) and the memory free for it
    //! now (omp: MemAvailable of /proc/meminfo; cuda: cudaMemGetInfo), without allocating.
    static DeviceMemoryEstimate estimate_memory(DeviceRunSetup const& setup);

    //! Threads (omp), or the device, its launch shape and where the histograms live (cuda).
    std::string description() const;

    //! CPU threads that run the kernels (omp backend); 1 on cuda (the host thread).
    unsigned threads() const;

    //! Devices this process can use: cuda: cudaGetDeviceCount (0 if none or no driver);
    //! omp: 0 (the CPU is not counted as a device).
    static int device_count();

    //! Name of the compiled backend: "omp" or "cuda".
    static char const* backend_name();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};
}  // namespace fathom
