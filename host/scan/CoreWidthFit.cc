#include "CoreWidthFit.hh"

#include <cmath>
#include <stdexcept>

namespace fathom
{
namespace
{
//! Standard deviation of a unit Gaussian truncated at +-2.
constexpr double truncated_sd_2sigma = 0.87962566103423978;

//! The x at which the cumulative weight reaches fraction q (linear within the bin).
double quantile(std::vector<double> const& x, std::vector<double> const& w, double total, double q)
{
    double const half = x.size() > 1 ? (x[1] - x[0]) / 2 : 0;
    double acc = 0;
    for (std::size_t i = 0; i < x.size(); ++i)
    {
        double const wi = w[i] > 0 ? w[i] : 0;
        if (acc + wi >= q * total && wi > 0)
            return x[i] - half + 2 * half * (q * total - acc) / wi;
        acc += wi;
    }
    return x.back();
}
}  // namespace

CoreWidth fit_core_width(std::vector<double> const& x, std::vector<double> const& w,
                         std::vector<double> const& w2)
{
    if (x.size() != w.size() || x.size() != w2.size() || x.size() < 3)
        throw std::invalid_argument("sigma_m fit: the histogram needs matching centres, sums and at least 3 bins");
    double total = 0;
    for (double v : w)
        total += v > 0 ? v : 0;
    if (!(total > 0))
        throw std::invalid_argument("sigma_m fit: the m_gg histogram is empty (no signal event passed the cuts)");
    double const bin = x[1] - x[0];
    CoreWidth r;
    r.mean = quantile(x, w, total, 0.5);
    r.sigma = (quantile(x, w, total, 0.841344746) - quantile(x, w, total, 0.158655254)) / 2;
    if (!(r.sigma > 0))
        r.sigma = bin;
    for (r.iterations = 1; r.iterations <= 200; ++r.iterations)
    {
        double const lo = r.mean - 2 * r.sigma;
        double const hi = r.mean + 2 * r.sigma;
        if (lo < x.front() - bin / 2 || hi > x.back() + bin / 2)
            throw std::invalid_argument("sigma_m fit: the peak's core reaches the end of the m_gg histogram "
                                        "(its range is too small for this resolution)");
        // Edge bins count with the fraction of the bin inside [lo, hi] (weight assumed flat
        // within a bin), at the centre of that part: the moments then move continuously with
        // mu and sigma, and the iteration settles instead of hopping between bin sets.
        double s0 = 0, s1 = 0, sw2 = 0;
        std::vector<double> xs(x.size()), fs(x.size());
        for (std::size_t i = 0; i < x.size(); ++i)
        {
            double const a = std::fmax(x[i] - bin / 2, lo);
            double const b = std::fmin(x[i] + bin / 2, hi);
            fs[i] = b > a ? (b - a) / bin : 0;
            xs[i] = (a + b) / 2;
            s0 += fs[i] * w[i];
            s1 += fs[i] * w[i] * xs[i];
            sw2 += fs[i] * w2[i];
        }
        if (!(s0 > 0))
            throw std::invalid_argument("sigma_m fit: no weight in the core");
        double const mean = s1 / s0;
        double s2 = 0;
        for (std::size_t i = 0; i < x.size(); ++i)
            s2 += fs[i] * w[i] * (xs[i] - mean) * (xs[i] - mean);
        // bins of width b add b^2/12 to the variance (Sheppard's correction)
        double const var = s2 / s0 - bin * bin / 12;
        double const sigma = std::sqrt(var > 0 ? var : 0) / truncated_sd_2sigma;
        bool const done = std::fabs(sigma - r.sigma) <= 1e-6 * r.sigma && std::fabs(mean - r.mean) <= 1e-6 * r.sigma;
        r.mean = mean;
        r.sigma = sigma;
        r.core_fraction = s0 / total;
        r.n_eff = sw2 > 0 ? s0 * s0 / sw2 : 0;
        if (!(r.sigma > 0))
            break;
        if (done)
        {
            if (r.sigma < 1.5 * bin)
                throw std::invalid_argument("sigma_m fit: the core is narrower than 3 bins of the m_gg histogram");
            r.sigma_error = 1.2 * r.sigma / std::sqrt(2 * (r.n_eff > 1 ? r.n_eff : 1));
            return r;
        }
    }
    throw std::invalid_argument("sigma_m fit: the truncated-moment iteration did not converge");
}
}  // namespace fathom
