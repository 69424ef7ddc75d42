// The importance map of the analysis-aware background (issue 14): where the background's MC
// precision matters for the limit.
//
// The sensitivity-weighted MC precision ratio of `fathom reach` (BackgroundMcPrecision.hh) is
//   r^2 = sum_i (s_i^2 / b_i) (v_i / b_i) / sum_i s_i^2 / b_i,
// with v_i the MC variance of bin i's background b_i. A sampler whose density follows f h, with
// h = h_i constant in bin i, gives bin i the MC variance v_i = b_i (sum_j b_j h_j) / (N h_i),
// so r^2 N = (sum_i s_i^2 / (b_i h_i)) (sum_j b_j h_j) / sum_i s_i^2 / b_i, smallest (by the
// Cauchy-Schwarz inequality) for h_i proportional to s_i / b_i: events spread over the bins in
// proportion to the signal, r^2 N = (sum s_i)^2 / sum_i s_i^2 / b_i. Sampling that follows f
// alone (h = 1) has r^2 N = sum_i b_i, larger by (sum b)(sum s^2 / b) / (sum s)^2 (33 at
// m_a = 0.5 GeV, 6 at 2 GeV on the quick scan's 4D histogram).
#pragma once

#include <vector>

namespace fathom
{
struct ImportanceMapOptions
{
    //! No bin's factor below floor x (sum s / sum b): bins without signal keep about
    //! floor / (1 + floor) of the events that sampling f alone would give them, so none is
    //! starved and every histogram stays well filled (tested against the plain sampler).
    double floor{0.3};
    //! Background below this (a typical single pilot event's weight, same units as b) is
    //! noise of the pilot sample: b_i is taken as at least this, so one lucky or missing pilot
    //! event cannot send a bin's factor to infinity.
    double min_background{0};
};

/*!
 * h_i = max(s_i / max(b_i, min_background), floor x sum s / sum b) from the signal s and a
 * pilot background b per bin (same binning, flow bins included, any common unit), normalised so
 * that sum_i b_i h_i = sum_i b_i (training weights keep the magnitude of f). Without signal or
 * background in any bin, h = 1 everywhere. Throws std::invalid_argument on mismatched sizes or a
 * negative or non-finite entry.
 */
std::vector<double> analysis_importance_map(std::vector<double> const& signal, std::vector<double> const& background,
                                            ImportanceMapOptions const& options);
}  // namespace fathom
