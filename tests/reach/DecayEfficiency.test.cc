#include "reach/DecayEfficiency.hh"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "ScanTestSupport.hh"
#include "run/InputError.hh"

namespace fathom
{
namespace
{
constexpr double pi = 3.14159265358979323846;

//! c tau written out by hand: hbar c / (g^2 m^3 / 64 pi), hbar c = 197.3269804 MeV fm (PDG).
double hand_ctau(double g, double m)
{
    return 197.3269804e-3 * 1e-15 * 64 * pi / (g * g * m * m * m);
}

TEST(DecayEfficiency, WidthAndDecayLength)
{
    // g = 1e-4 /GeV, m = 1 GeV: Gamma = 1e-8 / (64 pi) GeV = 4.97e-11 GeV, c tau = 3.97 um
    EXPECT_NEAR(alp_width_gamma_gamma_gev(1e-4, 1.0), 4.973591971621729e-11, 1e-24);
    EXPECT_NEAR(alp_ctau_m(1e-4, 1.0) / hand_ctau(1e-4, 1.0), 1.0, 1e-14);
    EXPECT_NEAR(alp_ctau_m(1e-4, 1.0), 3.9675e-6, 1e-9);
}

TEST(DecayEfficiency, OneBinSpectrumByHand)
{
    // One bin [1, 4] (log-spaced axis: geometric centre bg_T = 2), nothing in the flow bins.
    auto const spectrum = make_betagamma_spectrum(test::betagamma_hist({1.0, 4.0}, {0, 3.0, 0}));
    ASSERT_EQ(spectrum.betagamma.size(), 3u);
    EXPECT_EQ(spectrum.betagamma[1], 2.0);
    double const g = 1e-6, m = 0.5, radius = 0.3;
    double const ctau = hand_ctau(g, m);  // 0.32 m: P is neither 0 nor 1
    double const expected = 1 - std::exp(-radius / (2.0 * ctau));
    EXPECT_NEAR(decay_efficiency(spectrum, g, m, radius), expected, 1e-14);
    EXPECT_GT(expected, 0.01);
    EXPECT_LT(expected, 0.99);
}

TEST(DecayEfficiency, FlowBins)
{
    double const g = 1e-6, m = 0.5, radius = 0.3, ctau = hand_ctau(g, m);
    // underflow: decays at once; overflow: at the upper edge 4
    auto const s = make_betagamma_spectrum(test::betagamma_hist({1.0, 4.0}, {1.0, 0, 1.0}));
    double const expected = (1 + (1 - std::exp(-radius / (4.0 * ctau)))) / 2;
    EXPECT_NEAR(decay_efficiency(s, g, m, radius), expected, 1e-14);
    EXPECT_THROW(make_betagamma_spectrum(test::betagamma_hist({1.0, 4.0}, {0, 0, 0})), InputError);
}

TEST(DecayEfficiency, CouplingLimit)
{
    auto const s = make_betagamma_spectrum(
        test::betagamma_hist({0.1, 1.0, 10.0, 100.0}, {0.0, 1.0, 2.0, 0.5, 0.1}));
    double const g_ref = 1e-4, m = 0.2, mu = 0.04;
    double const prompt = g_ref * std::sqrt(mu);
    // Huge radius: every ALP decays inside, the prompt limit.
    EXPECT_NEAR(coupling_limit_with_decay(s, m, 1e30, g_ref, mu) / prompt, 1.0, 1e-14);
    // A finite one: weaker, and it solves (g / g_ref)^2 eps(g) = mu_up.
    double const g = coupling_limit_with_decay(s, m, 1.0, g_ref, mu);
    EXPECT_GT(g, 1.01 * prompt);
    double const r = g / g_ref;
    EXPECT_NEAR(r * r * decay_efficiency(s, g, m, 1.0) / mu, 1.0, 1e-10);
    // No limit: mu_up infinite, or a radius so small that eps stays below 1e-12.
    double const inf = std::numeric_limits<double>::infinity();
    EXPECT_EQ(coupling_limit_with_decay(s, m, 1.0, g_ref, inf), inf);
    EXPECT_EQ(coupling_limit_with_decay(s, m, 1e-30, g_ref, mu), inf);
}
}  // namespace
}  // namespace fathom
