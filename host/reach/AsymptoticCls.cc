#include "AsymptoticCls.hh"

#include <cmath>

#include "QTilde.hh"

namespace fathom
{
double normal_cdf(double x)
{
    // erfc keeps full relative precision in the lower tail, where CLs lives.
    return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

AsymptoticCls::AsymptoticCls(ReachBins const& bins)
    : asimov_(BinnedLikelihood::asimov_background_only(bins)), free_fit_(asimov_.free_fit())
{
}

double AsymptoticCls::qtilde_asimov(double mu) const
{
    return qtilde(asimov_, free_fit_, mu);
}

double AsymptoticCls::expected_cls(double mu, double band_sigma) const
{
    double const sqrt_q = std::sqrt(this->qtilde_asimov(mu));
    return normal_cdf(band_sigma - sqrt_q) / normal_cdf(band_sigma);
}
}  // namespace fathom
