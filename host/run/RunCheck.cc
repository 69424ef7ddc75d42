#include "RunCheck.hh"

#include <cmath>
#include <cstdio>
#include <iostream>

#include "RunCard.hh"
#include "RunFailure.hh"

namespace fathom
{
namespace
{
//! Physical values of the weight-making keys are far below this (GeV, GeV^-1, widths).
constexpr double extreme_magnitude = 1e10;

std::string format_number(double x)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", x);
    return buf;
}

std::string format_count(std::uint64_t n)
{
    return std::to_string(n);
}

void collect_extreme(toml::node const& n, std::string const& key, std::vector<std::string>& out)
{
    if (auto const* t = n.as_table())
    {
        for (auto const& [k, v] : *t)
            collect_extreme(v, key + "." + std::string(k.str()), out);
    }
    else if (auto const* a = n.as_array())
    {
        for (std::size_t i = 0; i < a->size(); ++i)
            collect_extreme((*a)[i], key + "[" + std::to_string(i) + "]", out);
    }
    else if (auto v = n.value_exact<double>())
    {
        if (!std::isfinite(*v) || std::fabs(*v) > extreme_magnitude)
            out.push_back(key + " = " + format_number(*v));
    }
}
}  // namespace

std::vector<std::string> extreme_card_values(RunSpec const& spec)
{
    std::vector<std::string> out;
    toml::table const card = effective_card(spec);
    // cuts and histograms only select and bin events (an infinite cut edge means "none")
    for (char const* table : {"beams", "process", "phase_space", "detector"})
    {
        if (auto const* t = card.get(table))
            collect_extreme(*t, table, out);
    }
    return out;
}

std::string unusable_run_reason(RunSpec const& spec, RunSummary const& s)
{
    std::string const where = (spec.card_path.empty() ? std::string() : spec.card_path + ": ") + "no usable result: ";
    if (s.events_tried == 0)
        return where + "no events were generated (run.events = 0)";
    double const fraction = static_cast<double>(s.nonfinite_weights) / static_cast<double>(s.events_tried);
    if (fraction > max_nonfinite_fraction)
    {
        std::uint64_t const product = s.nonfinite_weights - s.nonfinite_me - s.nonfinite_phase_space;
        std::string msg = where + format_count(s.nonfinite_weights) + " of " + format_count(s.events_tried)
                          + " events (" + format_number(100 * fraction) + " %, more than "
                          + format_number(max_nonfinite_fraction) + ") have a non-finite weight: |M|^2 not finite in "
                          + format_count(s.nonfinite_me) + ", the phase-space weight in "
                          + format_count(s.nonfinite_phase_space) + ", their product (or beyond the exact sums' range) in "
                          + format_count(product);
        std::vector<std::string> const suspects = extreme_card_values(spec);
        if (suspects.empty())
        {
            msg += "; no card value is extreme (non-finite or above " + format_number(extreme_magnitude)
                   + "): please report it with the card";
        }
        else
        {
            msg += "; extreme card values: ";
            for (std::size_t i = 0; i < suspects.size(); ++i)
                msg += (i > 0 ? ", " : "") + suspects[i];
        }
        return msg;
    }
    if (s.events_accepted == 0)
    {
        double const sqrt_s = nominal_sqrt_s(spec);
        std::string msg = where + "no event passed the cuts (of " + format_count(s.events_tried) + " events, "
                          + format_count(s.events_failed_cuts) + " failed the cuts, "
                          + format_count(s.events_zero_phase_space) + " had no phase-space point, "
                          + format_count(s.nonfinite_weights) + " a non-finite weight)";
        if (s.events_failed_cuts > 0)
            msg += "; check the [cuts] against sqrt(s) = " + format_number(sqrt_s) + " GeV";
        else
            msg += "; the sampler's windows (phase_space, process) leave no phase space";
        return msg;
    }
    return {};
}

bool check_run_usable(RunSpec const& spec, RunSummary const& summary, std::string const& context)
{
    std::string const reason = unusable_run_reason(spec, summary);
    if (reason.empty())
        return true;
    if (!spec.allow_empty)
        throw RunFailure(context + reason + " (--allow-empty writes it anyway)");
    std::cerr << "fathom: warning: " << context << reason << " (written because of --allow-empty)\n";
    return false;
}
}  // namespace fathom
