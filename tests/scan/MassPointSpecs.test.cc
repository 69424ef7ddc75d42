#include "scan/MassPointSpecs.hh"

#include <set>

#include <gtest/gtest.h>

#include "run/RunCard.hh"
#include "scan/ScanCard.hh"

namespace fathom
{
namespace
{
ScanSpec quick_scan()
{
    return read_scan_card(std::string(FATHOM_SOURCE_DIR) + "/configs/alp_scan_quick.toml");
}

bool has_window(RunSpec const& s, MassWindow w)
{
    for (auto const& c : s.observable_cuts)
    {
        if (c.observable == "m_aa" && c.min == w.lo && c.max == w.hi)
            return true;
    }
    return false;
}
}  // namespace

TEST(MassPointSpecs, WindowIsAsymmetricInSigma)
{
    ScanSpec s = quick_scan();
    MassWindow w = mass_window(s, 2.0, 0.02);
    EXPECT_DOUBLE_EQ(w.lo, 2.0 - 3 * 0.02);
    EXPECT_DOUBLE_EQ(w.hi, 2.0 + 1.5 * 0.02);
}

TEST(MassPointSpecs, EveryRunSharesCutsResponseAndBeams)
{
    ScanSpec s = quick_scan();
    MassWindow w{0.95, 1.02, 1.0, 0.0155};
    RunSpec cal = calibration_spec(s, 1.0, 7);
    RunSpec sig = signal_spec(s, 1.0, w, 8);
    RunSpec bg = background_spec(s, w, 9);
    RunSpec pk = peaking_spec(s, *find_meson("eta_prime"), w, 10);
    for (RunSpec const* r : {&cal, &sig, &bg, &pk})
    {
        EXPECT_NO_THROW(validate(*r));
        EXPECT_TRUE(r->detector_enabled);
        EXPECT_EQ(r->particle_cuts.size(), s.base.particle_cuts.size());
        EXPECT_EQ(r->separation_cuts.size(), s.base.separation_cuts.size());
        EXPECT_DOUBLE_EQ(r->electron_energy, s.base.electron_energy);
    }
    EXPECT_EQ(cal.process, "alp_fusion");
    EXPECT_TRUE(cal.observable_cuts.empty());  // sigma_m is measured without the window
    EXPECT_DOUBLE_EQ(cal.alp_mass, 1.0);
    EXPECT_DOUBLE_EQ(cal.g_agg, s.g_ref);
    for (RunSpec const* r : {&sig, &bg, &pk})
        EXPECT_TRUE(has_window(*r, w));
    EXPECT_EQ(pk.process, "meson_fusion");
    EXPECT_DOUBLE_EQ(pk.alp_mass, find_meson("eta_prime")->mass);
    EXPECT_EQ(bg.process, "ee_eeaa");
    EXPECT_EQ(bg.events, s.background_events);
    EXPECT_EQ(sig.events, s.signal_events);
}

TEST(MassPointSpecs, SignalFillsEveryPartOfEveryCardHistogram)
{
    ScanSpec s = quick_scan();
    RunSpec sig = signal_spec(s, 1.0, {0.95, 1.02, 1.0, 0.0155}, 1);
    std::set<std::string> names;
    for (auto const& h : sig.histograms)
        names.insert(h.name);
    for (auto const& [part, component] : signal_parts())
    {
        for (auto const& h : s.base.histograms)
            EXPECT_TRUE(names.count(component + "." + h.name)) << component << "." << h.name;
        // llr_alp's fine histograms, per part, with the mass point's hypothesis
        EXPECT_TRUE(names.count(component + "." + llr_fine_histogram)) << component;
        EXPECT_TRUE(names.count(component + "." + llr_fine_m_ee_histogram)) << component;
    }
    EXPECT_TRUE(names.count(betagamma_t_histogram));
    EXPECT_TRUE(names.count(betagamma_histogram));
    EXPECT_EQ(sig.histograms.size(), 4 * (s.base.histograms.size() + 2) + 2);
    EXPECT_TRUE(sig.llr_alp_given);
    EXPECT_EQ(sig.llr_alp_mass, 1.0);
    EXPECT_EQ(sig.llr_alp_sigma_m, 0.0155);
    EXPECT_EQ(sig.llr_alp_coupling, s.g_ref);
    // without them: only the card's histograms, the hypothesis still set (the card may bin llr_alp)
    s.llr_bins = 0;
    RunSpec const plain = signal_spec(s, 1.0, {0.95, 1.02, 1.0, 0.0155}, 1);
    EXPECT_EQ(plain.histograms.size(), 4 * s.base.histograms.size() + 2);
    EXPECT_TRUE(plain.llr_alp_given);
    RunSpec const bg = background_spec(s, {0.95, 1.02, 1.0, 0.0155}, 1);
    EXPECT_EQ(bg.llr_alp_mass, 1.0);
}

TEST(MassPointSpecs, SeedsAreDistinctAndTomlIntegers)
{
    std::set<std::uint64_t> seeds;
    for (std::size_t m = 0; m < 200; ++m)
    {
        for (unsigned c = 0; c < 6; ++c)
        {
            std::uint64_t const x = run_seed(1, m, c);
            EXPECT_LT(x, std::uint64_t{1} << 63);
            seeds.insert(x);
        }
    }
    EXPECT_EQ(seeds.size(), 1200u);
    EXPECT_NE(run_seed(1, 0, 0), run_seed(2, 0, 0));
}

TEST(MassPointSpecs, MesonsInReachOfTheWindow)
{
    auto names = [](std::vector<MesonInfo const*> const& v) {
        std::set<std::string> out;
        for (auto const* m : v)
            out.insert(m->name);
        return out;
    };
    // window around 0.55 GeV contains the eta (547.862 MeV)
    EXPECT_EQ(names(peaking_mesons_in_reach(0.55, 0.01, {0.52, 0.565})), (std::set<std::string>{"eta"}));
    // 2 GeV: nothing
    EXPECT_TRUE(peaking_mesons_in_reach(2.0, 0.025, {1.925, 2.0375}).empty());
    // 0.2 GeV with sigma 12 MeV: the window starts at 0.164; pi0 (135 MeV) is 3.6 sigma_pi0 below
    // (sigma_pi0 = 12 MeV x 0.135 / 0.2 = 8.1 MeV): inside the 5 sigma reach
    EXPECT_EQ(names(peaking_mesons_in_reach(0.2, 0.012, {0.164, 0.218})), (std::set<std::string>{"pi0"}));
    // with sigma 10 MeV the window starts at 0.17: 5.2 sigma_pi0 away, out of reach
    EXPECT_TRUE(peaking_mesons_in_reach(0.2, 0.01, {0.17, 0.215}).empty());
    // 0.3 GeV: pi0 is 16 sigma away
    EXPECT_TRUE(peaking_mesons_in_reach(0.3, 0.01, {0.27, 0.315}).empty());
}
}  // namespace fathom
