// Bins of equal signal content along a histogram's first axis ("signal quantiles"), made by
// merging its fine bins: the binned analysis of llr_alp at any number of bins from one scan
// (the scan writes `llr_alp` with scan.llr_bins of them; `fathom reach --llr-bins N` any other N).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "io/HistogramData.hh"

namespace fathom
{
//! llr_alp's histograms in a scan (fathom-scan-3, docs/scan-format.md): fine lambda bins, alone and
//! against m_ee, and the same merged into scan.llr_bins bins of equal signal content.
inline constexpr char const* llr_fine_histogram = "llr_alp_fine";
inline constexpr char const* llr_fine_m_ee_histogram = "llr_alp_fine_m_ee";
inline constexpr char const* llr_histogram = "llr_alp";
inline constexpr char const* llr_m_ee_histogram = "llr_alp_m_ee";

/*!
 * Where the merged bins of axis 0 start, as indices of its fine in-range bins (1 .. bins; the
 * flow bins stay bins of their own): about 1/n of \p signal's in-range content (summed over the
 * other axes) in each. A fine bin holding more than 1/n is one merged bin by itself, so fewer
 * than n may come back; never an empty one. The first start is always 1.
 */
std::vector<std::size_t> signal_quantile_starts(HistogramData const& signal, unsigned n);

/*!
 * \p h with axis 0's in-range bins merged at \p starts (signal_quantile_starts): values and
 * variances summed, a variable axis with the fine edges at the merge points, flow bins and the
 * other axes unchanged; named \p name.
 */
HistogramData merge_first_axis(HistogramData const& h, std::vector<std::size_t> const& starts, std::string name);

/*!
 * The opposite of merge_first_axis for a map over bins: per bin of \p fine (flow bins
 * included), the value of the merged bin it lies in, from \p merged (one value per bin of the
 * merged histogram).
 */
std::vector<double> spread_first_axis(std::vector<double> const& merged, HistogramData const& fine,
                                      std::vector<std::size_t> const& starts);

//! Whether an analysis is one of llr_alp's merged histograms (llr_alp, llr_alp_m_ee).
bool is_llr_analysis(std::string const& analysis);

//! The histogram the runs fill for an analysis: llr_alp's fine histograms for llr_alp and
//! llr_alp_m_ee, the analysis histogram itself otherwise.
std::string filled_histogram_of(std::string const& analysis);

/*!
 * An analysis histogram made from what the runs fill (filled_histogram_of): llr_alp and
 * llr_alp_m_ee merged into llr_bins bins at the quantiles of the signal's llr_alp_fine (both at
 * the same ones, as the scan writes them and `fathom reach` reads them); any other histogram as
 * filled. The scan's r, its importance map and bench_analysis all see the analysis through it.
 */
class AnalysisBinning
{
  public:
    //! The signal's histogram of a given name (asked for llr_alp_fine, by llr analyses only).
    using SignalHistogram = std::function<HistogramData(std::string const& name)>;

    AnalysisBinning(std::string analysis, unsigned llr_bins, SignalHistogram const& signal);

    std::string const& analysis() const { return analysis_; }
    std::string const& filled() const { return filled_; }

    //! \p filled (a run's filled histogram) as the analysis bins it, named \p name.
    HistogramData operator()(HistogramData const& filled, std::string name) const;

    //! A map over the analysis bins spread over \p filled's bins (an importance map's factors).
    std::vector<double> spread(std::vector<double> const& per_analysis_bin, HistogramData const& filled) const;

  private:
    std::string analysis_;
    std::string filled_;
    std::vector<std::size_t> starts_;  //!< empty: the analysis is the filled histogram
};
}  // namespace fathom
