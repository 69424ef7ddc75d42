#include "run/RunCard.hh"

#include <gtest/gtest.h>

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
}  // namespace fathom
