#include "BackgroundMcPrecision.hh"

#include <cmath>

namespace fathom
{
BackgroundMcPrecision background_mc_precision(ReachBins const& bins)
{
    BackgroundMcPrecision p;
    double sum_v = 0, sum_b = 0, sum_w = 0, sum_wr2 = 0;
    for (std::size_t i = 0; i < bins.size(); ++i)
    {
        // Floored bins stay in: no variance, so they only add sensitivity without MC error.
        if (!(bins.signal[i] > 0))
            continue;
        double const s = bins.signal[i], b = bins.background[i], v = bins.background_variance[i];
        double const r2 = v / b;
        if (std::sqrt(r2) > p.max_bin_ratio)
        {
            p.max_bin_ratio = std::sqrt(r2);
            p.worst_bin = bins.source_bin[i];
        }
        sum_v += v;
        sum_b += b;
        double const w = s * s / b;
        sum_w += w;
        sum_wr2 += w * r2;
    }
    if (sum_b > 0)
        p.summed_ratio = std::sqrt(sum_v / sum_b);
    if (sum_w > 0)
        p.weighted_ratio = std::sqrt(sum_wr2 / sum_w);
    p.warning = p.weighted_ratio > BackgroundMcPrecision::warning_threshold;
    return p;
}
}  // namespace fathom
