#include "reach/AsymptoticCls.hh"

#include <cmath>

#include <gtest/gtest.h>

#include "ReachTestSupport.hh"
#include "reach/QTilde.hh"

namespace fathom
{
namespace
{
using test::make_bins;

TEST(QTilde, single_bin_asimov_closed_form)
{
    // No nuisances, n = b: q~_A(mu) = 2 [x - b ln(1 + x / b)] with x = mu s.
    for (auto [s, b] : {std::pair{2.0, 10.0}, {0.5, 1e4}, {7.0, 0.3}})
    {
        AsymptoticCls const cls(make_bins({s}, {b}));
        for (double mu : {0.1, 1.0, 25.0})
        {
            // Long double: the cancellation in x - b ln(1 + x/b) costs eps / (x/b) relative.
            long double const x = mu * s, bl = b;
            double const expected = double(2 * (x - bl * std::log1p(x / bl)));
            EXPECT_NEAR(expected, cls.qtilde_asimov(mu), 1e-12 * expected) << s << " " << b;
        }
        EXPECT_EQ(0.0, cls.qtilde_asimov(0));
    }
}

TEST(QTilde, is_zero_below_the_fitted_mu_and_bounded_at_zero)
{
    ReachBins const bins = make_bins({2}, {10});
    BinnedLikelihood const excess(bins, {14});  // mu^ = 2
    EXPECT_EQ(0.0, qtilde(excess, 1.5));
    double const mu = 3, lambda = mu * 2 + 10;
    EXPECT_NEAR(2 * (lambda - 14 + 14 * std::log(14 / lambda)), qtilde(excess, mu), 1e-12);
    // A deficit: mu^ would be negative; q~ compares with mu = 0 instead.
    BinnedLikelihood const deficit(bins, {7});
    double const l0 = 10 - 7 + 7 * std::log(7 / 10.0), l3 = 16 - 7 + 7 * std::log(7 / 16.0);
    EXPECT_NEAR(2 * (l3 - l0), qtilde(deficit, 3), 1e-12);
}

TEST(AsymptoticCls, expected_cls_formula)
{
    AsymptoticCls const cls(make_bins({2, 1}, {10, 3}, {1, 0.5}, 0.1));
    for (double mu : {0.5, 2.0, 6.0})
    {
        double const r = std::sqrt(cls.qtilde_asimov(mu));
        for (double k : {-2.0, -1.0, 0.0, 1.0, 2.0})
            EXPECT_NEAR(test::phi(k - r) / test::phi(k), cls.expected_cls(mu, k), 1e-15);
        // Median: CLs = CLs+b / CLb with CLb = 1/2.
        EXPECT_NEAR(2 * test::phi(-r), cls.expected_cls(mu, 0), 1e-15);
    }
    EXPECT_EQ(1.0, cls.expected_cls(0, 0));
    EXPECT_NEAR(0.5 * std::erfc(1 / std::sqrt(2.0)), normal_cdf(-1), 1e-17);
}
}  // namespace
}  // namespace fathom
