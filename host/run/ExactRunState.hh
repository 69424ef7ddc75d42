// The exact state of a run's results: its exact sums (tally, every histogram bin, the weight
// spectrum), which events it holds, and which frozen sampler grid made them. What `fathom merge`
// reads back from histograms.h5 and adds, integer by integer (docs/design.md, "Merging runs").
//
// Where it lives in histograms.h5 (fathom_histograms_format 2):
//   /<name>/exact/sum_w, sum_w2        every histogram's bins (Hdf5HistogramWriter.hh)
//   root attrs  fathom_histograms_format = 2 (int64)
//               exact_tally (uint64[15]): sum w (4 limbs), sum w^2 (4 limbs), accepted,
//                  failed_cuts, zero_phase_space, nonfinite, nonfinite_me,
//                  nonfinite_phase_space, max_weight_bits (RunTally.hh)
//               exact_weight_spectrum (uint64[9 k]): per non-empty bin of WeightSpectrum.hh its
//                  index, sum w (4 limbs) and sum w^2 (4 limbs)
//               event_ranges (uint64[3 r]): (seed, first, end) per range of production events
//               sampler_grid_digest (string): of the frozen grid ("" without an adaptive sampler)
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "DeviceRun.hh"
#include "DeviceSetupBuilder.hh"
#include "EventRange.hh"
#include "io/Hdf5HistogramWriter.hh"
#include "io/HistogramData.hh"

namespace fathom
{
inline constexpr std::int64_t histograms_format_version = 2;

//! A tally's event counts in one order (accepted, failed_cuts, zero_phase_space, nonfinite,
//! nonfinite_me, nonfinite_phase_space): what files store and MPI ranks add.
using TallyCounts = std::array<std::uint64_t, 6>;
TallyCounts tally_counts(RunTally const& t);
void set_tally_counts(RunTally& t, TallyCounts const& c);

//! A whole tally as 15 words, in the order of the exact_tally attribute above; and back.
inline constexpr std::size_t tally_word_count = 15;
std::vector<std::uint64_t> tally_words(RunTally const& t);
RunTally tally_from_words(std::uint64_t const* words);

struct ExactRunState
{
    DeviceRunResult sums;             //!< tally and all bins, flat as the run's HistogramParams
    std::vector<EventRange> ranges;   //!< coalesced
    std::string grid_digest;          //!< sampler_grid_digest of the frozen grid; "" if none

    std::uint64_t events() const;     //!< events tried: the sum of the ranges' sizes
};

//! The root attributes above for \p state (histograms' limbs go with HistogramData).
std::vector<FileAttribute> exact_file_attributes(ExactRunState const& state, DeviceSetupBuild const& build);

//! The limbs of histogram \p h's bins from the flat sums (HistogramData::exact_sum_w, _w2).
void set_exact_limbs(DeviceRunResult const& sums, HistogramParams const& h, HistogramData& out);

//! Read the exact state of the run output whose histograms.h5 is \p file, laid out as \p build
//! (the same card). InputError naming the file for one written before format 2, a missing
//! histogram or exact sums, or sizes that do not match the card.
ExactRunState read_exact_run_state(std::filesystem::path const& file, DeviceSetupBuild const& build);

//! Add the sums of \p b into \p a exactly (tally and every bin; the same layout).
void merge(DeviceRunResult& a, DeviceRunResult const& b);

//! Add \p b into \p a exactly (ranges joined; the grid digest kept only if equal, else "mixed").
void merge(ExactRunState& a, ExactRunState const& b);
}  // namespace fathom
