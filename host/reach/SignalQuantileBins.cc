#include "SignalQuantileBins.hh"

#include <stdexcept>

namespace fathom
{
namespace
{
//! Bins of axis a including its two flow bins.
std::size_t extent(AxisSpec const& a) { return static_cast<std::size_t>(a.bins) + 2; }

//! Edge k (0 .. bins) of an axis.
double edge(AxisSpec const& a, std::size_t k)
{
    if (a.variable)
        return a.edges.at(k);
    return a.lower + (a.upper - a.lower) * static_cast<double>(k) / a.bins;
}

//! Bins of all axes after the first (their product; the stride of axis 0 in C order).
std::size_t inner_size(HistogramData const& h)
{
    std::size_t n = 1;
    for (std::size_t a = 1; a < h.spec.axes.size(); ++a)
        n *= extent(h.spec.axes[a]);
    return n;
}

//! Per fine bin of axis 0 (flow bins included), the index of the merged bin it lies in: 0
//! underflow, k for the k-th merged bin, merged bins + 1 overflow.
std::vector<std::size_t> merged_index(AxisSpec const& fine, std::vector<std::size_t> const& starts)
{
    std::vector<std::size_t> index(extent(fine));
    std::size_t merged = 0;
    for (std::size_t i = 0; i < index.size(); ++i)
    {
        if (i == fine.bins + 1)
            merged = starts.size() + 1;
        else if (merged < starts.size() && i == starts[merged])
            ++merged;
        index[i] = merged;
    }
    return index;
}
}  // namespace

std::vector<std::size_t> signal_quantile_starts(HistogramData const& signal, unsigned n)
{
    if (signal.spec.axes.empty() || n == 0)
        throw std::invalid_argument("signal_quantile_starts: no axis or no bins");
    AxisSpec const& axis = signal.spec.axes[0];
    std::size_t const inner = inner_size(signal);
    std::vector<double> content(extent(axis), 0.0);
    for (std::size_t i = 0; i < content.size(); ++i)
    {
        for (std::size_t j = 0; j < inner; ++j)
            content[i] += signal.values[i * inner + j];
    }
    // after[i]: the in-range content above bin i (a merged bin never starts where none is left)
    std::vector<double> after(content.size(), 0.0);
    for (std::size_t i = axis.bins; i-- > 1;)
        after[i] = after[i + 1] + content[i + 1];
    double const total = after[0] = after[1] + content[1];
    std::vector<std::size_t> starts{1};
    double cumulative = 0;
    unsigned next = 1;  // the quantile whose boundary comes next
    for (std::size_t i = 1; i <= axis.bins && next < n; ++i)
    {
        cumulative += content[i];
        // a boundary after bin i when the content so far reaches the next quantile(s)
        if (total > 0 && cumulative >= total * next / n)
        {
            while (next < n && cumulative >= total * next / n)
                ++next;
            if (i + 1 <= axis.bins && after[i] > 0)
                starts.push_back(i + 1);
        }
    }
    return starts;
}

HistogramData merge_first_axis(HistogramData const& h, std::vector<std::size_t> const& starts, std::string name)
{
    AxisSpec const& fine = h.spec.axes.at(0);
    std::size_t const inner = inner_size(h);
    HistogramData out;
    out.spec = h.spec;
    out.spec.name = std::move(name);
    out.unit = h.unit;
    AxisSpec& axis = out.spec.axes[0];
    axis.variable = true;
    axis.bins = static_cast<std::uint32_t>(starts.size());
    axis.edges.clear();
    for (std::size_t s : starts)
        axis.edges.push_back(edge(fine, s - 1));
    axis.edges.push_back(edge(fine, fine.bins));
    axis.lower = axis.edges.front();
    axis.upper = axis.edges.back();
    out.values.assign(extent(axis) * inner, 0.0);
    out.variances.assign(out.values.size(), 0.0);
    std::vector<std::size_t> const index = merged_index(fine, starts);
    for (std::size_t i = 0; i < index.size(); ++i)
    {
        for (std::size_t j = 0; j < inner; ++j)
        {
            out.values[index[i] * inner + j] += h.values[i * inner + j];
            out.variances[index[i] * inner + j] += h.variances[i * inner + j];
        }
    }
    return out;
}

std::vector<double> spread_first_axis(std::vector<double> const& merged, HistogramData const& fine,
                                      std::vector<std::size_t> const& starts)
{
    std::size_t const inner = inner_size(fine);
    std::vector<std::size_t> const index = merged_index(fine.spec.axes.at(0), starts);
    if (merged.size() != (starts.size() + 2) * inner)
        throw std::invalid_argument("spread_first_axis: " + std::to_string(merged.size()) + " values for "
                                    + std::to_string((starts.size() + 2) * inner) + " merged bins");
    std::vector<double> out(index.size() * inner);
    for (std::size_t i = 0; i < index.size(); ++i)
    {
        for (std::size_t j = 0; j < inner; ++j)
            out[i * inner + j] = merged[index[i] * inner + j];
    }
    return out;
}

bool is_llr_analysis(std::string const& analysis)
{
    return analysis == llr_histogram || analysis == llr_m_ee_histogram;
}

std::string filled_histogram_of(std::string const& analysis)
{
    if (analysis == llr_histogram)
        return llr_fine_histogram;
    if (analysis == llr_m_ee_histogram)
        return llr_fine_m_ee_histogram;
    return analysis;
}

AnalysisBinning::AnalysisBinning(std::string analysis, unsigned llr_bins, SignalHistogram const& signal)
    : analysis_(std::move(analysis)), filled_(filled_histogram_of(analysis_))
{
    if (is_llr_analysis(analysis_))
        starts_ = signal_quantile_starts(signal(llr_fine_histogram), llr_bins);
}

HistogramData AnalysisBinning::operator()(HistogramData const& filled, std::string name) const
{
    if (starts_.empty())
    {
        HistogramData h = filled;
        h.spec.name = std::move(name);
        return h;
    }
    return merge_first_axis(filled, starts_, std::move(name));
}

std::vector<double> AnalysisBinning::spread(std::vector<double> const& per_analysis_bin, HistogramData const& filled) const
{
    return starts_.empty() ? per_analysis_bin : spread_first_axis(per_analysis_bin, filled, starts_);
}
}  // namespace fathom
