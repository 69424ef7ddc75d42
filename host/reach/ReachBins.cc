#include "ReachBins.hh"

#include "run/InputError.hh"

namespace fathom
{
ReachBins make_reach_bins(ReachInput const& input, double background_floor)
{
    validate(input);
    if (!(background_floor > 0))
        throw InputError("reach: the background floor must be > 0");
    ReachBins bins;
    bins.g_ref = input.g_ref;
    bins.background_norm_uncertainty = input.background_norm_uncertainty;
    for (std::size_t i = 0; i < input.signal.size(); ++i)
    {
        double const s = input.signal[i];
        double b = input.background[i];
        double v = input.background_variance[i];
        if (b <= 0)
        {
            if (s <= 0)
            {
                ++bins.dropped_bins;
                continue;
            }
            bool const typical = input.empty_bin_background > 0;
            b = typical ? input.empty_bin_background : background_floor;
            v = typical ? b * b : 0;
            ++bins.floored_bins;
        }
        bins.signal.push_back(s);
        bins.background.push_back(b);
        bins.background_variance.push_back(v);
        bins.source_bin.push_back(i);
    }
    if (bins.size() == 0)
        throw InputError("reach: no bin has expected signal or background events");
    return bins;
}
}  // namespace fathom
