// The launch layer's host interface: plain C++, no Thrust or CUDA types, so host/ code compiles
// with the host compiler whichever backend built kernels/.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "fathom/phasespace/ResonanceSampler.hh"
#include "fathom/phasespace/channels/TwoPhotonFusionSampler.hh"
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
};

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
    unsigned threads{0};  //!< CPU threads (omp backend); 0: all available
};

//! Histogram sums and tally copied back to the host after a run.
struct DeviceRunResult
{
    RunTally tally;
    std::vector<ExactSum> sum_w;   //!< all histograms' bins, flat, as HistogramParams::offset
    std::vector<ExactSum> sum_w2;
};

//! Owns the device memory of a run and launches the fused kernel batch by batch.
class DeviceRun
{
  public:
    explicit DeviceRun(DeviceRunSetup const& setup);
    ~DeviceRun();
    DeviceRun(DeviceRun const&) = delete;
    DeviceRun& operator=(DeviceRun const&) = delete;

    //! Generate, select, evaluate and histogram events [first, first + count).
    void generate(event_index_type first, event_index_type count);

    //! Merge the per-thread replicas and copy the result to the host.
    DeviceRunResult result() const;

    //! Bytes of device memory held by this run.
    std::uint64_t device_bytes() const;

    //! Threads (omp) or "cuda" device description.
    std::string description() const;

    //! CPU threads that run the kernels (omp backend); 1 on cuda (the host thread).
    unsigned threads() const;

    //! Name of the compiled backend: "omp" or "cuda".
    static char const* backend_name();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};
}  // namespace fathom
