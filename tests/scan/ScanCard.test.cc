#include "scan/ScanCard.hh"

#include <iostream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "run/InputError.hh"

namespace fathom
{
namespace
{
//! A small valid scan card; `scan_extra` goes into [scan], `tail` after everything.
std::string card(std::string const& scan_extra = "", std::string const& tail = "",
                 std::string const& detector = "enabled = true")
{
    return "[scan]\nmasses = [0.5, 1.0]\n" + scan_extra
           + "\n[process]\nname = \"ee_eeaa\"\n[phase_space]\nsampler = \"adaptive\"\n"
             "[detector]\n"
           + detector
           + "\n[[cuts.particle]]\nparticles = \"photons\"\nenergy_min = 0.25\n"
             "[[histograms]]\nname = \"tplus_tminus_splus_sminus\"\n"
             "axes = [ { observable = \"t_plus\", bins = 2, lower = -112.0, upper = 0.0 } ]\n"
           + tail;
}

std::string error_of(std::string const& text)
{
    try
    {
        parse_scan_card(text, "scan.toml");
    }
    catch (InputError const& e)
    {
        return e.what();
    }
    return "(no error)";
}
}  // namespace

TEST(ScanCard, ReadsTheScanTableAndTheBackgroundRun)
{
    ScanSpec s = parse_scan_card(card("luminosity = \"1ab-1\"\ng_agg_ref = 2e-4\nwindow_sigmas = [-2.5, 1.0]\n"), "scan.toml");
    EXPECT_EQ(s.masses, (std::vector<double>{0.5, 1.0}));
    EXPECT_DOUBLE_EQ(s.luminosity_pb, 1e6);
    EXPECT_DOUBLE_EQ(s.g_ref, 2e-4);
    EXPECT_DOUBLE_EQ(s.window_low_sigmas, -2.5);
    EXPECT_DOUBLE_EQ(s.window_high_sigmas, 1.0);
    EXPECT_EQ(s.base.process, "ee_eeaa");
    EXPECT_TRUE(s.base.detector_enabled);
    EXPECT_EQ(s.base.particle_cuts.size(), 1u);
}

TEST(ScanCard, ShippedCardsParse)
{
    for (char const* name : {"alp_scan_belle2.toml", "alp_scan_quick.toml"})
    {
        ScanSpec s = read_scan_card(std::string(FATHOM_SOURCE_DIR) + "/configs/" + name);
        EXPECT_DOUBLE_EQ(s.luminosity_pb, 5e7) << name;
        EXPECT_EQ(s.analysis_histogram, "tplus_tminus_splus_sminus") << name;
        EXPECT_DOUBLE_EQ(s.window_low_sigmas, -3.0) << name;
        EXPECT_DOUBLE_EQ(s.window_high_sigmas, 1.5) << name;
    }
}

TEST(ScanCard, EffectiveCardReadsBack)
{
    ScanSpec a = parse_scan_card(card("luminosity = \"1ab-1\"\nsignal_events = 1234\npeaking_backgrounds = false\n"), "scan.toml");
    std::ostringstream os;
    os << effective_card(a);
    ScanSpec b = parse_scan_card(os.str(), "effective.toml");
    EXPECT_EQ(b.masses, a.masses);
    EXPECT_EQ(b.signal_events, 1234u);
    EXPECT_FALSE(b.peaking_backgrounds);
    EXPECT_DOUBLE_EQ(b.luminosity_pb, a.luminosity_pb);
    EXPECT_EQ(b.base.histograms.size(), a.base.histograms.size());
}

TEST(ScanCard, BadInputNamesTheKey)
{
    auto has = [](std::string const& msg, std::string const& what) {
        bool const found = msg.find(what) != std::string::npos;
        if (!found)
            std::cerr << "message: " << msg << "\n";
        return found;
    };
    EXPECT_TRUE(has(error_of("[process]\nname = \"ee_eeaa\"\n"), "needs a [scan] table"));
    EXPECT_TRUE(has(error_of(card("mass = 1.0\n")), "unknown key 'scan.mass'"));
    EXPECT_TRUE(has(error_of(card("masses2 = 1\n")), "expected one of"));
    EXPECT_TRUE(has(error_of(card("", "[[cuts.observable]]\nobservable = \"m_aa\"\nmin = 0.9\nmax = 1.1\n")),
                    "cuts.observable[0]"));
    EXPECT_TRUE(has(error_of(card("", "", "enabled = false")), "detector.enabled"));
    EXPECT_TRUE(has(error_of(card("window_sigmas = [1.0, 2.0]\n")), "scan.window_sigmas"));
    EXPECT_TRUE(has(error_of(card("analysis_histogram = \"nope\"\n")), "scan.analysis_histogram"));
    EXPECT_TRUE(has(error_of(card("luminosity = \"50\"\n")), "scan.luminosity"));
    EXPECT_TRUE(has(error_of(card("signal_sampler = \"two_body\"\n")), "scan.signal_sampler"));
    std::string const decreasing = card() ;
    std::string bad = decreasing;
    bad.replace(bad.find("[0.5, 1.0]"), 10, "[1.0, 0.5]");
    EXPECT_TRUE(has(error_of(bad), "increasing"));
    std::string too_heavy = decreasing;
    too_heavy.replace(too_heavy.find("[0.5, 1.0]"), 10, "[0.5, 11.0]");
    EXPECT_TRUE(has(error_of(too_heavy), "scan.masses"));
    std::string signal = card();
    signal.replace(signal.find("\"ee_eeaa\""), 9, "\"alp_fusion\"");
    EXPECT_TRUE(has(error_of(signal), "process.name"));
}

// Each key of a pair is named when it is the wrong one, with its value (issue 13)
TEST(ScanCard, NumbersOutOfRangeNameTheirOwnKey)
{
    auto grid = [](std::string const& scan_extra) {
        std::string c = card(scan_extra);
        c.replace(c.find("masses = [0.5, 1.0]\n"), 20, "");
        return c;
    };
    struct Bad
    {
        std::string card;
        char const* key;
        char const* says;
    };
    std::string masses_inf = card();
    masses_inf.replace(masses_inf.find("[0.5, 1.0]"), 10, "[0.5, inf]");
    for (auto const& [text, key, says] : std::vector<Bad>{
             {grid("mass_max = 12.0\n"), "'scan.mass_max'", "got 12"},
             {grid("mass_min = 2.0\nmass_max = 1.0\n"), "'scan.mass_max'", "mass_min = 2"},
             {grid("mass_min = -1.0\n"), "'scan.mass_min'", "got -1"},
             {grid("mass_min = nan\n"), "'scan.mass_min'", "nan"},
             {grid("mass_spacing_sigmas = inf\n"), "'scan.mass_spacing_sigmas'", "got inf"},
             {card("g_agg_ref = 1e308\n"), "'scan.g_agg_ref'", "got 1e+308"},
             {card("g_agg_ref = -1\n"), "'scan.g_agg_ref'", "got -1"},
             {card("window_sigmas = [-inf, 1.5]\n"), "'scan.window_sigmas'", "got -inf"},
             {card("window_sigmas = [-3.0, inf]\n"), "'scan.window_sigmas'", "got inf"},
             {card("background_events = 0\n"), "'scan.background_events'", "> 0"},
             {card("peaking_events = 0\n"), "'scan.peaking_events'", "> 0"},
             {masses_inf, "'scan.masses'", "got inf"},
         })
    {
        std::string const msg = error_of(text);
        EXPECT_NE(msg.find(key), std::string::npos) << text << "\n-> " << msg;
        EXPECT_NE(msg.find(says), std::string::npos) << text << "\n-> " << msg;
    }
}
}  // namespace fathom
