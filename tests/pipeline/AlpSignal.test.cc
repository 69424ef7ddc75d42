// ALP signals through the whole pipeline (narrow width: ALP on shell, isotropic decay).
#include <cmath>
#include <sstream>

#include <gtest/gtest.h>

#include "fathom/amplitude/AlpPhotonAmplitude.hh"
#include "fathom/base/Constants.hh"
#include "run/RunCard.hh"
#include "run/RunDriver.hh"

namespace fathom
{
namespace
{
RunSpec card(std::string const& body)
{
    return parse_run_card("[beams]\nsqrt_s = 10.58\n" + body, "alp.toml");
}

double sum(std::vector<double> const& v)
{
    double s = 0;
    for (double x : v)
        s += x;
    return s;
}
}  // namespace

TEST(AlpSignal, PhotonChannelMatchesAnalyticCrossSection)
{
    // sigma(e+e- -> gamma a) x BR(a -> gamma gamma) = alpha g^2/24 (1 - m^2/s)^3 (exact flux)
    for (double m : {0.5, 5.0})
    {
        RunSpec spec = card("[run]\nevents = 200000\n[process]\nname = \"alp_photon\"\nalp_mass = "
                            + std::to_string(m) + "\ng_agg = 1e-4\n");
        RunOutcome o = simulate(spec);
        AlpParams p;
        p.mass = m;
        p.coupling = 1e-4;
        double expect = alp_photon_cross_section(10.58 * 10.58, p) * constants::gev2_to_pb;
        double pull = (o.summary.cross_section_pb - expect) / o.summary.cross_section_error_pb;
        std::printf("alp_photon m_a = %g: %.6e +- %.2e pb, analytic %.6e pb, pull %.2f\n", m,
                    o.summary.cross_section_pb, o.summary.cross_section_error_pb, expect, pull);
        EXPECT_LT(std::fabs(pull), 3.5);
        EXPECT_EQ(o.summary.events_accepted, spec.events);  // no cuts, every event on shell
    }
}

TEST(AlpSignal, WidthOverrideScalesByBranchingRatio)
{
    // A total width twice the diphoton width halves BR(a -> gamma gamma): same events, so the
    // ratio is exactly 1/2 up to rounding.
    std::string body = "[run]\nevents = 20000\n[process]\nname = \"alp_photon\"\nalp_mass = 1.0\ng_agg = 1e-4\n";
    RunOutcome a = simulate(card(body));
    double gamma = 1e-8 * 1.0 / (64 * constants::pi);
    std::ostringstream width;
    width.precision(17);
    width << "alp_width = " << 2 * gamma << "\n";
    RunOutcome b = simulate(card(body + width.str()));
    EXPECT_NEAR(b.summary.cross_section_pb / a.summary.cross_section_pb, 0.5, 1e-6);
}

TEST(AlpSignal, FusionPartsAddUpAndPeakAtTheAlpMass)
{
    std::string hist = R"(
[[cuts.particle]]
particles = "photons"
energy_min = 0.25
theta_min = 22.0
theta_max = 158.0
[[histograms]]
name = "m_ee_total"
axes = [ { observable = "m_ee", bins = 20, lower = 0, upper = 10.6 } ]
[[histograms]]
name = "m_ee_fusion"
weight = "fusion"
axes = [ { observable = "m_ee", bins = 20, lower = 0, upper = 10.6 } ]
[[histograms]]
name = "m_ee_annihilation"
weight = "annihilation"
axes = [ { observable = "m_ee", bins = 20, lower = 0, upper = 10.6 } ]
[[histograms]]
name = "m_ee_interference"
weight = "interference"
axes = [ { observable = "m_ee", bins = 20, lower = 0, upper = 10.6 } ]
[[histograms]]
name = "m_aa"
axes = [ { observable = "m_aa", bins = 100, lower = 0, upper = 2 } ]
)";
    RunSpec spec = card("[run]\nevents = 100000\n[process]\nname = \"alp_fusion\"\nalp_mass = 1.0\n" + hist);
    RunOutcome o = simulate(spec);
    ASSERT_EQ(o.histograms.size(), 5u);
    auto const& total = o.histograms[0].values;
    double sigma = o.summary.cross_section_pb;
    ASSERT_GT(sigma, 0);
    EXPECT_NEAR(sum(total), sigma, 1e-12 * sigma);
    double parts = sum(o.histograms[1].values) + sum(o.histograms[2].values) + sum(o.histograms[3].values);
    EXPECT_NEAR(parts, sigma, 1e-9 * sigma);
    for (std::size_t b = 0; b < total.size(); ++b)
    {
        double p = o.histograms[1].values[b] + o.histograms[2].values[b] + o.histograms[3].values[b];
        EXPECT_NEAR(p, total[b], 1e-9 * sigma) << "bin " << b;
    }
    // fusion and annihilation are positive definite
    for (std::size_t b = 0; b < total.size(); ++b)
    {
        EXPECT_GE(o.histograms[1].values[b], 0.0);
        EXPECT_GE(o.histograms[2].values[b], 0.0);
    }
    // narrow width: every photon pair at m_a = 1 GeV (bin [0.98, 1.0) or [1.0, 1.02) by rounding)
    auto const& maa = o.histograms[4].values;
    EXPECT_NEAR(maa[50] + maa[51], sigma, 1e-12 * sigma);
    std::printf("alp_fusion m_a = 1 GeV, photons in the barrel: %.4e +- %.1e pb (fusion %.3e, "
                "annihilation %.3e, interference %.3e)\n",
                sigma, o.summary.cross_section_error_pb, sum(o.histograms[1].values),
                sum(o.histograms[2].values), sum(o.histograms[3].values));
}

TEST(AlpSignal, BreitWignerMatchesNarrowWidthInsideTheWindow)
{
    // Generating m_gg along the Breit-Wigner within |m_gg - m_a| < k Gamma keeps the fraction
    // (2/pi) atan(2k) of the narrow-width cross section (q^2 - m^2 = +-2 m k Gamma at the edges),
    // up to O(k Gamma / m) ~ 1e-8.
    for (char const* process : {"alp_photon", "alp_fusion"})
    {
        std::string body = std::string("[run]\nevents = 100000\n[process]\nname = \"") + process
                           + "\"\nalp_mass = 1.0\n";
        std::string cuts = std::string(process) == "alp_fusion"
                               ? "[[cuts.particle]]\nparticles = \"leptons\"\ntheta_min = 22\ntheta_max = 158\n"
                               : "";
        RunOutcome nw = simulate(card(body + cuts));
        RunOutcome bw = simulate(card(body + "alp_lineshape = \"breit_wigner\"\nalp_window_widths = 3\n" + cuts));
        double f = 2 / constants::pi * std::atan(6.0);
        double diff = bw.summary.cross_section_pb - f * nw.summary.cross_section_pb;
        double err = std::hypot(bw.summary.cross_section_error_pb, f * nw.summary.cross_section_error_pb);
        std::printf("%s: Breit-Wigner (3 widths) %.5e +- %.1e pb, narrow width x %.5f = %.5e +- %.1e pb, "
                    "pull %.2f\n",
                    process, bw.summary.cross_section_pb, bw.summary.cross_section_error_pb, f,
                    f * nw.summary.cross_section_pb, f * nw.summary.cross_section_error_pb, diff / err);
        EXPECT_LT(std::fabs(diff), 3.5 * err) << process;
        EXPECT_EQ(bw.summary.nonfinite_weights, 0u);
    }
}

TEST(AlpSignal, TwoPhotonFusionSamplerAgreesWithRambo)
{
    // Both leptons and photons in the barrel (so that flat RAMBO is reliable): the multichannel
    // two-photon-fusion sampler and RAMBO + isotropic decay estimate the same cross section.
    std::string cuts = R"(
[[cuts.particle]]
particles = "photons"
energy_min = 0.25
theta_min = 22.0
theta_max = 158.0
[[cuts.particle]]
particles = "leptons"
theta_min = 22.0
theta_max = 158.0
)";
    std::string process = "[process]\nname = \"alp_fusion\"\nalp_mass = 1.0\n";
    RunOutcome fusion = simulate(card("[run]\nevents = 1000000\n" + process
                                      + "[phase_space]\nsampler = \"two_photon_fusion\"\n" + cuts));
    RunOutcome rambo = simulate(card("[run]\nevents = 2000000\n" + process + cuts));
    double diff = fusion.summary.cross_section_pb - rambo.summary.cross_section_pb;
    double err = std::hypot(fusion.summary.cross_section_error_pb, rambo.summary.cross_section_error_pb);
    std::printf("alp_fusion m_a = 1 GeV, all in the barrel: two_photon_fusion %.4e +- %.1e pb, "
                "RAMBO %.4e +- %.1e pb, pull %.2f\n",
                fusion.summary.cross_section_pb, fusion.summary.cross_section_error_pb,
                rambo.summary.cross_section_pb, rambo.summary.cross_section_error_pb, diff / err);
    EXPECT_LT(std::fabs(diff), 3.5 * err);
    EXPECT_LT(err, 0.05 * rambo.summary.cross_section_pb);  // a comparison at the 15% level at least
    EXPECT_EQ(fusion.summary.nonfinite_weights, 0u);
}

TEST(AlpSignal, UnknownPartIsAnError)
{
    RunSpec spec = card("[process]\nname = \"ee_ee\"\n[[histograms]]\nname = \"h\"\nweight = \"fusion\"\n"
                        "axes = [ { observable = \"m_ee\", bins = 2, lower = 0, upper = 1 } ]\n");
    EXPECT_THROW(simulate(spec), std::exception);
}
}  // namespace fathom
