// Bins of equal signal content: the merge points, sums kept, flow bins and other axes untouched;
// and the toy of issue 16 with two known 1D densities, where the optimal (unbinned) expected limit
// is known by quadrature: the limit binned in lambda = ln(s/b) converges to it as the bins get finer.
#include <cmath>
#include <numeric>

#include <gtest/gtest.h>

#include "reach/ExpectedLimits.hh"
#include "reach/ReachBins.hh"
#include "reach/SignalQuantileBins.hh"

namespace fathom
{
namespace
{
HistogramData histogram_1d(std::vector<double> in_range, double lower, double upper)
{
    HistogramData h;
    h.spec.name = "h";
    AxisSpec a;
    a.observable = "llr_alp";
    a.bins = static_cast<std::uint32_t>(in_range.size());
    a.lower = lower;
    a.upper = upper;
    h.spec.axes.push_back(a);
    h.values.push_back(0.5);  // underflow
    h.values.insert(h.values.end(), in_range.begin(), in_range.end());
    h.values.push_back(0.25);  // overflow
    for (double v : h.values)
        h.variances.push_back(v / 10);
    return h;
}
}  // namespace

TEST(SignalQuantileBins, MergePointsSumsAndFlowBins)
{
    // 8 fine bins on [0, 8); content 1 each except bin 6 (index 6) with 4: total in range 11
    HistogramData const h = histogram_1d({1, 1, 1, 1, 1, 4, 1, 1}, 0, 8);
    std::vector<std::size_t> const starts = signal_quantile_starts(h, 4);
    // quarters of 11 at 2.75, 5.5, 8.25: after bins 3 (3), 6 (9 >= 5.5 and 8.25: both at once)
    EXPECT_EQ(starts, (std::vector<std::size_t>{1, 4, 7}));
    HistogramData const m = merge_first_axis(h, starts, "merged");
    EXPECT_EQ(m.spec.name, "merged");
    ASSERT_EQ(m.spec.axes[0].bins, 3u);
    EXPECT_TRUE(m.spec.axes[0].variable);
    EXPECT_EQ(m.spec.axes[0].edges, (std::vector<double>{0, 3, 6, 8}));
    EXPECT_EQ(m.values, (std::vector<double>{0.5, 3, 6, 2, 0.25}));
    EXPECT_DOUBLE_EQ(std::accumulate(m.variances.begin(), m.variances.end(), 0.0),
                     std::accumulate(h.variances.begin(), h.variances.end(), 0.0));
    // one bin asked for: everything in range together
    EXPECT_EQ(signal_quantile_starts(h, 1), (std::vector<std::size_t>{1}));
    // more bins than there is content to split: never an empty merged bin
    EXPECT_EQ(signal_quantile_starts(histogram_1d({0, 0, 5, 0, 0}, 0, 5), 3), (std::vector<std::size_t>{1}));
    EXPECT_EQ(signal_quantile_starts(histogram_1d({1, 0, 5, 0, 1}, 0, 5), 3), (std::vector<std::size_t>{1, 4}));
}

TEST(SignalQuantileBins, SecondAxisKeptAndQuantilesOfTheMarginal)
{
    // 4 lambda bins x 2 m_ee bins (+ flows: 6 x 4 values)
    HistogramData h;
    AxisSpec lambda;
    lambda.bins = 4;
    lambda.lower = 0;
    lambda.upper = 4;
    AxisSpec m_ee;
    m_ee.variable = true;
    m_ee.bins = 2;
    m_ee.edges = {0, 5, 10};
    h.spec.axes = {lambda, m_ee};
    h.values.assign(6 * 4, 0.0);
    for (std::size_t i = 1; i <= 4; ++i)
    {
        h.values[i * 4 + 1] = 1;       // Dalitz-like
        h.values[i * 4 + 2] = i == 4;  // fusion: only in the last lambda bin
    }
    h.variances = h.values;
    std::vector<std::size_t> const starts = signal_quantile_starts(h, 2);  // marginal 1, 1, 1, 2
    EXPECT_EQ(starts, (std::vector<std::size_t>{1, 4}));
    HistogramData const m = merge_first_axis(h, starts, "m");
    ASSERT_EQ(m.values.size(), 4u * 4u);
    EXPECT_EQ(m.spec.axes[1].edges, m_ee.edges);
    EXPECT_EQ(m.values[1 * 4 + 1], 3.0);
    EXPECT_EQ(m.values[1 * 4 + 2], 0.0);
    EXPECT_EQ(m.values[2 * 4 + 1], 1.0);
    EXPECT_EQ(m.values[2 * 4 + 2], 1.0);
}

TEST(SignalQuantileBins, SpreadGivesEachFineBinItsMergedBinsValue)
{
    HistogramData const h = histogram_1d({1, 1, 1, 1, 1, 4, 1, 1}, 0, 8);
    std::vector<std::size_t> const starts{1, 4, 7};  // merged: [1..3], [4..6], [7..8] + flows
    EXPECT_EQ(spread_first_axis({10, 20, 30, 40, 50}, h, starts),
              (std::vector<double>{10, 20, 20, 20, 30, 30, 30, 40, 40, 50}));
    // spreading a merged histogram's values and merging them back multiplies by the bin widths
    HistogramData spread = h;
    spread.values = spread_first_axis(merge_first_axis(h, starts, "m").values, h, starts);
    EXPECT_EQ(merge_first_axis(spread, starts, "m").values, (std::vector<double>{0.5, 9, 18, 4, 0.25}));
    EXPECT_THROW(spread_first_axis({1, 2, 3}, h, starts), std::invalid_argument);
}

TEST(SignalQuantileBins, AnalysisBinningOfTheScansHistograms)
{
    HistogramData const signal = histogram_1d({1, 1, 1, 1, 1, 4, 1, 1}, 0, 8);
    EXPECT_EQ(filled_histogram_of("llr_alp"), "llr_alp_fine");
    EXPECT_EQ(filled_histogram_of("llr_alp_m_ee"), "llr_alp_fine_m_ee");
    EXPECT_EQ(filled_histogram_of("tplus_tminus_splus_sminus"), "tplus_tminus_splus_sminus");
    EXPECT_TRUE(is_llr_analysis("llr_alp") && is_llr_analysis("llr_alp_m_ee"));
    EXPECT_FALSE(is_llr_analysis("llr_alp_fine") || is_llr_analysis("tplus_tminus_splus_sminus"));
    // the quantiles come from the signal's llr_alp_fine, whichever llr analysis (as the scan's)
    std::vector<std::string> asked;
    auto const lookup = [&](std::string const& name) {
        asked.push_back(name);
        return signal;
    };

    // llr_alp: the background merged at the signal's quantiles, as the scan writes it
    AnalysisBinning const llr("llr_alp", 4, lookup);
    EXPECT_EQ(llr.filled(), "llr_alp_fine");
    HistogramData const background = histogram_1d({8, 7, 6, 5, 4, 3, 2, 1}, 0, 8);
    HistogramData const b = llr(background, "background.llr_alp");
    EXPECT_EQ(b.spec.name, "background.llr_alp");
    EXPECT_EQ(b.values, merge_first_axis(background, signal_quantile_starts(signal, 4), "x").values);
    EXPECT_EQ(llr.spread({1, 2, 3, 4, 5}, background).size(), background.values.size());

    AnalysisBinning const llr_m_ee("llr_alp_m_ee", 4, lookup);
    EXPECT_EQ(llr_m_ee.filled(), "llr_alp_fine_m_ee");
    EXPECT_EQ(asked, (std::vector<std::string>{"llr_alp_fine", "llr_alp_fine"}));

    // any other histogram: as filled (renamed), maps unchanged, the signal not asked for
    AnalysisBinning const plain("h", 4, lookup);
    EXPECT_EQ(asked.size(), 2u);
    EXPECT_EQ(plain(background, "b").values, background.values);
    EXPECT_EQ(plain(background, "b").spec.name, "b");
    EXPECT_EQ(plain.spread({1, 2}, background), (std::vector<double>{1, 2}));
}

/*
 * The toy: x in [0, 1), signal s(x) = S N(x; 0.5, 0.08) (normalised on [0, 1)), background
 * b(x) = B (0.2 + 1.6 x); lambda = ln(s / b) is not monotonic in x, so binning in lambda is not
 * binning in x. With the background-only Asimov data, the median expected CLs limit of an
 * unbinned analysis solves q_mu = 2 int dx [mu s - b ln(1 + mu s / b)] = Phi^-1(1 - 0.05/2)^2
 * (Cowan, Cranmer, Gross, Vitells, Eur. Phys. J. C71 (2011) 1554, eq. (89) with q~ = q at the
 * Asimov mu^ = 0): computed here by quadrature. fathom's limits on bins of equal signal content in
 * lambda, from a fine lambda histogram, must approach it from above as the bins get finer (binning
 * only loses information), and the finest must be within 1 %.
 */
TEST(SignalQuantileBins, BinnedLambdaLimitConvergesToTheUnbinnedOptimum)
{
    double const S = 20, B = 400;
    std::size_t const cells = 200000;
    auto s_of = [&](double x) {
        double const z = (x - 0.5) / 0.08;
        return S * std::exp(-z * z / 2) / (0.08 * std::sqrt(2 * M_PI) * 0.9999994267);  // +-6.25 sigma in [0, 1)
    };
    auto b_of = [&](double x) { return B * (0.2 + 1.6 * x); };
    // the fine lambda histogram: each x cell's exact content into the bin of its lambda (midpoint)
    double const lo = -12, hi = 4;
    std::size_t const fine = 1600;
    std::vector<double> sig(fine + 2, 0.0), bkg(fine + 2, 0.0);
    std::vector<double> s_cell(cells), b_cell(cells);
    for (std::size_t c = 0; c < cells; ++c)
    {
        double const x = (c + 0.5) / cells;
        s_cell[c] = s_of(x) / cells;
        b_cell[c] = b_of(x) / cells;
        double const lambda = std::log(s_cell[c] / b_cell[c]);
        std::size_t const bin = lambda < lo ? 0 : lambda >= hi ? fine + 1 : 1 + static_cast<std::size_t>((lambda - lo) / (hi - lo) * fine);
        sig[bin] += s_cell[c];
        bkg[bin] += b_cell[c];
    }
    // unbinned: the x cells themselves (200000 of them: the continuum to 1e-6)
    auto q_of = [&](double mu) {
        double q = 0;
        for (std::size_t c = 0; c < cells; ++c)
            q += 2 * (mu * s_cell[c] - b_cell[c] * std::log1p(mu * s_cell[c] / b_cell[c]));
        return q;
    };
    double const z = 1.959963984540054;  // Phi^-1(0.975)
    double a = 0.01, c = 10;
    for (int it = 0; it < 200; ++it)
    {
        double const m = 0.5 * (a + c);
        (q_of(m) < z * z ? a : c) = m;
    }
    double const mu_optimal = 0.5 * (a + c);

    HistogramData signal_h = histogram_1d(std::vector<double>(sig.begin() + 1, sig.end() - 1), lo, hi);
    signal_h.values.front() = sig.front();
    signal_h.values.back() = sig.back();
    HistogramData background_h = histogram_1d(std::vector<double>(bkg.begin() + 1, bkg.end() - 1), lo, hi);
    background_h.values.front() = bkg.front();
    background_h.values.back() = bkg.back();
    double previous = INFINITY;
    for (unsigned n : {1u, 2u, 5u, 10u, 20u, 40u})
    {
        std::vector<std::size_t> const starts = signal_quantile_starts(signal_h, n);
        ReachInput in;
        in.signal = merge_first_axis(signal_h, starts, "s").values;
        in.background = merge_first_axis(background_h, starts, "b").values;
        in.background_variance.assign(in.signal.size(), 0.0);
        in.g_ref = 1;
        double const mu = expected_upper_limits(make_reach_bins(in)).median_mu_up();
        std::cout << n << " lambda bins: mu_up " << mu << " (unbinned optimum " << mu_optimal << ", ratio "
                  << mu / mu_optimal << ")" << std::endl;
        EXPECT_GE(mu, mu_optimal * (1 - 1e-6)) << n;  // binning never beats the optimum
        EXPECT_LE(mu, previous * (1 + 1e-9)) << n;    // finer never worse
        previous = mu;
        if (n == 40)
            EXPECT_LT(mu / mu_optimal - 1, 0.01);
    }
    // the first bins alone (a cut-and-count on the signal-poor half) are far from it
    EXPECT_GT(previous, 0.0);
}
}  // namespace fathom
