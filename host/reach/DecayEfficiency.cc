#include "DecayEfficiency.hh"

#include <cmath>
#include <limits>
#include <numbers>

#include "BrentRoot.hh"
#include "run/InputError.hh"

namespace fathom
{
double alp_width_gamma_gamma_gev(double g_per_gev, double m_gev)
{
    return g_per_gev * g_per_gev * m_gev * m_gev * m_gev / (64 * std::numbers::pi);
}

double alp_ctau_m(double g_per_gev, double m_gev)
{
    return hbar_c_gev_m / alp_width_gamma_gamma_gev(g_per_gev, m_gev);
}

BetagammaSpectrum make_betagamma_spectrum(HistogramData const& h)
{
    auto fail = [&h](std::string const& what) {
        throw InputError("histogram '" + h.spec.name + "': " + what);
    };
    if (h.spec.axes.size() != 1)
        fail("a beta gamma spectrum needs exactly one axis");
    AxisSpec const& a = h.spec.axes[0];
    std::size_t const n = std::size_t{a.bins} + 2;
    if (h.values.size() != n)
        fail("has " + std::to_string(h.values.size()) + " values for " + std::to_string(n)
             + " bins including flow bins");
    auto edge = [&a](std::size_t i) {
        return a.variable ? a.edges[i] : a.lower + (a.upper - a.lower) * i / a.bins;
    };
    BetagammaSpectrum s;
    double total = 0;
    for (std::size_t i = 0; i < n; ++i)
    {
        double bg = 0;  // underflow: prompt
        if (i == n - 1)
            bg = edge(a.bins);
        else if (i > 0)
        {
            double const lo = edge(i - 1), hi = edge(i);
            bg = (a.variable && lo > 0) ? std::sqrt(lo * hi) : (lo + hi) / 2;
        }
        s.betagamma.push_back(bg);
        s.weight.push_back(h.values[i]);
        total += h.values[i];
    }
    if (!(total > 0) || !std::isfinite(total))
        fail("has no positive total weight: no decay efficiency can be computed");
    return s;
}

double decay_probability(double radius_m, double betagamma_t, double ctau_m)
{
    if (!(betagamma_t > 0))
        return 1;
    return -std::expm1(-radius_m / (betagamma_t * ctau_m));
}

double decay_efficiency(BetagammaSpectrum const& spectrum, double g_per_gev, double m_gev,
                        double radius_m)
{
    double const ctau = alp_ctau_m(g_per_gev, m_gev);
    double sum_wp = 0, sum_w = 0;
    for (std::size_t j = 0; j < spectrum.weight.size(); ++j)
    {
        sum_wp += spectrum.weight[j] * decay_probability(radius_m, spectrum.betagamma[j], ctau);
        sum_w += spectrum.weight[j];
    }
    return sum_wp / sum_w;
}

double coupling_limit_with_decay(BetagammaSpectrum const& spectrum, double m_gev,
                                 double radius_m, double g_ref_per_gev, double mu_up)
{
    double constexpr inf = std::numeric_limits<double>::infinity();
    if (!std::isfinite(mu_up) || !(mu_up > 0))
        return std::isfinite(mu_up) ? 0 : inf;
    // Solved in log g: the left side spans many decades for long-lived ALPs.
    auto const excess = [&](double log_g) {
        double const g = std::exp(log_g);
        double const r = g / g_ref_per_gev;
        return std::log(r * r * decay_efficiency(spectrum, g, m_gev, radius_m)) - std::log(mu_up);
    };
    double const lo = std::log(g_ref_per_gev * std::sqrt(mu_up));  // eps <= 1: excess <= 0
    if (excess(lo) >= 0)
        return std::exp(lo);
    double const limit = lo + std::log(max_limit_factor);
    double hi = lo;
    do
    {
        hi = std::min(hi + std::log(2.0), limit);
        if (excess(hi) >= 0)
            return std::exp(brent_root(excess, lo, hi));
    } while (hi < limit);
    return inf;
}
}  // namespace fathom
