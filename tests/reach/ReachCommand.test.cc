#include "reach/ReachCommand.hh"

#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "../io/ScratchDirectory.hh"
#include "ReachTestSupport.hh"
#include "ScanTestSupport.hh"
#include "io/JsonFile.hh"
#include "reach/DecayEfficiency.hh"
#include "reach/LimitCurve.hh"
#include "run/InputError.hh"

namespace fathom
{
namespace
{
using test::TestMass;

//! reach.csv as column name -> values (text), checking the header.
std::map<std::string, std::vector<std::string>> read_csv(std::filesystem::path const& path)
{
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    std::vector<std::string> names;
    std::stringstream header(line);
    for (std::string cell; std::getline(header, cell, ',');)
        names.push_back(cell);
    EXPECT_EQ(names, reach_csv_columns());
    std::map<std::string, std::vector<std::string>> columns;
    while (std::getline(in, line))
    {
        std::vector<std::string> cells;
        std::size_t start = 0;
        for (std::size_t comma; (comma = line.find(',', start)) != std::string::npos;
             start = comma + 1)
            cells.push_back(line.substr(start, comma - start));
        cells.push_back(line.substr(start));
        EXPECT_EQ(cells.size(), names.size()) << line;
        for (std::size_t i = 0; i < names.size() && i < cells.size(); ++i)
            columns[names[i]].push_back(cells[i]);
    }
    return columns;
}

double number(std::string const& text)
{
    if (text == "inf")
        return std::numeric_limits<double>::infinity();
    double x = NAN;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
    EXPECT_TRUE(ec == std::errc{} && end == text.data() + text.size()) << "'" << text << "'";
    return x;
}

std::vector<TestMass> two_masses()
{
    TestMass a;
    a.m_a_gev = 0.5;
    a.signal = {0.0, 0.2, 1.5, 3.25, 0.4, 0.0};
    a.background = {7.0, 20.0, 30.5, 25.0, 12.0, 0.3};
    a.variance = {0.5, 1.0, 2.0, 1.5, 0.8, 0.01};
    a.betagamma_t = test::betagamma_hist({1.0, 4.0}, {0.0, 1.0, 0.0});
    TestMass b = a;
    b.m_a_gev = 2.0;
    b.signal = {0.0, 0.05, 0.7, 0.9, 0.2, 0.0};
    return {a, b};
}

struct CommandOutput
{
    std::string out, err;
};

CommandOutput run(ReachOptions const& opt)
{
    std::ostringstream out, err;
    run_reach_command(opt, out, err);
    return {out.str(), err.str()};
}

ReachOptions options(std::filesystem::path const& scan, std::filesystem::path const& output,
                     double lumi_pb)
{
    ReachOptions opt;
    opt.scan_dir = scan;
    opt.output = output;
    opt.luminosity_pb = lumi_pb;
    opt.plot = false;
    return opt;
}

TEST(ReachCommand, MedianLimitsAreThoseOfExpectedUpperLimits)
{
    test::ScratchDirectory dir;
    auto const masses = two_masses();
    test::write_scan(dir / "scan", 5e7, 1e-4, masses);
    ReachOptions opt = options(dir / "scan", dir / "out", 5e9);  // 100 x the scan's L
    opt.background_norm_uncertainty = 0.05;
    CommandOutput const r = run(opt);
    EXPECT_NE(r.out.find("m_a = 0.5 GeV: g_up = "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("wrote " + (dir / "out").string()), std::string::npos) << r.out;
    EXPECT_EQ(test::list_directory(dir / "out"),
              (std::vector<std::string>{".fathom-output", "pyhf", "reach.csv", "reach.json"}));
    EXPECT_EQ(test::list_directory(dir / "out" / "pyhf"),
              (std::vector<std::string>{"m_a_0.5000GeV.json", "m_a_2.0000GeV.json"}));

    auto csv = read_csv(dir / "out" / "reach.csv");
    ASSERT_EQ(csv["m_a_gev"].size(), 2u);
    ScanData const scan = read_scan(dir / "scan", 5e9);
    for (std::size_t m = 0; m < 2; ++m)
    {
        ReachInput in = scan.masses[m].input;
        in.background_norm_uncertainty = 0.05;
        ReachBins const bins = make_reach_bins(in);
        ExpectedLimits const lim = expected_upper_limits(bins);
        // shortest round-trip text: the CSV holds the very doubles
        EXPECT_EQ(number(csv["m_a_gev"][m]), masses[m].m_a_gev);
        EXPECT_EQ(number(csv["g_up_median"][m]), lim.g_up[2]);
        EXPECT_EQ(number(csv["g_up_m2"][m]), lim.g_up[0]);
        EXPECT_EQ(number(csv["g_up_p2"][m]), lim.g_up[4]);
        EXPECT_EQ(number(csv["mu_up_median"][m]), lim.mu_up[2]);
        EXPECT_EQ(number(csv["g_up_median"][m]), 1e-4 * std::sqrt(lim.mu_up[2]));
        EXPECT_NEAR(number(csv["signal_events_at_gref"][m]), 100 * 5.35 - (m ? 100 * 3.5 : 0),
                    1e-9);
        EXPECT_EQ(number(csv["kept_bins"][m]), 6.0);
        EXPECT_EQ(csv["decay_efficiency_at_median"][m], "");
        EXPECT_EQ(csv["three_photon_g_limit"][m], "");
    }

    Json const json = read_json_file(dir / "out" / "reach.json");
    EXPECT_EQ(json.at("luminosity_pb").get<double>(), 5e9);
    EXPECT_EQ(json.at("g_ref_per_gev").get<double>(), 1e-4);
    EXPECT_EQ(json.at("points").at(1).at("g_up_per_gev").at("median").get<double>(),
              number(csv["g_up_median"][1]));
    EXPECT_EQ(json.at("settings").at("background_norm_uncertainty").get<double>(), 0.05);

    // An existing output directory is refused without --force, replaced with it.
    EXPECT_THROW(run(opt), std::runtime_error);
    opt.force = true;
    EXPECT_NO_THROW(run(opt));
}

TEST(ReachCommand, BackgroundDominatedLimitScalesAsLuminosityToTheMinusQuarter)
{
    // s << sqrt(b) in every bin, no MC error: the asymptotic limit is mu_up ~ sqrt(b) / s,
    // so with s, b both proportional to L, g_up = g_ref sqrt(mu_up) ~ L^(-1/4). Corrections
    // are of relative order s mu_up / b ~ 1 / sqrt(b) = 3e-4 here; tolerance 2e-3.
    test::ScratchDirectory dir;
    TestMass m;
    m.m_a_gev = 1.0;
    m.signal = {0, 30.0, 50.0, 20.0, 0};
    m.background = {0, 1e7, 2e7, 1.5e7, 0};
    m.variance = {0, 0, 0, 0, 0};
    test::write_scan(dir / "scan", 1e6, 1e-4, {m});
    auto g_at = [&](double lumi, std::string const& name) {
        run(options(dir / "scan", dir / name, lumi));
        return number(read_csv(dir / name / "reach.csv")["g_up_median"][0]);
    };
    double const g1 = g_at(1e6, "l1");
    double const g16 = g_at(16e6, "l16");
    EXPECT_NEAR(g16 / g1, 0.5, 2e-3 * 0.5);
    // The asymptotic formula itself: median mu_up = sigma Phi^-1(1 - 0.05 / 2) with
    // sigma^-2 = sum s^2 / b (Cowan et al., arXiv:1007.1727, eq. 89 with CLs).
    double const sigma = 1 / std::sqrt(900 / 1e7 + 2500 / 2e7 + 400 / 1.5e7);
    double const g_formula = 1e-4 * std::sqrt(sigma * test::phi_inverse(1 - 0.025));
    EXPECT_NEAR(g1 / g_formula, 1, 2e-3);
    std::printf("g_up(16 L) / g_up(L) = %.6f (0.5 expected); g_up / formula = %.6f\n", g16 / g1,
                g1 / g_formula);
}

TEST(ReachCommand, DecayRadius)
{
    test::ScratchDirectory dir;
    test::write_scan(dir / "scan", 5e7, 1e-4, two_masses());
    ReachOptions opt = options(dir / "scan", dir / "prompt", 5e9);
    run(opt);
    auto prompt = read_csv(dir / "prompt" / "reach.csv");

    opt.output = dir / "huge";
    opt.decay_radius_m = 1e30;
    run(opt);
    auto huge = read_csv(dir / "huge" / "reach.csv");

    opt.output = dir / "finite";
    double const radius = 3e-7;  // c tau(g ~ 1e-4, 2 GeV) = 0.3 um: eps clearly below 1
    opt.decay_radius_m = radius;
    run(opt);
    auto finite = read_csv(dir / "finite" / "reach.csv");

    double const pi = 3.14159265358979323846;
    double const masses[] = {0.5, 2.0};
    for (std::size_t m = 0; m < 2; ++m)
    {
        for (char const* col : {"g_up_median", "g_up_m2", "g_up_p2"})
        {
            EXPECT_NEAR(number(huge[col][m]) / number(prompt[col][m]), 1, 1e-14) << col;
            EXPECT_GT(number(finite[col][m]), 1.01 * number(prompt[col][m])) << col;
        }
        EXPECT_EQ(number(huge["decay_efficiency_at_median"][m]), 1.0);
        // One bin [1, 4]: bg_T = 2, eps = 1 - exp(-R / (2 c tau(g))) at the median limit.
        double const g = number(finite["g_up_median"][m]);
        double const ctau = 1.973269804e-16 * 64 * pi / (g * g * std::pow(masses[m], 3));
        double const eps = 1 - std::exp(-radius / (2 * ctau));
        EXPECT_NEAR(number(finite["decay_efficiency_at_median"][m]), eps, 1e-12);
        EXPECT_LT(eps, 0.99);
        // and it solves (g / g_ref)^2 eps(g) = mu_up
        double const r = g / 1e-4;
        EXPECT_NEAR(r * r * eps / number(prompt["mu_up_median"][m]), 1, 1e-9);
    }

    // a scan without the bg_T histogram cannot take the option
    auto masses_without = two_masses();
    masses_without[1].betagamma_t.reset();
    test::write_scan(dir / "scan2", 5e7, 1e-4, masses_without);
    opt.scan_dir = dir / "scan2";
    opt.output = dir / "none";
    EXPECT_THROW(run(opt), InputError);
    EXPECT_FALSE(std::filesystem::exists(dir / "none"));
}

TEST(ReachCommand, ThreePhotonComparisonAndWarnings)
{
    test::ScratchDirectory dir;
    std::ofstream(dir / "curve.csv") << "# comment\nm_a_GeV,g_agg_limit_per_GeV\n0.25,4e-4\n1.0,1e-4\n";
    LimitCurve const curve = read_limit_curve_csv(dir / "curve.csv");
    EXPECT_NEAR(*interpolate_log_log(curve, 0.5), 2e-4, 1e-18);  // log-log midpoint
    EXPECT_FALSE(interpolate_log_log(curve, 2.0).has_value());
    std::ofstream(dir / "bad.csv") << "m,g\n1,2\n0.5,3\n";
    EXPECT_THROW(read_limit_curve_csv(dir / "bad.csv"), InputError);

    auto masses = two_masses();
    masses[0].background[2] = 0;  // signal without background: floored
    masses[0].variance[2] = 0;
    masses[1].variance = {50, 100, 200, 150, 80, 1};  // MC error >> Poisson error
    test::write_scan(dir / "scan", 5e7, 1e-4, masses);
    ReachOptions opt = options(dir / "scan", dir / "out", 5e7);
    opt.three_photon_csv = dir / "curve.csv";
    CommandOutput const r = run(opt);
    auto csv = read_csv(dir / "out" / "reach.csv");
    EXPECT_NEAR(number(csv["three_photon_g_limit"][0]), 2e-4, 1e-18);
    EXPECT_NEAR(number(csv["ratio_to_three_photon"][0]), number(csv["g_up_median"][0]) / 2e-4,
                1e-15);
    EXPECT_EQ(csv["three_photon_g_limit"][1], "");  // outside the curve
    EXPECT_EQ(csv["floored_bins"][0], "1");
    EXPECT_EQ(csv["mc_precision_warning"][1], "1");
    EXPECT_NE(r.err.find("m_a = 0.5 GeV: 1 bin(s) with signal but no background"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("m_a = 2 GeV: background MC error"), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("(WARNING)"), std::string::npos);
}
}  // namespace

// A UTF-8 byte-order mark (spreadsheet export) is not a header line: no point is lost
TEST(ReachCommand, LimitCurveWithByteOrderMark)
{
    test::ScratchDirectory dir;
    std::ofstream(dir / "bom.csv") << "\xEF\xBB\xBF" << "0.25,4e-4\n0.5,2e-4\n1.0,1e-4\n";
    LimitCurve const curve = read_limit_curve_csv(dir / "bom.csv");
    EXPECT_EQ(curve.mass_gev, (std::vector<double>{0.25, 0.5, 1.0}));
    try
    {
        read_limit_curve_csv(dir.path());
        ADD_FAILURE() << "a directory read as a curve";
    }
    catch (InputError const& e)
    {
        EXPECT_NE(std::string(e.what()).find("is a directory"), std::string::npos) << e.what();
    }
}

// Every number of the command line in its range, naming the option
TEST(ReachCommand, OptionsOutOfRangeNameTheOption)
{
    struct Bad
    {
        char const* option;
        void (*set)(ReachOptions&);
    };
    for (auto const& [option, set] : std::vector<Bad>{
             {"--cls-level", [](ReachOptions& o) { o.cls_level = std::nan(""); }},
             {"--cls-level", [](ReachOptions& o) { o.cls_level = 0; }},
             {"--cls-level", [](ReachOptions& o) { o.cls_level = 1.5; }},
             {"--background-norm-uncertainty", [](ReachOptions& o) { o.background_norm_uncertainty = -0.1; }},
             {"--background-norm-uncertainty", [](ReachOptions& o) { o.background_norm_uncertainty = INFINITY; }},
             {"--background-norm-uncertainty", [](ReachOptions& o) { o.background_norm_uncertainty = 1; }},
             {"--decay-radius", [](ReachOptions& o) { o.decay_radius_m = INFINITY; }},
             {"--luminosity", [](ReachOptions& o) { o.luminosity_pb = INFINITY; }},
         })
    {
        ReachOptions o;
        o.luminosity_pb = 5e7;
        EXPECT_NO_THROW(validate(o));
        set(o);
        try
        {
            validate(o);
            ADD_FAILURE() << option;
        }
        catch (InputError const& e)
        {
            EXPECT_EQ(std::string(e.what()).rfind(std::string("option ") + option + ": expected", 0), 0u) << e.what();
        }
    }
}
}  // namespace fathom
