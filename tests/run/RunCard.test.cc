#include "run/RunCard.hh"

#include <gtest/gtest.h>

#include "fathom/base/Constants.hh"
#include "fathom/pipeline/WeightSpectrum.hh"

#include "run/DeviceSetupBuilder.hh"
#include "run/InputError.hh"

namespace fathom
{
namespace
{
//! The one-line error a card produces ("" if it parses).
std::string error_of(std::string const& text)
{
    try
    {
        RunSpec s = parse_run_card(text, "card.toml");
        build_device_setup(s);
    }
    catch (InputError const& e)
    {
        std::string msg = e.what();
        EXPECT_EQ(msg.find('\n'), std::string::npos) << "error is not one line: " << msg;
        return msg;
    }
    return "";
}

constexpr char const* minimal = R"(
[process]
name = "ee_ee"
)";
}  // namespace

TEST(RunCard, DefaultsAndValues)
{
    RunSpec s = parse_run_card(R"(
[run]
events = 1e7
seed = 5
[beams]
sqrt_s = 10.58
[process]
name = "ee_ee"
electron_mass = 0
[[cuts.particle]]
particles = "leptons"
theta_min = 22
theta_max = 158.0
[[histograms]]
name = "h"
axes = [ { observable = "cos_theta_em", bins = 10, lower = -1, upper = 1 },
         { observable = "t_plus", edges = [-100, -10, 0] } ]
)",
                               "card.toml");
    EXPECT_EQ(s.events, 10'000'000u);
    EXPECT_EQ(s.seed, 5u);
    EXPECT_DOUBLE_EQ(s.electron_energy, 5.29);
    EXPECT_DOUBLE_EQ(s.positron_energy, 5.29);
    EXPECT_EQ(s.electron_mass, 0.0);
    EXPECT_EQ(s.alpha, 1 / 137.035999);
    ASSERT_EQ(s.particle_cuts.size(), 1u);
    EXPECT_EQ(s.particle_cuts[0].theta_min_deg, 22.0);
    ASSERT_EQ(s.histograms.size(), 1u);
    ASSERT_EQ(s.histograms[0].axes.size(), 2u);
    EXPECT_TRUE(s.histograms[0].axes[1].variable);
    EXPECT_EQ(s.histograms[0].axes[1].bins, 2u);

    DeviceSetupBuild b = build_device_setup(s);
    // the histogram's 12 x 4 bins (flow included), then the weight spectrum
    EXPECT_EQ(b.setup.params.histograms.weight_spectrum_offset, 12u * 4u);
    EXPECT_EQ(b.setup.params.histograms.total_bins, 12u * 4u + weight_spectrum_bins);
    EXPECT_EQ(b.setup.params.observables.count, 2u);
    EXPECT_EQ(b.setup.histograms[0].strides[0], 4u);
    EXPECT_NEAR(b.setup.params.selection.particle_cuts[0].theta_min, 22 * 3.14159265358979 / 180, 1e-12);
    EXPECT_FALSE(b.histograms[0].axes[0].label.empty());  // label from the observable
}

TEST(RunCard, EffectiveCardRoundTrips)
{
    RunSpec s = parse_run_card(R"(
[process]
name = "ee_ee"
[[cuts.separation]]
first = "leptons"
second = "leptons"
min_delta_phi_rad = 0.048
[[cuts.observable]]
observable = "m_ee"
min = 1
[[histograms]]
name = "h"
axes = [ { observable = "e_em", bins = 3, lower = 0, upper = 6 } ]
)",
                               "card.toml");
    std::ostringstream os;
    os << effective_card(s);
    RunSpec again = parse_run_card(os.str(), "effective.toml");
    EXPECT_EQ(again.separation_cuts.size(), 1u);
    EXPECT_EQ(again.separation_cuts[0].min_delta_phi_rad, 0.048);
    EXPECT_EQ(again.observable_cuts[0].min, 1.0);
    EXPECT_TRUE(std::isinf(again.observable_cuts[0].max));
    EXPECT_EQ(again.histograms[0].axes[0].bins, 3u);
    EXPECT_EQ(again.events, s.events);
}

TEST(RunCard, ErrorsNameTheKey)
{
    EXPECT_EQ(error_of(minimal), "");
    EXPECT_NE(error_of("").find("empty"), std::string::npos);
    EXPECT_NE(error_of("[run]\nevnets = 5\n").find("'run.evnets'"), std::string::npos);
    EXPECT_NE(error_of("[run]\nevents = -5\n").find("'run.events'"), std::string::npos);
    EXPECT_NE(error_of("[run]\nevents = \"many\"\n").find("'run.events'"), std::string::npos);
    EXPECT_NE(error_of("[run]\nevents = 1.5\n").find("non-negative integer"), std::string::npos);
    EXPECT_NE(error_of("[procss]\nname = \"ee_ee\"\n").find("'procss'"), std::string::npos);
    EXPECT_NE(error_of("[process]\nname = \"ee_mumu\"\n").find("process.name"), std::string::npos);
    EXPECT_NE(error_of("[process]\nalpha = \"x\"\n").find("'process.alpha'"), std::string::npos);
    EXPECT_NE(error_of("[[cuts.particle]]\nparticles = \"leptons\"\ntheta_mn = 3\n")
                  .find("'cuts.particle[0].theta_mn'"),
              std::string::npos);
    EXPECT_NE(error_of("[[cuts.particle]]\nparticles = \"quarks\"\n").find("quarks"), std::string::npos);
    EXPECT_NE(error_of("[[histograms]]\nname = \"h\"\naxes = [ { observable = \"cos_theta_xx\", "
                       "bins = 3, lower = 0, upper = 1 } ]\n")
                  .find("cos_theta_xx"),
              std::string::npos);
    EXPECT_NE(error_of("[[histograms]]\nname = \"h\"\naxes = [ { observable = \"e_a1\", "
                       "bins = 3, lower = 0, upper = 1 } ]\n")
                  .find("does not produce"),
              std::string::npos);
    EXPECT_NE(error_of("[[histograms]]\nname = \"h\"\naxes = [ { observable = \"e_em\", "
                       "bins = 3, lower = 1, upper = 0 } ]\n")
                  .find("histograms[0].axes[0].upper"),
              std::string::npos);
    EXPECT_NE(error_of("[[histograms]]\nname = \"h\"\naxes = [ { observable = \"e_em\", "
                       "edges = [0, 2, 1] } ]\n")
                  .find("increasing"),
              std::string::npos);
    EXPECT_NE(error_of("[[histograms]]\nname = \"h\"\naxes = []\n").find("1 to 5 axes"),
              std::string::npos);
    EXPECT_NE(error_of("[run]\nevents = 5\n[run]\n").find("syntax"), std::string::npos);
    EXPECT_NE(error_of("[phase_space]\nsampler = \"two_photon_fusion\"\n").find("cannot generate ee_ee"),
              std::string::npos);
    EXPECT_NE(error_of("[process]\nname = \"ee_eeaa\"\n[phase_space]\nsampler = \"two_photon_fusion\"\n")
                  .find("pair_mass_max"),
              std::string::npos);
    EXPECT_NE(error_of("[[histograms]]\nname = \"h\"\naxes = [ { observable = \"e_em\", bins = 3, "
                       "lower = 0, upper = 1 }, { observable = \"e_em\", bins = 3, lower = 0, upper = 1 } ]\n")
                  .find("two axes"),
              std::string::npos);
    EXPECT_NE(error_of("[beams]\nsqrt_s = 10\nelectron_energy = 5\n").find("beams.sqrt_s"),
              std::string::npos);
}

TEST(RunCard, MissingFile)
{
    try
    {
        read_run_card("/nonexistent/card.toml");
        FAIL() << "no error for a missing file";
    }
    catch (InputError const& e)
    {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/card.toml"), std::string::npos);
    }
}

TEST(RunCard, DefaultConfigParses)
{
    RunSpec s = read_run_card(FATHOM_SOURCE_DIR "/configs/bhabha_belle2.toml");
    EXPECT_EQ(s.process, "ee_ee");
    EXPECT_EQ(s.alpha, 1 / 137.035999);
    DeviceSetupBuild b = build_device_setup(s);
    EXPECT_EQ(b.setup.histograms.size(), 3u);
}

namespace
{
//! Belle II beams, ee_eeaa on the adaptive sampler, leptons in the barrel or a forward tagger.
constexpr char const* tagger_card = R"(
[beams]
electron_energy = 7.007
positron_energy = 3.994
[process]
name = "ee_eeaa"
[phase_space]
sampler = "adaptive"
pair_mass_min = 0.5
pair_mass_max = 1.5
[[cuts.particle]]
particles = "photons"
energy_min = 0.25
theta_min = 22
theta_max = 158
[[cuts.acceptance]]
particles = "leptons"
regions = [ { frame = "cm", theta_min = 22, theta_max = 158 },
            { frame = "lab", theta_min = 3.0, theta_max = 17.0, energy_min = 0.5, energy_resolution = 0.05 } ]
)";

//! tagger_card with its acceptance cut replaced.
std::string with_acceptance(std::string const& cut)
{
    std::string card = tagger_card;
    return card.substr(0, card.find("[[cuts.acceptance]]")) + cut;
}
}  // namespace

TEST(RunCard, AcceptanceCutParsesAndRoundTrips)
{
    RunSpec s = parse_run_card(tagger_card, "card.toml");
    ASSERT_EQ(s.acceptance_cuts.size(), 1u);
    ASSERT_EQ(s.acceptance_cuts[0].regions.size(), 2u);
    AcceptanceRegionSpec const& lab = s.acceptance_cuts[0].regions[1];
    EXPECT_EQ(lab.frame, "lab");
    EXPECT_EQ(lab.theta_min_deg, 3.0);
    EXPECT_EQ(lab.energy_min, 0.5);
    EXPECT_TRUE(std::isinf(lab.energy_max));
    EXPECT_EQ(lab.energy_resolution, 0.05);

    std::ostringstream os;
    os << effective_card(s);
    RunSpec again = parse_run_card(os.str(), "effective.toml");
    ASSERT_EQ(again.acceptance_cuts.size(), 1u);
    EXPECT_EQ(again.acceptance_cuts[0].particles, "leptons");
    ASSERT_EQ(again.acceptance_cuts[0].regions.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i)
    {
        AcceptanceRegionSpec const& a = s.acceptance_cuts[0].regions[i];
        AcceptanceRegionSpec const& b = again.acceptance_cuts[0].regions[i];
        EXPECT_EQ(a.frame, b.frame);
        EXPECT_EQ(a.theta_min_deg, b.theta_min_deg);
        EXPECT_EQ(a.theta_max_deg, b.theta_max_deg);
        EXPECT_EQ(a.energy_min, b.energy_min);
        EXPECT_EQ(a.energy_max, b.energy_max);
        EXPECT_EQ(a.energy_resolution, b.energy_resolution);
    }
    // a card without one keeps its effective card (and the grid files that record it)
    std::ostringstream plain;
    plain << effective_card(parse_run_card(minimal, "card.toml"));
    EXPECT_EQ(plain.str().find("acceptance"), std::string::npos);

    DeviceSetupBuild b = build_device_setup(s);
    SelectionParams const& sel = b.setup.params.selection;
    ASSERT_EQ(sel.num_acceptance_cuts, 1u);
    EXPECT_EQ(sel.acceptance_cuts[0].particles, leptons_mask);
    ASSERT_EQ(sel.acceptance_cuts[0].num_regions, 2u);
    EXPECT_EQ(sel.acceptance_cuts[0].regions[1].frame, Frame::lab);
    EXPECT_NEAR(sel.acceptance_cuts[0].regions[1].theta_max, 17 * constants::pi / 180, 1e-12);
}

TEST(RunCard, AcceptanceCutGenerationWindows)
{
    constexpr double deg = constants::pi / 180;
    // the hull of the regions; the forward lab edge at its massless CM image (any energy is
    // further back), no upper bound from a lab region (slow leptons reach it from any angle)
    DeviceSetupBuild b = build_device_setup(parse_run_card(tagger_card, "card.toml"));
    AdaptiveChannelParams const& c = b.setup.adaptive.channels;
    double const beta = b.setup.params.beams.beta_z;
    double const cos3 = std::cos(3 * deg);
    double const lo = std::acos((cos3 - beta) / (1 - beta * cos3));
    EXPECT_NEAR(lo / deg, 3.97, 0.02);  // Belle II: lab 3 deg is CM ~4 deg
    EXPECT_NEAR(c.electron_theta_min, lo, 1e-12);
    EXPECT_NEAR(c.electron_theta_max, 158 * deg, 1e-12);
    // the e+ window about its own beam (-z): pi - [lo, 158 deg]
    EXPECT_NEAR(c.positron_theta_min, 22 * deg, 1e-12);
    EXPECT_NEAR(c.positron_theta_max, constants::pi - lo, 1e-12);

    // the tagger's energy_min (0.5 GeV) bounds the CM speed: its upper edge (lab 17 deg) is just
    // above the massless image (~22.4 deg), inside the barrel; without it, no upper bound
    auto const open = build_device_setup(parse_run_card(
        with_acceptance("[[cuts.acceptance]]\nparticles = \"leptons\"\nregions = [ { frame = \"cm\", "
                        "theta_min = 22, theta_max = 158 }, { frame = \"lab\", theta_min = 3, theta_max = 17 } ]\n"),
        "card.toml"));
    EXPECT_NEAR(open.setup.adaptive.channels.electron_theta_min, lo, 1e-12);
    EXPECT_EQ(open.setup.adaptive.channels.electron_theta_max, constants::pi);
    EXPECT_EQ(open.setup.adaptive.channels.positron_theta_min, 0.0);
    auto const tagger_only = build_device_setup(parse_run_card(
        with_acceptance("[[cuts.acceptance]]\nparticles = \"em\"\nregions = [ { frame = \"lab\", "
                        "theta_min = 3, theta_max = 17, energy_min = 0.5 } ]\n"),
        "card.toml"));
    double const cos17 = std::cos(17 * deg);
    double const hi17 = std::acos((cos17 - beta) / (1 - beta * cos17));
    EXPECT_GT(tagger_only.setup.adaptive.channels.electron_theta_max, hi17);
    EXPECT_LT(tagger_only.setup.adaptive.channels.electron_theta_max, hi17 + 1e-6);
    // with the response on, the threshold is lowered by k resolutions (and the window widened)
    auto const smeared = build_device_setup(parse_run_card(
        with_acceptance("[[cuts.acceptance]]\nparticles = \"em\"\nregions = [ { frame = \"lab\", "
                        "theta_min = 3, theta_max = 17, energy_min = 0.001, energy_resolution = 0.2 } ]\n"
                        "[detector]\nenabled = true\n"),
        "card.toml"));
    auto const sharp = build_device_setup(parse_run_card(
        with_acceptance("[[cuts.acceptance]]\nparticles = \"em\"\nregions = [ { frame = \"lab\", "
                        "theta_min = 3, theta_max = 17, energy_min = 0.001, energy_resolution = 0.2 } ]\n"),
        "card.toml"));
    double const w = 6e-3;  // the lepton window margin, 6 mrad by default
    EXPECT_GT(smeared.setup.adaptive.channels.electron_theta_max,
              sharp.setup.adaptive.channels.electron_theta_max + w + 1e-3);
    EXPECT_EQ(smeared.setup.params.detector.num_taggers, 1u);
    EXPECT_EQ(smeared.setup.params.detector.taggers[0].energy_resolution, 0.2);

    // symmetric CM acceptance down to 2 degrees: the same window as [[cuts.particle]]
    auto const sym = build_device_setup(parse_run_card(
        with_acceptance("[[cuts.acceptance]]\nparticles = \"leptons\"\n"
                        "regions = [ { frame = \"cm\", theta_min = 2, theta_max = 178 } ]\n"),
        "card.toml"));
    auto const part = build_device_setup(parse_run_card(
        with_acceptance("[[cuts.particle]]\nparticles = \"leptons\"\ntheta_min = 2\ntheta_max = 178\n"),
        "card.toml"));
    AdaptiveChannelParams const& s = sym.setup.adaptive.channels;
    AdaptiveChannelParams const& p = part.setup.adaptive.channels;
    EXPECT_NEAR(s.electron_theta_min, 2 * deg, 1e-15);
    EXPECT_EQ(s.electron_theta_min, p.electron_theta_min);
    EXPECT_EQ(s.electron_theta_max, p.electron_theta_max);
    EXPECT_EQ(s.positron_theta_min, p.positron_theta_min);
    EXPECT_EQ(s.positron_theta_max, p.positron_theta_max);

    // a backward tagger alone on the e+: its lower edge maps to CM, no upper bound
    auto const back = build_device_setup(parse_run_card(
        with_acceptance("[[cuts.acceptance]]\nparticles = \"ep\"\n"
                        "regions = [ { frame = \"lab\", theta_min = 163, theta_max = 177 } ]\n"),
        "card.toml"));
    AdaptiveChannelParams const& k = back.setup.adaptive.channels;
    double const cos163 = std::cos(163 * deg);
    EXPECT_NEAR(k.positron_theta_max, constants::pi - std::acos((cos163 - beta) / (1 - beta * cos163)), 1e-12);
    EXPECT_EQ(k.positron_theta_min, 0.0);
    EXPECT_EQ(k.electron_theta_min, 0.0);  // the e- is not in the set
    EXPECT_NEAR(k.electron_theta_max, constants::pi, 1e-15);
}

TEST(RunCard, AcceptanceCutErrorsNameTheKey)
{
    auto region = [](std::string const& r) {
        return with_acceptance("[[cuts.acceptance]]\nparticles = \"leptons\"\nregions = [ { frame = \"cm\", "
                               "theta_min = 22, theta_max = 158 }, "
                               + r + " ]\n");
    };
    EXPECT_EQ(error_of(region("{ frame = \"lab\", theta_min = 3, theta_max = 17 }")), "");
    EXPECT_NE(error_of(region("{ frame = \"lab\", theta_min = 17, theta_max = 3 }"))
                  .find("'cuts.acceptance[0].regions[1].theta_min': expected theta_min < theta_max"),
              std::string::npos);
    EXPECT_NE(error_of(region("{ frame = \"lab\", theta_min = 3, theta_max = 190 }"))
                  .find("'cuts.acceptance[0].regions[1].theta_max'"),
              std::string::npos);
    EXPECT_NE(error_of(region("{ frame = \"lab\", theta_min = -1, theta_max = 17 }"))
                  .find("'cuts.acceptance[0].regions[1].theta_min'"),
              std::string::npos);
    EXPECT_NE(error_of(region("{ frame = \"detector\", theta_min = 3, theta_max = 17 }"))
                  .find("'cuts.acceptance[0].regions[1].frame': expected \"cm\" or \"lab\""),
              std::string::npos);
    EXPECT_NE(error_of(region("{ frame = \"lab\", theta_mn = 3 }"))
                  .find("unknown key 'cuts.acceptance[0].regions[1].theta_mn'"),
              std::string::npos);
    EXPECT_NE(error_of(region("{ frame = \"lab\", theta_min = 3, theta_max = 17, energy_min = 2, energy_max = 1 }"))
                  .find("'cuts.acceptance[0].regions[1].energy_min'"),
              std::string::npos);
    EXPECT_NE(error_of(region("{ frame = \"cm\", theta_min = 3, theta_max = 17, energy_resolution = 0.1 }"))
                  .find("'cuts.acceptance[0].regions[1].energy_resolution': only for a lab-frame"),
              std::string::npos);
    EXPECT_NE(error_of(region("{ theta_max = 17 }, { theta_max = 17 }, { theta_max = 17 }, { theta_max = 17 }"))
                  .find("'cuts.acceptance[0].regions': at most 4 regions"),
              std::string::npos);
    EXPECT_NE(error_of(with_acceptance("[[cuts.acceptance]]\nparticles = \"leptons\"\n"))
                  .find("'cuts.acceptance[0].regions': is required"),
              std::string::npos);
    EXPECT_NE(error_of(with_acceptance("[[cuts.acceptance]]\nparticles = \"leptons\"\nregions = []\n"))
                  .find("'cuts.acceptance[0].regions': expected at least one region"),
              std::string::npos);
    EXPECT_NE(error_of(with_acceptance("[[cuts.acceptance]]\nregions = [ { theta_max = 17 } ]\n"))
                  .find("'cuts.acceptance[0].particles': is required"),
              std::string::npos);
    EXPECT_NE(error_of(with_acceptance("[[cuts.acceptance]]\nparticles = \"quarks\"\nregions = [ { theta_max = 17 } ]\n"))
                  .find("quarks"),
              std::string::npos);
    std::string three;
    for (int i = 0; i < 3; ++i)
        three += "[[cuts.acceptance]]\nparticles = \"leptons\"\nregions = [ { theta_max = 170 } ]\n";
    EXPECT_NE(error_of(with_acceptance(three)).find("'cuts.acceptance': at most 2 acceptance cuts"),
              std::string::npos);
    // a window that leaves no phase space is caught when the windows are built
    EXPECT_NE(error_of(with_acceptance("[[cuts.acceptance]]\nparticles = \"leptons\"\nregions = [ { theta_max = 10 } ]\n"
                                       "[[cuts.particle]]\nparticles = \"leptons\"\ntheta_min = 20\n"))
                  .find("no phase space"),
              std::string::npos);
}
}  // namespace fathom
