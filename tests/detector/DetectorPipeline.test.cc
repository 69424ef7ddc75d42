// The detector response in the pipeline: off is bit-identical, on leaves the generated events
// and their weights alone, windows are widened, and the ALP peak gets the photon resolution.
#include <cmath>
#include <sstream>

#include <gtest/gtest.h>

#include "fathom/base/Constants.hh"
#include "fathom/detector/DetectorResponse.hh"
#include "run/DeviceSetupBuilder.hh"
#include "run/InputError.hh"
#include "run/RunCard.hh"
#include "run/RunDriver.hh"

namespace fathom
{
namespace
{
RunSpec card(std::string const& body) { return parse_run_card(body, "detector.toml"); }

std::string const alp_run = R"(
[run]
events = 40000
seed = 5
[process]
name = "alp_fusion"
alp_mass = 1.0
[[cuts.particle]]
particles = "photons"
energy_min = 0.1
theta_min = 17.0
theta_max = 150.0
[[histograms]]
name = "m_aa"
axes = [ { observable = "m_aa", bins = 400, lower = 0.8, upper = 1.2 } ]
[[histograms]]
name = "e_a1"
axes = [ { observable = "e_a1", bins = 50, lower = 0, upper = 6 } ]
)";

void expect_identical(RunOutcome const& a, RunOutcome const& b)
{
    EXPECT_EQ(a.summary.cross_section_pb, b.summary.cross_section_pb);
    EXPECT_EQ(a.summary.cross_section_error_pb, b.summary.cross_section_error_pb);
    EXPECT_EQ(a.summary.events_accepted, b.summary.events_accepted);
    ASSERT_EQ(a.histograms.size(), b.histograms.size());
    for (std::size_t h = 0; h < a.histograms.size(); ++h)
    {
        EXPECT_EQ(a.histograms[h].values, b.histograms[h].values);
        EXPECT_EQ(a.histograms[h].variances, b.histograms[h].variances);
    }
}
}  // namespace

TEST(DetectorPipeline, CardKeysAndErrors)
{
    RunSpec s = card("[detector]\nenabled = true\nphoton_energy_constant = 0.02\nwindow_sigmas = 4\n");
    EXPECT_TRUE(s.detector_enabled);
    EXPECT_EQ(s.photon_energy_constant, 0.02);
    EXPECT_EQ(s.window_sigmas, 4.0);
    EXPECT_EQ(s.photon_energy_quartic, 0.0081);  // default kept
    std::ostringstream os;
    os << effective_card(s);
    RunSpec again = parse_run_card(os.str(), "effective.toml");
    EXPECT_TRUE(again.detector_enabled);
    EXPECT_EQ(again.photon_energy_constant, 0.02);
    // off: the effective card is today's (no [detector] table)
    std::ostringstream off;
    off << effective_card(card("[run]\nevents = 10\n"));
    EXPECT_EQ(off.str().find("detector"), std::string::npos);
    try
    {
        card("[detector]\nenabeld = true\n");
        FAIL() << "typo accepted";
    }
    catch (InputError const& e)
    {
        EXPECT_NE(std::string(e.what()).find("unknown key 'detector.enabeld'"), std::string::npos) << e.what();
    }
    try
    {
        card("[detector]\nphoton_theta_sigma = -1\n");
        FAIL() << "negative sigma accepted";
    }
    catch (InputError const& e)
    {
        EXPECT_NE(std::string(e.what()).find("detector.photon_theta_sigma"), std::string::npos) << e.what();
    }
    EXPECT_THROW(card("[detector]\nenabled = 1\n"), InputError);
}

TEST(DetectorPipeline, OffIsBitIdenticalToNoResponse)
{
    // a [detector] table with enabled = false (and other resolutions) changes nothing
    RunOutcome const plain = simulate(card(alp_run));
    RunOutcome const off = simulate(card(alp_run + "[detector]\nenabled = false\nphoton_energy_constant = 0.1\n"));
    expect_identical(plain, off);
}

TEST(DetectorPipeline, OnKeepsTheGeneratedEventsAndTheirWeights)
{
    // without cuts every event is accepted: the weights (|M|^2 on the generated momenta, sampler
    // weight) and hence the cross section are bit-identical with the response on; the photon
    // energy spectrum is not.
    std::string const body = "[run]\nevents = 20000\n[process]\nname = \"alp_fusion\"\nalp_mass = 1.0\n"
                             "[[histograms]]\nname = \"e_a1\"\naxes = [ { observable = \"e_a1\", bins = 50, "
                             "lower = 0, upper = 6 } ]\n";
    RunOutcome const off = simulate(card(body));
    RunOutcome const on = simulate(card(body + "[detector]\nenabled = true\n"));
    EXPECT_EQ(on.summary.cross_section_pb, off.summary.cross_section_pb);
    EXPECT_EQ(on.summary.cross_section_error_pb, off.summary.cross_section_error_pb);
    EXPECT_EQ(on.summary.events_accepted, off.summary.events_accepted);
    EXPECT_NE(on.histograms[0].values, off.histograms[0].values);
    // and the same seed gives the same reconstruction
    RunOutcome const again = simulate(card(body + "[detector]\nenabled = true\n"));
    expect_identical(on, again);
}

TEST(DetectorPipeline, GenerationWindowsAreWidened)
{
    std::string const body = R"(
[process]
name = "ee_eeaa"
[phase_space]
sampler = "adaptive"
[[cuts.particle]]
particles = "leptons"
theta_min = 17.0
theta_max = 150.0
[[cuts.observable]]
observable = "m_aa"
min = 0.5
max = 2.0
)";
    DeviceRunSetup const off = build_device_setup(card(body)).setup;
    DeviceRunSetup const on = build_device_setup(card(body + "[detector]\nenabled = true\n")).setup;
    auto const& c0 = off.adaptive.channels;
    auto const& c1 = on.adaptive.channels;
    double const deg = constants::pi / 180;
    EXPECT_DOUBLE_EQ(c0.electron_theta_min, 17 * deg);
    EXPECT_DOUBLE_EQ(c1.electron_theta_min, 17 * deg - 6e-3);  // 6 mrad: window_sigmas x 1 mrad
    EXPECT_DOUBLE_EQ(c1.electron_theta_max, 150 * deg + 6e-3);
    EXPECT_DOUBLE_EQ(c1.positron_theta_min, constants::pi - 150 * deg - 6e-3);
    EXPECT_EQ(c0.fusion.pair_mass_min, 0.5);
    EXPECT_EQ(c0.fusion.pair_mass_max, 2.0);
    // m = 0.5 GeV: sigma_E/E(0.25 GeV)/sqrt2 (+) cot(alpha/2) sqrt2 (5 mrad)/2, sin(alpha/2) = m/(2 E_e-)
    DetectorResponseParams const det;
    double const h = 0.5 / (2 * constants::belle2_electron_energy);
    double const r = std::hypot(photon_energy_resolution(det, 0.25) / std::sqrt(2.0),
                                std::sqrt(1 - h * h) / h * std::sqrt(2.0) * 0.005 / 2);
    EXPECT_NEAR(c1.fusion.pair_mass_min, 0.5 * (1 - 6 * r), 1e-12);
    EXPECT_GT(c1.fusion.pair_mass_max, 2.0);
    EXPECT_EQ(c1.annihilation.pair_mass_min, c1.fusion.pair_mass_min);
    std::printf("m_aa window [0.5, 2] GeV generated as [%.4f, %.4f] GeV\n", c1.fusion.pair_mass_min,
                c1.fusion.pair_mass_max);
}

TEST(DetectorPipeline, AlpPeakWidthIsThePhotonEnergyResolution)
{
    // Only a constant photon energy term c (no angular smearing, no other terms): m^2 = 2 E1 E2
    // (1 - cos alpha) with each E scaled by (1 + c g), so m scales by sqrt((1 + c g1)(1 + c g2))
    // and sigma_m = m c / sqrt(2) for any kinematics (to O(c^2) ~ 4e-4 relative): 14.14 MeV for
    // m_a = 1 GeV, c = 2 %. Estimated as the weighted RMS of the m_aa histogram (1 MeV bins:
    // a binning effect of 1/12 MeV^2, negligible), with the statistical error sigma / sqrt(2 N_eff),
    // N_eff = (sum w)^2 / sum w^2; the test allows 4 such errors.
    std::string const det = "[detector]\nenabled = true\nphoton_energy_noise = 0\nphoton_energy_quartic = 0\n"
                            "photon_energy_constant = 0.02\nphoton_theta_sigma = 0\nphoton_phi_sigma = 0\n"
                            "lepton_pt_slope = 0\nlepton_pt_constant = 0\n";
    RunOutcome const o = simulate(card(alp_run + "[phase_space]\nsampler = \"two_photon_fusion\"\n" + det));
    auto const& h = o.histograms[0];
    double const lo = h.spec.axes[0].lower, width = (h.spec.axes[0].upper - lo) / h.spec.axes[0].bins;
    double sw = 0, swx = 0, swxx = 0, sw2 = 0, flow = h.values.front() + h.values.back();
    for (std::size_t b = 1; b + 1 < h.values.size(); ++b)
    {
        double const x = lo + (b - 0.5) * width - 1.0;
        sw += h.values[b];
        swx += h.values[b] * x;
        swxx += h.values[b] * x * x;
        sw2 += h.variances[b];
    }
    double const mean = swx / sw, sigma = std::sqrt(swxx / sw - mean * mean);
    double const n_eff = sw * sw / sw2;
    double const expect = 0.02 / std::sqrt(2.0);
    double const err = expect / std::sqrt(2 * n_eff);
    std::printf("m_aa peak: mean %+.5f GeV, width %.5f GeV (expected %.5f +- %.5f, N_eff %.0f), outside "
                "[0.8, 1.2] GeV: %.2e of the peak\n",
                mean, sigma, expect, err, n_eff, flow / sw);
    EXPECT_GT(n_eff, 5000);
    EXPECT_LT(std::fabs(sigma - expect), 4 * err);
    EXPECT_LT(std::fabs(mean), 4 * expect / std::sqrt(n_eff) + 1e-4);  // unbiased to O(c^2) m / 8
    EXPECT_LT(flow, 1e-6 * sw);                                         // 10 sigma: nothing outside
}

TEST(DetectorPipeline, AlpPeakWithTheDefaultResolutions)
{
    // The Belle II defaults (angles included): a width of order 1-3 % of m_a, wider than the
    // energy term alone, recorded for the record; the cut at 0.8-1.2 GeV keeps nearly all of it.
    RunOutcome const o = simulate(card(alp_run + "[phase_space]\nsampler = \"two_photon_fusion\"\n"
                                      + "[detector]\nenabled = true\n"));
    auto const& h = o.histograms[0];
    double const lo = h.spec.axes[0].lower, width = (h.spec.axes[0].upper - lo) / h.spec.axes[0].bins;
    double sw = 0, swx = 0, swxx = 0;
    for (std::size_t b = 1; b + 1 < h.values.size(); ++b)
    {
        double const x = lo + (b - 0.5) * width - 1.0;
        sw += h.values[b];
        swx += h.values[b] * x;
        swxx += h.values[b] * x * x;
    }
    double const mean = swx / sw, sigma = std::sqrt(swxx / sw - mean * mean);
    std::printf("m_aa peak with the default resolutions: mean %+.5f GeV, RMS %.5f GeV\n", mean, sigma);
    EXPECT_GT(sigma, 0.005);
    EXPECT_LT(sigma, 0.05);
}
}  // namespace fathom
