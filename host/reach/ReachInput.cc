#include "ReachInput.hh"

#include <cmath>
#include <string>

#include "run/InputError.hh"

namespace fathom
{
namespace
{
void check_bins(std::vector<double> const& values, char const* name, bool non_negative)
{
    for (std::size_t i = 0; i < values.size(); ++i)
    {
        double const x = values[i];
        if (!std::isfinite(x) || (non_negative && x < 0))
            throw InputError("reach: " + std::string(name) + "[" + std::to_string(i) +
                             "] = " + std::to_string(x) +
                             (non_negative ? " (must be finite and >= 0)" : " (must be finite)"));
    }
}
}  // namespace

void validate(ReachInput const& input)
{
    std::size_t const n = input.signal.size();
    if (input.background.size() != n || input.background_variance.size() != n)
        throw InputError("reach: signal, background and background_variance have " +
                         std::to_string(n) + ", " + std::to_string(input.background.size()) +
                         " and " + std::to_string(input.background_variance.size()) +
                         " bins; they must match");
    // A negative signal (interference) has no meaning in the model mu * s + b: mu >= 0 would
    // drive the expected count negative.
    check_bins(input.signal, "signal", true);
    check_bins(input.background, "background", false);
    // A negative background where there is signal would enter the likelihood (as the floor):
    // refused, as is a negative total. Negative bins without signal are dropped (ReachBins).
    double total = 0;
    for (std::size_t i = 0; i < n; ++i)
    {
        total += input.background[i];
        if (input.background[i] < 0 && input.signal[i] > 0)
            throw InputError("reach: background[" + std::to_string(i) + "] = " + std::to_string(input.background[i])
                             + " is negative in a bin with signal (must be >= 0)");
    }
    if (total < 0)
        throw InputError("reach: the background sums to " + std::to_string(total) + " events (must be >= 0)");
    check_bins(input.background_variance, "background_variance", true);
    if (!(input.g_ref > 0) || !std::isfinite(input.g_ref))
        throw InputError("reach: g_ref must be finite and > 0");
    double const d = input.background_norm_uncertainty;
    if (!(d >= 0 && d < 1))
        throw InputError("reach: background_norm_uncertainty must be in [0, 1), not " +
                         std::to_string(d));
    if (!(input.empty_bin_background >= 0) || !std::isfinite(input.empty_bin_background))
        throw InputError("reach: empty_bin_background must be finite and >= 0");
}
ReachInput without_mc_error(ReachInput in)
{
    for (std::size_t i = 0; i < in.signal.size(); ++i)
    {
        in.background_variance[i] = 0;
        if (!(in.background[i] > 0))
            in.signal[i] = 0;
    }
    in.empty_bin_background = 0;
    return in;
}
}  // namespace fathom
