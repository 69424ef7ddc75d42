#include "ExpectedLimits.hh"

#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "AsymptoticCls.hh"
#include "BrentRoot.hh"
#include "run/InputError.hh"

namespace fathom
{
ExpectedLimits expected_upper_limits(ReachBins const& bins, double cls_level)
{
    if (!(cls_level > 0 && cls_level < 1))
        throw InputError("reach: the CLs level must be in (0, 1)");
    ExpectedLimits limits;
    limits.cls_level = cls_level;
    limits.mc_precision = background_mc_precision(bins);
    limits.floored_bins = bins.floored_bins;

    // Starting scale: without nuisances and for large b, sqrt(q~_A) ~ mu sqrt(sum s^2 / b);
    // the bracket is then widened by doubling, so this only saves iterations.
    double sensitivity2 = 0;
    for (std::size_t i = 0; i < bins.size(); ++i)
        sensitivity2 += bins.signal[i] * bins.signal[i] / bins.background[i];
    if (!(sensitivity2 > 0))
    {
        limits.mu_up.fill(std::numeric_limits<double>::infinity());
        limits.g_up.fill(std::numeric_limits<double>::infinity());
        return limits;
    }
    double const mu_scale = 1 / std::sqrt(sensitivity2);

    AsymptoticCls const cls(bins);
    for (std::size_t band = 0; band < limits.mu_up.size(); ++band)
    {
        double const k = ExpectedLimits::band_sigma[band];
        auto const excess = [&](double mu) { return cls.expected_cls(mu, k) - cls_level; };
        double hi = mu_scale;
        while (excess(hi) > 0)
        {
            hi *= 2;
            if (!std::isfinite(hi))
                throw std::runtime_error("reach: CLs does not fall to the level at any mu");
        }
        // Brent's own relative tolerance (4 eps |mu|) is what we want: no absolute one.
        limits.mu_up[band] = brent_root(excess, 0, hi);
        limits.g_up[band] = bins.g_ref * std::sqrt(limits.mu_up[band]);
    }
    return limits;
}
}  // namespace fathom
