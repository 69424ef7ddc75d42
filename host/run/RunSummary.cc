#include "RunSummary.hh"

#include <cmath>
#include <cstring>

#include "fathom/pipeline/WeightSpectrum.hh"

namespace fathom
{
RunSummary summarize(RunTally const& t, std::uint64_t n)
{
    RunSummary s;
    s.events_tried = n;
    s.events_accepted = t.accepted;
    s.events_failed_cuts = t.failed_cuts;
    s.events_zero_phase_space = t.zero_phase_space;
    s.nonfinite_weights = t.nonfinite;
    s.nonfinite_me = t.nonfinite_me;
    s.nonfinite_phase_space = t.nonfinite_phase_space;
    s.sum_w = to_double(t.sum_w);
    s.sum_w2 = to_double(t.sum_w2);
    std::memcpy(&s.max_weight, &t.max_weight_bits, sizeof(double));
    if (n == 0)
        return s;
    auto dn = static_cast<double>(n);
    s.cross_section_pb = s.sum_w / dn;
    s.efficiency = static_cast<double>(t.accepted) / dn;
    if (n > 1)
    {
        double var = (s.sum_w2 / dn - s.cross_section_pb * s.cross_section_pb) / (dn - 1);
        s.cross_section_error_pb = std::sqrt(var > 0 ? var : 0);
    }
    if (s.sum_w2 > 0)
        s.n_eff = s.sum_w * s.sum_w / s.sum_w2;
    return s;
}

double reduced_max_weight(std::vector<double> const& spectrum_sum_w, double tail, double max_weight)
{
    double total = 0;
    for (double v : spectrum_sum_w)
        total += std::fabs(v);
    if (!(total > 0))
        return 0;
    double above = 0;
    for (std::size_t k = spectrum_sum_w.size(); k-- > 0;)
    {
        above += std::fabs(spectrum_sum_w[k]);
        if (above > tail * total)
        {
            double const edge = weight_spectrum_lower_edge(static_cast<size_type>(k + 1));
            return edge < max_weight ? edge : max_weight;
        }
    }
    return max_weight;
}
}  // namespace fathom
