// The physics numbers of a finished run, derived from the exact tally.
#pragma once

#include <cstdint>
#include <vector>

#include "fathom/pipeline/RunTally.hh"

namespace fathom
{
struct RunSummary
{
    std::uint64_t events_tried{0};
    std::uint64_t events_accepted{0};
    std::uint64_t events_failed_cuts{0};
    std::uint64_t events_zero_phase_space{0};
    std::uint64_t nonfinite_weights{0};
    std::uint64_t nonfinite_me{0};           //!< of nonfinite_weights: |M|^2 not finite
    std::uint64_t nonfinite_phase_space{0};  //!< of nonfinite_weights: phase-space weight not finite
    double sum_w{0};   //!< pb
    double sum_w2{0};  //!< pb^2
    double cross_section_pb{0};        //!< sum_w / N
    double cross_section_error_pb{0};  //!< sqrt((sum_w2/N - sigma^2) / (N - 1))
    double efficiency{0};              //!< accepted / tried
    double n_eff{0};                   //!< Kish: (sum w)^2 / sum w^2
    double max_weight{0};              //!< largest |w| (pb)
    //! Unweighting: the weight w* above which events carry at most unweighting_tail of the
    //! cross section (their excess over w* is what capping at w* would lose), from the weight
    //! spectrum, rounded up to its quarter-octave bin edge; 0 if no spectrum was kept.
    double max_weight_reduced{0};
    double unweighting_tail{1e-3};
};

//! w* of RunSummary::max_weight_reduced from the sum of weights per WeightSpectrum bin: the
//! upper edge of the highest bin whose weights, with all above it, carry more than
//! tail x (total) of the cross section. Never above the largest weight \p max_weight.
double reduced_max_weight(std::vector<double> const& spectrum_sum_w, double tail, double max_weight);

//! Mean-weight estimator of the cross section and its standard error for N tried events.
RunSummary summarize(RunTally const& tally, std::uint64_t events_tried);
}  // namespace fathom
