// The bins the likelihood sees, after the bin policy has been applied to a ReachInput.
//
// Policy (pyhf's Poisson terms need an expected count > 0 in every bin, at mu = 0 too):
// - background <= 0 and signal == 0: the bin is dropped. It has no expected events, carries
//   no information on mu, and pyhf would evaluate Poisson(n | 0).
// - background == 0 and signal > 0 (no MC background event landed there; a negative background
//   there is refused by validate(ReachInput)): with ReachInput::empty_bin_background = w > 0 (what a scan gives: the weight
//   of one typical accepted background MC event), the background is w with MC variance w^2:
//   "no MC event" means "less than about one event's weight", not "none". Without it the
//   background is floored to `background_floor` events (default 1e-6, far below anything a
//   counting experiment resolves, so the limit is that of b -> 0) with variance 0. Such bins
//   are counted in `floored_bins` so the caller can warn.
// - background > 0: kept as given (signal may be 0: with a normsys such bins constrain the
//   background normalisation).
#pragma once

#include <cstddef>
#include <vector>

#include "ReachInput.hh"

namespace fathom
{
struct ReachBins
{
    std::vector<double> signal;               //!< events at g_ref, per kept bin
    std::vector<double> background;           //!< events, > 0
    std::vector<double> background_variance;  //!< events^2
    std::vector<std::size_t> source_bin;      //!< index of each kept bin in the ReachInput
    double g_ref{1};
    double background_norm_uncertainty{0};
    std::size_t dropped_bins{0};  //!< no expected events at all
    std::size_t floored_bins{0};  //!< signal but no background: background set to the floor

    std::size_t size() const { return signal.size(); }
};

inline constexpr double default_background_floor = 1e-6;

//! Validate \p input (InputError) and apply the bin policy above.
ReachBins make_reach_bins(ReachInput const& input,
                          double background_floor = default_background_floor);
}  // namespace fathom
