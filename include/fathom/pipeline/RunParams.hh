// Everything read-only that the fused kernel needs, as one trivially copyable view.
#pragma once

#include "fathom/detector/DetectorResponseParams.hh"
#include "fathom/histogram/HistogramParams.hh"
#include "fathom/observables/AlpLikelihoodRatioParams.hh"
#include "fathom/observables/Observable.hh"
#include "fathom/selection/SelectionParams.hh"

namespace fathom
{
//! Distinct observables that the histograms bin; evaluated once per accepted event.
inline constexpr size_type max_observables = 32;
struct ObservableSetParams
{
    size_type count{0};
    Array<ObservableDef, max_observables> defs{};
};

//! Histograms of the run; their HistogramParams (and axis edges) live in device memory.
struct HistogramSetParams
{
    size_type count{0};
    HistogramParams const* hists{nullptr};
    std::uint64_t total_bins{0};  //!< all histograms' bins, plus the weight spectrum if kept
    //! Where the weight spectrum (WeightSpectrum.hh) starts in the bin arrays; kept if
    //! weight_spectrum is true.
    std::uint64_t weight_spectrum_offset{0};
    bool weight_spectrum{false};
};

//! Process-independent part of the run: the process functor travels separately (it is a
//! template parameter of the kernel).
struct RunParams
{
    std::uint64_t seed{0};
    BeamParams beams{};
    //! |M|^2 x phase-space weight x this = event weight in pb: (hbar c)^2 / flux.
    real_type weight_factor{0};
    SelectionParams selection{};
    ObservableSetParams observables{};
    HistogramSetParams histograms{};
    //! Resolutions applied between generation and the cuts (off unless the run card enables it).
    DetectorResponseParams detector{};
    //! The hypothesis of the observable llr_alp (off unless a histogram or cut uses it).
    AlpLikelihoodRatioParams alp_llr{};
};
}  // namespace fathom
