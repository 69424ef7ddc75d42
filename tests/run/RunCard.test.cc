#include "run/RunCard.hh"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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
                  .find("'cuts.acceptance[0].regions[1].theta_max': expected theta_max > theta_min = 17"),
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
                  .find("'cuts.acceptance[0].regions[1].energy_max': expected energy_max > energy_min = 2"),
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

namespace
{
//! A bad value of one key: the card (after [process] name = ...), the key the error must name
//! and a part of what it must say.
struct BadValue
{
    char const* card;
    char const* key;
    char const* says;
};

void expect_refused(std::vector<BadValue> const& table)
{
    for (auto const& [card, key, says] : table)
    {
        std::string const msg = error_of(card);
        EXPECT_NE(msg.find(std::string("'") + key + "'"), std::string::npos) << card << "\n-> " << msg;
        EXPECT_NE(msg.find(says), std::string::npos) << card << "\n-> " << msg;
    }
}
}  // namespace

// Every number is checked for finiteness and its physical range where it is read, naming the key
// and the value; these used to run to NaN weights, a zero cross section or a silently
// switched-off Z (issue 13).
TEST(RunCard, NumbersOutOfRangeNameTheKey)
{
    expect_refused({
        {"[process]\nz_mass = inf\n", "process.z_mass", "got inf"},
        {"[process]\nz_mass = 0\n", "process.z_mass", "got 0"},
        {"[process]\nz_mass = -91\n", "process.z_mass", "got -91"},
        {"[process]\nz_width = inf\n", "process.z_width", "got inf"},
        {"[process]\nz_width = 100\n", "process.z_width", "z_mass"},
        {"[process]\nz_width = -1\n", "process.z_width", "got -1"},
        {"[process]\nsin2_theta_w = 1\n", "process.sin2_theta_w", "got 1"},
        {"[process]\ng_agg = 1e308\n", "process.g_agg", "got 1e+308"},
        {"[process]\ng_agg = inf\n", "process.g_agg", "got inf"},
        {"[process]\ng_agg = 0\n", "process.g_agg", "got 0"},
        {"[process]\ng_agg = -1e-4\n", "process.g_agg", "got -1e-04"},
        {"[process]\nname = \"alp_fusion\"\nalp_mass = 5\ng_agg = 3\n", "process.g_agg", "8 sqrt(pi)"},
        {"[process]\nalp_mass = 0\n", "process.alp_mass", "got 0"},
        {"[process]\nalp_mass = -1\n", "process.alp_mass", "got -1"},
        {"[process]\nalp_mass = inf\n", "process.alp_mass", "got inf"},
        {"[process]\nalp_width = -1\n", "process.alp_width", "got -1"},
        {"[process]\nalp_width = inf\n", "process.alp_width", "got inf"},
        {"[process]\nalp_width = 1.5\n", "process.alp_width", "alp_mass = 1"},
        {"[process]\nalp_window_widths = inf\n", "process.alp_window_widths", "got inf"},
        {"[process]\nalpha = 0\n", "process.alpha", "got 0"},
        {"[process]\nalpha = -1\n", "process.alpha", "got -1"},
        {"[process]\nalpha = inf\n", "process.alpha", "got inf"},
        {"[process]\nalpha = nan\n", "process.alpha", "got nan"},
        {"[process]\nelectron_mass = nan\n", "process.electron_mass", "got nan"},
        {"[process]\nelectron_mass = -0.1\n", "process.electron_mass", "got -0.1"},
        {"[process]\nelectron_mass = inf\n", "process.electron_mass", "got inf"},
        {"[beams]\nelectron_energy = 1e300\n", "beams.electron_energy", "got 1e+300"},
        {"[beams]\npositron_energy = inf\n", "beams.positron_energy", "got inf"},
        {"[beams]\npositron_energy = 0\n", "beams.positron_energy", "got 0"},
        {"[beams]\nsqrt_s = 1e300\n", "beams.sqrt_s", "got 1e+300"},
        {"[beams]\nsqrt_s = -10\n", "beams.sqrt_s", "got -10"},
        {"[beams]\ncrossing_angle_mrad = inf\n", "beams.crossing_angle_mrad", "got inf"},
        {"[beams]\npositron_energy_spread = -0.1\n[detector]\nenabled = true\n", "beams.positron_energy_spread",
         "got -0.1"},
        {"[detector]\nphoton_energy_noise = inf\n", "detector.photon_energy_noise", "got inf"},
        {"[[cuts.particle]]\nparticles = \"leptons\"\nenergy_min = inf\n", "cuts.particle[0].energy_min", "got inf"},
        {"[[cuts.particle]]\nparticles = \"leptons\"\nenergy_min = 2\nenergy_max = 1\n", "cuts.particle[0].energy_max",
         "energy_min = 2"},
        {"[[cuts.particle]]\nparticles = \"leptons\"\ntheta_min = -1\n", "cuts.particle[0].theta_min", "got -1"},
        {"[[cuts.particle]]\nparticles = \"leptons\"\ntheta_max = 200\n", "cuts.particle[0].theta_max", "got 200"},
        {"[[cuts.particle]]\nparticles = \"leptons\"\ntheta_min = 30\ntheta_max = 20\n", "cuts.particle[0].theta_max",
         "theta_min = 30"},
        {"[[cuts.separation]]\nfirst = \"ep\"\nsecond = \"em\"\nmin_delta_phi_rad = inf\n",
         "cuts.separation[0].min_delta_phi_rad", "got inf"},
        {"[[cuts.separation]]\nfirst = \"ep\"\nsecond = \"em\"\nmin_opening_angle = 190\n",
         "cuts.separation[0].min_opening_angle", "got 190"},
        {"[[cuts.separation]]\nfirst = \"ep\"\nsecond = \"em\"\nmin_delta_r = -1\n", "cuts.separation[0].min_delta_r",
         "got -1"},
        {"[[cuts.observable]]\nobservable = \"e_em\"\nmin = 2\nmax = 1\n", "cuts.observable[0].max", "min = 2"},
        {"[[histograms]]\nname = \"h\"\naxes = [ { observable = \"e_em\", bins = 3, lower = -inf, upper = 1 } ]\n",
         "histograms[0].axes[0].lower", "got -inf"},
        {"[process]\nname = \"ee_eeaa\"\n[phase_space]\nsampler = \"adaptive\"\npair_mass_min = -1\npair_mass_max = 2\n",
         "phase_space.pair_mass_min", "got -1"},
        {"[process]\nname = \"ee_eeaa\"\n[phase_space]\nsampler = \"adaptive\"\npair_mass_max = inf\n",
         "phase_space.pair_mass_max", "got inf"},
        {"[process]\nname = \"ee_eeaa\"\n[phase_space]\nsampler = \"adaptive\"\npair_mass_min = 2\npair_mass_max = 1\n",
         "phase_space.pair_mass_max", "pair_mass_min = 2"},
    });
}

// sqrt(s) is checked as a whole: finite and above the final-state masses, naming the keys
TEST(RunCard, CmEnergyBelowTheFinalStateNamesTheKeys)
{
    expect_refused({
        {"[process]\nname = \"alp_fusion\"\nalp_mass = 10.6\n", "beams.electron_energy", "process.alp_mass"},
        {"[beams]\nelectron_energy = 0.3\npositron_energy = 0.3\n[process]\nname = \"meson_fusion\"\nmeson = \"eta_prime\"\n",
         "beams.electron_energy", "process.meson"},
    });
    EXPECT_NE(error_of("[process]\nname = \"alp_fusion\"\nalp_mass = 10.6\n").find("sqrt(s) = 10.58"), std::string::npos);
}

// A cut that nothing can pass, decidable from the beams, is refused before any event
TEST(RunCard, CutsNothingCanPassAreRefused)
{
    char const* const eeaa = "[process]\nname = \"ee_eeaa\"\n";
    auto with = [&](std::string const& cuts) { return std::string(eeaa) + cuts; };
    std::string const photon_cut = with("[[cuts.particle]]\nparticles = \"photons\"\nenergy_min = 100\n");
    std::string const m_ee = with("[[cuts.observable]]\nobservable = \"m_ee\"\nmin = 11\nmax = 12\n");
    std::string const lab = with("[[cuts.particle]]\nparticles = \"leptons\"\nframe = \"lab\"\nenergy_min = 11.5\n");
    std::string const tagger = with("[[cuts.acceptance]]\nparticles = \"leptons\"\nregions = [ { frame = \"lab\", "
                                    "theta_min = 3, theta_max = 17, energy_min = 20 } ]\n");
    std::string const negative = with("[[cuts.observable]]\nobservable = \"m_aa\"\nmax = 0\n");
    expect_refused({
        {photon_cut.c_str(), "cuts.particle[0].energy_min", "no event can pass"},
        {m_ee.c_str(), "cuts.observable[0].min", "no event can pass"},
        {lab.c_str(), "cuts.particle[0].energy_min", "lab energy"},
        {tagger.c_str(), "cuts.acceptance[0].regions[0].energy_min", "no event can pass"},
        {negative.c_str(), "cuts.observable[0].max", "never negative"},
    });
    // what can pass is not refused: a lab energy above the CM limit, a window reaching below sqrt(s),
    // a CM energy just above sqrt(s)/2 that the detector resolution can reach
    EXPECT_EQ(error_of(with("[[cuts.particle]]\nparticles = \"leptons\"\nframe = \"lab\"\nenergy_min = 6.5\n")), "");
    EXPECT_EQ(error_of(with("[[cuts.observable]]\nobservable = \"m_ee\"\nmin = 10.5\nmax = 12\n")), "");
    EXPECT_EQ(error_of(with("[[cuts.particle]]\nparticles = \"photons\"\nenergy_min = 5.3\n[detector]\nenabled = true\n")),
              "");
    EXPECT_NE(error_of(with("[[cuts.particle]]\nparticles = \"photons\"\nenergy_min = 5.3\n")).find("no event can pass"),
              std::string::npos);
}

// The adaptive ee_eeaa channels need a massive electron: said as such, not as "no phase space"
TEST(RunCard, MasslessElectronWithTheAdaptiveRadiationChannel)
{
    std::string const msg
        = error_of("[process]\nname = \"ee_eeaa\"\nelectron_mass = 0\n[phase_space]\nsampler = \"adaptive\"\n");
    EXPECT_NE(msg.find("'process.electron_mass'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("lepton-radiation channel"), std::string::npos) << msg;
    EXPECT_NE(msg.find("adaptive"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("no phase space"), std::string::npos) << msg;
}

// 'no such file' only for a missing path; a read error is not an empty file
TEST(RunCard, FilesThatAreNotCardsAreNamedForWhatTheyAre)
{
    auto error_reading = [](std::string const& path) {
        try
        {
            read_run_card(path);
        }
        catch (std::exception const& e)
        {
            return std::string(e.what());
        }
        return std::string("(no error)");
    };
    EXPECT_NE(error_reading("/nonexistent/card.toml").find("no such file"), std::string::npos);
    EXPECT_NE(error_reading(testing::TempDir()).find("is a directory"), std::string::npos);
    EXPECT_NE(error_reading("/dev/null").find("is not a regular file (a character device)"), std::string::npos);
    // /proc/self/mem is a regular file whose first page cannot be read (EIO)
    std::string const mem = error_reading("/proc/self/mem");
    EXPECT_NE(mem.find("read error"), std::string::npos) << mem;
    EXPECT_EQ(mem.find("empty"), std::string::npos) << mem;
}
}  // namespace fathom
