// The whole pipeline (RAMBO -> cuts -> Bhabha |M|^2 -> weights) against the analytic
// tree-level Bhabha cross section inside a symmetric CM polar-angle window.
#include <cmath>

#include <gtest/gtest.h>

#include "fathom/base/Constants.hh"
#include "fathom/kinematics/BeamParams.hh"
#include "run/RunCard.hh"
#include "run/RunDriver.hh"

namespace fathom
{
namespace
{
//! Massless QED Bhabha cross section (pb) with the e+ scattering angle theta (to the e+ beam)
//! in [theta_min, pi - theta_min]. From |M|^2 = 2 e^4 [(s^2+u^2)/t^2 + 2u^2/(st) + (t^2+u^2)/s^2],
//! dsigma/dcos = |M|^2 / (32 pi s); with x = 1 - cos, t = -s x/2, u = -s (2 - x)/2 the bracket
//! is 8/x^2 - 8/x + 6 - 2x + x^2/2, so
//! sigma = (pi alpha^2 / s) [-8/x - 8 ln x + 6x - x^2 + x^3/6] between x1 = 1 - cos(theta_min)
//! and x2 = 1 + cos(theta_min).
double bhabha_analytic_pb(double sqrt_s, double alpha, double theta_min)
{
    double s = sqrt_s * sqrt_s;
    auto F = [](double x) { return -8 / x - 8 * std::log(x) + 6 * x - x * x + x * x * x / 6; };
    double c = std::cos(theta_min);
    return constants::pi * alpha * alpha / s * (F(1 + c) - F(1 - c)) * constants::gev2_to_pb;
}
}  // namespace

TEST(BhabhaCrossSection, AnalyticFormulaSanity)
{
    // Full-angle limit diverges; a narrow central window is small and positive.
    double wide = bhabha_analytic_pb(10.58, constants::alpha_default, 22 * constants::pi / 180);
    double narrow = bhabha_analytic_pb(10.58, constants::alpha_default, 80 * constants::pi / 180);
    EXPECT_GT(wide, narrow);
    EXPECT_GT(narrow, 0);
}

TEST(BhabhaCrossSection, RamboMatchesAnalyticWithBelle2Cuts)
{
    // Default job's physics (Belle II beams, both leptons 22-158 deg in the CM), 1e7 events.
    RunSpec spec = read_run_card(FATHOM_SOURCE_DIR "/configs/bhabha_belle2.toml");
    spec.events = 10'000'000;
    spec.histograms.clear();
    RunOutcome o = simulate(spec);
    BeamParams beams = make_beam_params(spec.electron_energy, spec.positron_energy, spec.electron_mass);
    double expect = bhabha_analytic_pb(beams.sqrt_s, spec.alpha, 22 * constants::pi / 180);
    double got = o.summary.cross_section_pb;
    double err = o.summary.cross_section_error_pb;
    double pull = (got - expect) / err;
    std::printf("Bhabha 22-158 deg at sqrt(s) = %.6f GeV: MC %.8g +- %.3g pb, analytic %.8g pb, "
                "pull %.2f, relative error %.2e\n",
                beams.sqrt_s, got, err, expect, pull, err / got);
    EXPECT_LT(std::fabs(pull), 3.0);
    // the comparison is only meaningful at these statistics: 3 sigma is below 0.5%
    EXPECT_LT(err / got, 1.5e-3);
    EXPECT_EQ(o.summary.nonfinite_weights, 0u);
    EXPECT_EQ(o.summary.events_tried, spec.events);
    EXPECT_EQ(o.summary.events_accepted + o.summary.events_failed_cuts
                  + o.summary.events_zero_phase_space,
              spec.events);
}

TEST(BhabhaCrossSection, HistogramSumsToCrossSection)
{
    RunSpec spec = read_run_card(FATHOM_SOURCE_DIR "/configs/bhabha_belle2.toml");
    spec.events = 200'000;
    RunOutcome o = simulate(spec);
    ASSERT_FALSE(o.histograms.empty());
    for (auto const& h : o.histograms)
    {
        double total = 0;
        for (double v : h.values)
            total += v;
        // every accepted event lands in exactly one bin (flow bins included)
        EXPECT_NEAR(total, o.summary.cross_section_pb, 1e-12 * o.summary.cross_section_pb) << h.spec.name;
    }
    // cos theta of the electron: nothing outside the 22-158 degree window
    auto const& ct = o.histograms[0];
    ASSERT_EQ(ct.spec.axes[0].observable, "cos_theta_em");
    EXPECT_EQ(ct.values.front(), 0.0);  // underflow
    EXPECT_EQ(ct.values.back(), 0.0);   // overflow
    EXPECT_EQ(ct.values[1], 0.0);       // [-1, -0.95): theta > 161.8 deg, cut away
    EXPECT_EQ(ct.values[40], 0.0);      // [0.95, 1): theta < 18.2 deg, cut away
    EXPECT_GT(ct.values[38], 10 * ct.values[20]);  // the e- keeps its direction: t-channel peak
}
}  // namespace fathom
