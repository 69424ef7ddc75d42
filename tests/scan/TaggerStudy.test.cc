#include "tagger/TaggerStudy.hh"

#include <cmath>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "fathom/kinematics/BeamParams.hh"
#include "run/InputError.hh"
#include "run/RunCard.hh"

namespace fathom
{
namespace
{
TaggerStudySpec study_card()
{
    return read_tagger_card(std::string(FATHOM_SOURCE_DIR) + "/configs/tagger_study.toml");
}

ParticleCutSpec const* lepton_cut(RunSpec const& s)
{
    for (auto const& c : s.particle_cuts)
    {
        if (c.particles == "leptons")
            return &c;
    }
    return nullptr;
}
}  // namespace

TEST(TaggerStudy, ShippedCardParses)
{
    TaggerStudySpec s = study_card();
    EXPECT_EQ(s.frame, "cm");
    EXPECT_EQ(s.theta_min_deg.front(), 22.0);
    EXPECT_EQ(s.luminosities_pb.back(), 5e7);
    EXPECT_EQ(s.luminosities_pb.size(), s.luminosity_texts.size());
}

TEST(TaggerStudy, SymmetricCmOpensTheLeptonCut)
{
    TaggerStudySpec s = study_card();
    ScanSpec barrel = with_tagger(s, 22.0);
    ASSERT_TRUE(lepton_cut(barrel.base));
    EXPECT_EQ(lepton_cut(barrel.base)->theta_min_deg, 22.0);
    EXPECT_EQ(lepton_cut(barrel.base)->theta_max_deg, 158.0);
    ScanSpec open = with_tagger(s, 5.0);
    EXPECT_EQ(lepton_cut(open.base)->theta_min_deg, 5.0);
    EXPECT_EQ(lepton_cut(open.base)->theta_max_deg, 175.0);
    EXPECT_TRUE(open.base.acceptance_cuts.empty());
    EXPECT_NO_THROW(validate(open.base));
    // nothing else changes
    EXPECT_EQ(open.base.particle_cuts.size(), barrel.base.particle_cuts.size());
    EXPECT_EQ(open.masses, barrel.masses);
}

TEST(TaggerStudy, OneSidedLabTaggerIsAUnionWithTheBarrel)
{
    TaggerStudySpec s = study_card();
    s.frame = "lab";
    ScanSpec t = with_tagger(s, 3.0);
    EXPECT_EQ(lepton_cut(t.base), nullptr);  // replaced by the acceptance cut
    ASSERT_EQ(t.base.acceptance_cuts.size(), 1u);
    auto const& acc = t.base.acceptance_cuts[0];
    EXPECT_EQ(acc.particles, "leptons");
    ASSERT_EQ(acc.regions.size(), 2u);
    EXPECT_EQ(acc.regions[0].frame, "cm");
    EXPECT_EQ(acc.regions[0].theta_min_deg, 22.0);
    EXPECT_EQ(acc.regions[0].theta_max_deg, 158.0);
    EXPECT_EQ(acc.regions[1].frame, "lab");
    EXPECT_EQ(acc.regions[1].theta_min_deg, 3.0);
    // up to the barrel's lab edge: CM 22 degrees seen from the lab (boost along the e- beam,
    // massless): tan theta_lab = sin theta* / (gamma (cos theta* + beta))
    BeamParams b = make_beam_params(7.007, 3.994, 0.000510998950);
    double const beta = b.beta_z, gamma = 1 / std::sqrt(1 - beta * beta);
    double const t22 = 22.0 * M_PI / 180;
    double const edge = std::atan2(std::sin(t22), gamma * (std::cos(t22) + beta)) * 180 / M_PI;
    EXPECT_NEAR(acc.regions[1].theta_max_deg, edge, 1e-9);
    EXPECT_NEAR(edge, 17.0, 0.5);
    EXPECT_EQ(acc.regions[1].energy_min, s.tagger_energy_min);
    EXPECT_NO_THROW(validate(t.base));
    // backward: around -z, from the lab image of CM 158 degrees to 180 - theta_min
    s.side = "backward";
    ScanSpec bw = with_tagger(s, 3.0);
    auto const& r = bw.base.acceptance_cuts.at(0).regions.at(1);
    EXPECT_EQ(r.theta_max_deg, 177.0);
    EXPECT_GT(r.theta_min_deg, 140.0);
    // a lab theta_min above the barrel's lab edge: the barrel alone, unchanged
    s.side = "forward";
    ScanSpec none = with_tagger(s, 20.0);
    EXPECT_TRUE(none.base.acceptance_cuts.empty());
    ASSERT_TRUE(lepton_cut(none.base));
}

TEST(TaggerStudy, BadCardsNameTheKey)
{
    std::string const base = std::string(FATHOM_SOURCE_DIR) + "/configs/tagger_study.toml";
    std::ifstream in(base);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto error_of = [&](std::string const& from, std::string const& to) {
        std::string t = text;
        auto pos = t.find(from);
        EXPECT_NE(pos, std::string::npos) << from;
        t.replace(pos, from.size(), to);
        std::string const path = testing::TempDir() + "/bad_tagger.toml";
        std::ofstream(path) << t;
        try
        {
            read_tagger_card(path);
        }
        catch (InputError const& e)
        {
            return std::string(e.what());
        }
        return std::string("(no error)");
    };
    EXPECT_NE(error_of("frame = \"cm\"", "frame = \"lob\"").find("tagger.frame"), std::string::npos);
    EXPECT_NE(error_of("theta_min = [22.0,", "theta_min = [95.0,").find("tagger.theta_min"), std::string::npos);
    EXPECT_NE(error_of("\"0.1ab-1\"", "\"0.1\"").find("tagger.luminosities"), std::string::npos);
    EXPECT_NE(error_of("side = \"forward\"", "sides = \"forward\"").find("unknown key 'tagger.sides'"),
              std::string::npos);
    EXPECT_NE(error_of("particles = \"leptons\"", "particles = \"ep\"").find("cuts.particle"), std::string::npos);
    // each key of the tagger's pair named for its own value
    EXPECT_NE(error_of("energy_resolution = 0.0", "energy_resolution = 1.5").find("'tagger.energy_resolution'"),
              std::string::npos);
    EXPECT_NE(error_of("energy_resolution = 0.0", "energy_resolution = nan").find("'tagger.energy_resolution'"),
              std::string::npos);
    EXPECT_NE(error_of("energy_min = 0.01", "energy_min = 100.0").find("'tagger.energy_min'"), std::string::npos);
    // the histogram the limits use: llr_alp needs the scan's llr histograms; others must exist
    EXPECT_NE(error_of("side = \"forward\"", "side = \"forward\"\nanalysis = \"m_eee\"").find("'tagger.analysis'"),
              std::string::npos);
    EXPECT_NE(error_of("side = \"forward\"", "side = \"forward\"\nanalysis = \"llr_alp\"").find("(no error)"),
              std::string::npos);
    std::string const saved = text;
    text.replace(text.find("[scan]"), 6, "[scan]\nllr_bins = 0");
    EXPECT_NE(error_of("side = \"forward\"", "side = \"forward\"\nanalysis = \"llr_alp\"").find("scan.llr_bins > 0"),
              std::string::npos);
    text = saved;
    EXPECT_NE(error_of("energy_min = 0.01", "energy_min = inf").find("got inf"), std::string::npos);
}

// The whole study is checked before the first scan: a run that only the scan derives (here the
// signal's two-photon-fusion sampler, which needs a massive electron) is refused at once, naming
// the user's card, the key, the mass and the angle, and nothing is written.
TEST(TaggerStudy, DerivedRunsAreCheckedBeforeTheFirstScan)
{
    std::string const base = std::string(FATHOM_SOURCE_DIR) + "/configs/tagger_study.toml";
    std::ifstream in(base);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (auto [from, to] : {std::pair<std::string, std::string>{"electron_mass = 0.000510998950", "electron_mass = 0"},
                            {"sampler = \"adaptive\"             #", "sampler = \"rambo\" #"},
                            {"signal_sampler = \"adaptive\"", "signal_sampler = \"two_photon_fusion\""},
                            // a RAMBO background cannot be adapted to the analysis
                            {"\nanalysis_histogram = ", "\nimportance_sampling = false\nanalysis_histogram = "}})
    {
        auto const pos = text.find(from);
        ASSERT_NE(pos, std::string::npos) << from;
        text.replace(pos, from.size(), to);
    }
    std::string const path = testing::TempDir() + "/derived_tagger.toml";
    std::ofstream(path) << text;
    TaggerStudySpec study = read_tagger_card(path);  // the card itself is valid
    study.output_directory = testing::TempDir() + "/derived_tagger_out";
    std::filesystem::remove_all(study.output_directory);
    try
    {
        execute_tagger_study(study, false);
        FAIL() << "no error";
    }
    catch (InputError const& e)
    {
        std::string const msg = e.what();
        EXPECT_EQ(msg.rfind(path + ": key 'process.electron_mass'", 0), 0u) << msg;
        EXPECT_NE(msg.find("m_a = 0.5 GeV"), std::string::npos) << msg;
        EXPECT_NE(msg.find("tagger.theta_min = 22"), std::string::npos) << msg;
    }
    EXPECT_FALSE(std::filesystem::exists(study.output_directory));
    for (auto const& e : std::filesystem::directory_iterator(testing::TempDir()))
        EXPECT_EQ(e.path().filename().string().rfind("derived_tagger_out", 0), std::string::npos) << e.path();
}
}  // namespace fathom
