// The luminosity at which an analysis reaches a given coupling: L such that its expected median
// limit g_up(L) equals g_target (e.g. the standard 3-photon search at 50 ab^-1).
//
// A ReachInput at luminosity L0 becomes that at L by the scan's scaling: events x L/L0, their MC
// variances x (L/L0)^2 (the MC sample is the same), the empty-bin background x L/L0. g_up(L)
// falls with L while the data's Poisson error dominates (as L^-1/4 for background-dominated
// counting) and levels off where the background's MC error, which grows like the events, takes
// over: then a target below the plateau is never reached and the answer says so.
#pragma once

#include <optional>

#include "ReachInput.hh"

namespace fathom
{
struct LuminosityMatch
{
    std::optional<double> luminosity_pb;  //!< empty: not reached within the search range
    double g_at_max{0};   //!< the median limit at the largest luminosity searched
    double l_max_pb{0};   //!< that luminosity
};

//! The input at luminosity \p l_pb from the input at \p l0_pb.
ReachInput scale_to_luminosity(ReachInput const& at_l0, double l0_pb, double l_pb);

//! The median expected limit on g at luminosity \p l_pb.
double median_limit_at(ReachInput const& at_l0, double l0_pb, double l_pb, double cls_level = 0.05);

//! Solve g_up(L) = g_target for L in [l_min_pb, l_max_pb] (Brent in log L; g_up falls
//! monotonically with L). If the target holds already at l_min, luminosity_pb = l_min (an upper
//! bound); if it fails still at l_max, luminosity_pb is empty and g_at_max says how close it got.
LuminosityMatch match_luminosity(ReachInput const& at_l0, double l0_pb, double g_target, double l_min_pb,
                                 double l_max_pb, double cls_level = 0.05);
}  // namespace fathom
