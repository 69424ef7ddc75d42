#include "LuminosityMatch.hh"

#include <cmath>

#include "BrentRoot.hh"
#include "ExpectedLimits.hh"
#include "ReachBins.hh"
#include "run/InputError.hh"

namespace fathom
{
ReachInput scale_to_luminosity(ReachInput const& at_l0, double l0_pb, double l_pb)
{
    ReachInput r = at_l0;
    double const f = l_pb / l0_pb;
    for (auto& x : r.signal)
        x *= f;
    for (auto& x : r.background)
        x *= f;
    for (auto& x : r.background_variance)
        x *= f * f;
    r.empty_bin_background *= f;
    return r;
}

double median_limit_at(ReachInput const& at_l0, double l0_pb, double l_pb, double cls_level)
{
    return expected_upper_limits(make_reach_bins(scale_to_luminosity(at_l0, l0_pb, l_pb)), cls_level).median_g_up();
}

LuminosityMatch match_luminosity(ReachInput const& at_l0, double l0_pb, double g_target, double l_min_pb,
                                 double l_max_pb, double cls_level)
{
    if (!(l0_pb > 0 && l_min_pb > 0 && l_max_pb > l_min_pb && g_target > 0))
        throw InputError("luminosity match: expected 0 < l_min < l_max, l0 > 0 and a target coupling > 0");
    auto excess = [&](double log_l) {
        return std::log(median_limit_at(at_l0, l0_pb, std::exp(log_l), cls_level) / g_target);
    };
    LuminosityMatch m;
    m.l_max_pb = l_max_pb;
    double const hi = excess(std::log(l_max_pb));
    m.g_at_max = g_target * std::exp(hi);
    if (hi > 0)
        return m;  // not even at l_max: the limit has levelled off above the target
    double const lo = excess(std::log(l_min_pb));
    if (lo <= 0)
    {
        m.luminosity_pb = l_min_pb;
        return m;
    }
    // 1e-4 in log L: 0.01 % of L, far below the MC error of any limit
    m.luminosity_pb = std::exp(brent_root(excess, std::log(l_min_pb), std::log(l_max_pb), 1e-4));
    return m;
}
}  // namespace fathom
