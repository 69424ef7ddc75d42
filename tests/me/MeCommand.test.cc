// `fathom me`: reference files evaluated through the command's own reader and checks, and the
// one-line errors for bad files.
#include "me/MeCommand.hh"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "run/InputError.hh"
#include "run/RunFailure.hh"

#include "ReferenceGuard.hh"

namespace fathom
{
namespace
{
std::filesystem::path reference(std::string const& name)
{
    return std::filesystem::path(FATHOM_REFERENCE_DIR) / name;
}

struct TempDir
{
    std::filesystem::path path;
    TempDir()
    {
        path = std::filesystem::temp_directory_path()
               / ("fathom-me-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed())
                  + "-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    std::filesystem::path write(std::string const& name, std::string const& text) const
    {
        std::ofstream(path / name) << text;
        return path / name;
    }
};

std::string error_of(std::filesystem::path const& file, MeOptions const& o)
{
    try
    {
        PointTable t = read_point_table(file);
        std::vector<std::vector<double>> v;
        evaluate_points(t, o, v);
    }
    catch (InputError const& e)
    {
        std::string msg = e.what();
        EXPECT_EQ(msg.find('\n'), std::string::npos);
        return msg;
    }
    return "";
}

MeOptions options(std::string process, double me = 0.000510998950)
{
    MeOptions o = default_me_options();
    o.process = std::move(process);
    o.electron_mass = me;
    return o;
}

// a valid massless ee_ee row
constexpr char const* header
    = "ep_in_E,ep_in_px,ep_in_py,ep_in_pz,em_in_E,em_in_px,em_in_py,em_in_pz,ep_out_E,ep_out_px,"
      "ep_out_py,ep_out_pz,em_out_E,em_out_px,em_out_py,em_out_pz";
constexpr char const* row = "5,0,0,-5,5,0,0,5,5,3,0,4,5,-3,0,-4";
}  // namespace

TEST(MeCommand, ReferenceFilesRoundTripThroughTheCommand)
{
    FATHOM_SKIP_WITHOUT_REFERENCE();
    TempDir tmp;
    struct Case
    {
        char const* file;
        double me;
        bool z;
    } cases[] = {{"ee_ee_massive_qed_rambo.csv", 0.000510998950, false},
                 {"ee_ee_massless_ew_cuts.csv", 0.0, true}};
    for (auto const& c : cases)
    {
        MeOptions o = options("ee_ee", c.me);
        o.z_exchange = c.z;
        auto out = tmp.path / "out.csv";
        run_me_command(reference(c.file), out, o, /*force=*/true);  // one file for both cases
        PointTable in = read_point_table(reference(c.file));
        PointTable res = read_point_table(out);
        ASSERT_EQ(res.cells.size(), in.cells.size());
        // me2 replaced, not duplicated, and moved to the end
        EXPECT_EQ(res.columns.back(), "me2");
        EXPECT_EQ(res.columns.size(), in.columns.size());
        int ref_col = in.column("me2");
        int out_col = res.column("me2");
        double worst = 0;
        for (std::size_t r = 0; r < in.cells.size(); ++r)
        {
            double ref = std::stod(in.cells[r][static_cast<std::size_t>(ref_col)]);
            double got = std::stod(res.cells[r][static_cast<std::size_t>(out_col)]);
            worst = std::max(worst, std::fabs(got / ref - 1));
            // kinematics copied verbatim
            EXPECT_EQ(res.cells[r][0], in.cells[r][0]);
        }
        std::printf("%s via fathom me: worst relative deviation %.2e\n", c.file, worst);
        EXPECT_LT(worst, 1e-10) << c.file;
    }
}

//! Worst relative deviation of `column` between the command's output and the file's value.
double worst_deviation(char const* file, MeOptions const& o, std::string const& column)
{
    PointTable t = read_point_table(reference(file));
    std::vector<std::vector<double>> values;
    auto columns = evaluate_points(t, o, values);
    auto out = std::find(columns.begin(), columns.end(), column);
    EXPECT_NE(out, columns.end()) << column;
    int ref = t.column(column);
    EXPECT_GE(ref, 0) << column;
    if (out == columns.end() || ref < 0)
        return INFINITY;
    double worst = 0;
    for (std::size_t r = 0; r < values.size(); ++r)
    {
        double expect = std::stod(t.cells[r][static_cast<std::size_t>(ref)]);
        double got = values[r][static_cast<std::size_t>(out - columns.begin())];
        worst = std::max(worst, std::fabs(got - expect) / std::fabs(expect));
    }
    return worst;
}

TEST(MeCommand, AlpReferenceFiles)
{
    FATHOM_SKIP_WITHOUT_REFERENCE();
    struct Case
    {
        char const* file;
        char const* process;
        double alp_mass;
        double tolerance;  //!< per the reference README
        std::vector<std::string> columns;
    };
    std::vector<std::string> const parts{"me2", "me2_fusion", "me2_annihilation", "me2_interference"};
    Case const cases[] = {
        {"alp_ee_eeax_m0.5.csv", "alp_fusion", 0.5, 1e-10, parts},
        {"alp_ee_eeax_m1.csv", "alp_fusion", 1.0, 1e-10, parts},
        {"alp_ee_eeax_m5.csv", "alp_fusion", 5.0, 1e-10, parts},
        {"alp_ee_aax_m0.5.csv", "alp_photon", 0.5, 1e-10, {"me2"}},
        {"alp_ee_aax_m1.csv", "alp_photon", 1.0, 1e-10, {"me2"}},
        {"alp_ee_aax_m5.csv", "alp_photon", 5.0, 1e-10, {"me2"}},
        {"alp_ee_eeaa_m1_onshell.csv", "alp_fusion", 1.0, 1e-6, {"me2"}},
        {"alp_ee_eeaa_m1_offshell3w.csv", "alp_fusion", 1.0, 1e-4, {"me2"}},
    };
    for (auto const& c : cases)
    {
        MeOptions o = options(c.process);
        o.alp_mass = c.alp_mass;
        o.g_agg = 1e-4;
        for (auto const& col : c.columns)
        {
            double worst = worst_deviation(c.file, o, col);
            std::printf("%s %s via fathom me: worst relative deviation %.2e (tolerance %.0e)\n", c.file,
                        col.c_str(), worst, c.tolerance);
            EXPECT_LT(worst, c.tolerance) << c.file << " " << col;
        }
    }
}

TEST(MeCommand, RadiativeAndThreePhotonReferenceFiles)
{
    FATHOM_SKIP_WITHOUT_REFERENCE();
    for (char const* proc : {"ee_eea", "ee_eeaa"})
    {
        for (char const* mass : {"massive", "massless"})
        {
            for (char const* coup : {"qed", "ew"})
            {
                for (char const* sample : {"rambo", "cuts"})
                {
                    std::string file = std::string(proc) + "_" + mass + "_" + coup + "_" + sample + ".csv";
                    MeOptions o = options(proc, std::string(mass) == "massive" ? 0.000510998950 : 0.0);
                    o.z_exchange = std::string(coup) == "ew";
                    double worst = worst_deviation(file.c_str(), o, "me2");
                    std::printf("%s via fathom me: worst relative deviation %.2e\n", file.c_str(), worst);
                    EXPECT_LT(worst, 1e-10) << file;
                }
            }
        }
    }
}

TEST(MeCommand, AlpMassMustMatch)
{
    FATHOM_SKIP_WITHOUT_REFERENCE();
    MeOptions o = options("alp_fusion");
    o.alp_mass = 1.01;
    EXPECT_NE(error_of(reference("alp_ee_eeax_m1.csv"), o).find("--alp-mass"), std::string::npos);
}

TEST(MeCommand, BadFilesNameRowAndColumn)
{
    FATHOM_SKIP_WITHOUT_REFERENCE();
    TempDir tmp;
    std::string h = header, r = row;
    MeOptions massless = options("ee_ee", 0.0);
    EXPECT_EQ(error_of(tmp.write("ok.csv", h + "\n" + r + "\n"), massless), "");
    EXPECT_NE(error_of(tmp.path / "missing.csv", massless).find("no such file"), std::string::npos);
    EXPECT_NE(error_of(tmp.write("empty.csv", ""), massless).find("empty"), std::string::npos);
    EXPECT_NE(error_of(tmp.write("dup.csv", h + ",ep_in_E\n" + r + ",5\n"), massless).find("'ep_in_E' appears twice"),
              std::string::npos);
    std::string no_pz = h.substr(0, h.rfind(','));
    std::string r_no_pz = r.substr(0, r.rfind(','));
    EXPECT_NE(error_of(tmp.write("nopz.csv", no_pz + "\n" + r_no_pz + "\n"), massless).find("'em_out_pz'"),
              std::string::npos);
    std::string bad = r;
    bad.replace(bad.find(",3,"), 3, ",x3,");
    EXPECT_NE(error_of(tmp.write("nan.csv", h + "\n" + r + "\n" + bad + "\n"), massless)
                  .find("row 2, column 'ep_out_px': 'x3' is not a number"),
              std::string::npos);
    std::string skew = "5,0,0,-5,5,0,0,5,5,3,0,4,5,-3,0.001,-4";
    EXPECT_NE(error_of(tmp.write("skew.csv", h + "\n" + skew + "\n"), massless).find("not conserved"),
              std::string::npos);
    // a massless file evaluated as massive is an error, not a silent 1e-7 shift
    EXPECT_NE(error_of(tmp.write("ml.csv", h + "\n" + r + "\n"), options("ee_ee")).find("--electron-mass"),
              std::string::npos);
    EXPECT_NE(error_of(reference("ee_ee_massive_qed_cuts.csv"), massless).find("mass"), std::string::npos);
    // particle set that does not fit
    EXPECT_NE(error_of(reference("ee_eea_massive_qed_cuts.csv"), options("ee_ee")).find("do not fit"),
              std::string::npos);
    EXPECT_NE(error_of(tmp.write("ok2.csv", h + "\n" + r + "\n"), options("ee_mumu", 0)).find("unknown process"),
              std::string::npos);
    EXPECT_NE(error_of(tmp.write("typo.csv", h + ",ax1_E\n" + r + ",1\n"), massless).find("'ax1_E'"),
              std::string::npos);
    EXPECT_NE(error_of(tmp.write("short.csv", h + "\n" + "5,0,0\n"), massless).find("row 1 has 3 values"),
              std::string::npos);
}

// Every number of the command line is checked before any point is evaluated, naming the option
// (these wrote me2 = nan, issue 13)
TEST(MeCommand, OptionsOutOfRangeNameTheOption)
{
    TempDir tmp;
    auto const file = tmp.write("ok.csv", std::string(header) + "\n" + row + "\n");
    double const nan = std::nan(""), inf = INFINITY;
    struct Bad
    {
        char const* option;
        double MeOptions::*field;
        double value;
        char const* says;
    };
    for (auto const& [option, field, value, says] : std::vector<Bad>{
             {"--alpha", &MeOptions::alpha, nan, "got nan"},
             {"--alpha", &MeOptions::alpha, inf, "got inf"},
             {"--alpha", &MeOptions::alpha, 0, "got 0"},
             {"--alpha", &MeOptions::alpha, -1, "got -1"},
             {"--electron-mass", &MeOptions::electron_mass, nan, "got nan"},
             {"--electron-mass", &MeOptions::electron_mass, -1e-3, "got -0.001"},
             {"--g-agg", &MeOptions::g_agg, nan, "got nan"},
             {"--g-agg", &MeOptions::g_agg, inf, "got inf"},
             {"--g-agg", &MeOptions::g_agg, -1e-4, "got -1e-04"},
             {"--g-agg", &MeOptions::g_agg, 1e308, "got 1e+308"},
             {"--alp-width", &MeOptions::alp_width, nan, "got nan"},
             {"--alp-width", &MeOptions::alp_width, -1, "got -1"},
             {"--alp-mass", &MeOptions::alp_mass, 0, "got 0"},
             {"--alp-mass", &MeOptions::alp_mass, -1, "got -1"},
             {"--alp-mass", &MeOptions::alp_mass, nan, "got nan"},
         })
    {
        MeOptions o = options("ee_ee", 0.0);
        o.*field = value;
        std::string const msg = error_of(file, o);
        EXPECT_EQ(msg.rfind(std::string("option ") + option + ": expected", 0), 0u) << option << " " << value << ": " << msg;
        EXPECT_NE(msg.find(says), std::string::npos) << msg;
    }
}

// A spreadsheet's UTF-8 byte-order mark is not part of the first column's name; a directory or
// a device is named as such, not as a missing file
TEST(MeCommand, ByteOrderMarkAndNonFiles)
{
    TempDir tmp;
    MeOptions const massless = options("ee_ee", 0.0);
    EXPECT_EQ(error_of(tmp.write("bom.csv", "\xEF\xBB\xBF" + std::string(header) + "\n" + row + "\n"), massless), "");
    EXPECT_NE(error_of(tmp.path, massless).find("is a directory"), std::string::npos);
    EXPECT_NE(error_of("/dev/null", massless).find("is not a regular file"), std::string::npos);
    EXPECT_NE(error_of(tmp.path / "missing.csv", massless).find("no such file"), std::string::npos);
}
}  // namespace fathom

namespace fathom
{
// A point the command cannot evaluate is never written as NaN: an unphysical row is an input
// error naming row and column, a non-finite |M|^2 at a valid point a RunFailure naming the
// row; with mark_failed both are listed and their rows get no values.
TEST(MeCommand, RowsThatCannotBeEvaluated)
{
    TempDir tmp;
    std::string const h = header;
    std::string const good = row;
    std::string const huge = "5e154,0,0,-5e154,5e154,0,0,5e154,5e154,3e154,0,4e154,5e154,-3e154,0,-4e154";
    std::string const zero = "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0";
    std::string const negative = "-5,0,0,-5,5,0,0,5,-5,3,0,4,5,-3,0,-4";
    std::string const forward = "5,0,0,-5,5,0,0,5,5,0,0,-5,5,0,0,5";  // t = 0
    MeOptions massless = options("ee_ee", 0.0);
    EXPECT_NE(error_of(tmp.write("huge.csv", h + "\n" + good + "\n" + huge + "\n"), massless)
                  .find("row 2, column 'ep_in_E': E^2 - p^2 is not finite"),
              std::string::npos);
    EXPECT_NE(error_of(tmp.write("zero.csv", h + "\n" + zero + "\n"), massless)
                  .find("row 1, column 'ep_in_E': energy 0 GeV, expected > 0"),
              std::string::npos);
    EXPECT_NE(error_of(tmp.write("neg.csv", h + "\n" + negative + "\n"), massless)
                  .find("row 1, column 'ep_in_E': energy -5 GeV"),
              std::string::npos);

    PointTable const t = read_point_table(tmp.write("all.csv", h + "\n" + good + "\n" + huge + "\n" + zero + "\n"
                                                                   + forward + "\n"));
    std::vector<std::vector<double>> v;
    try
    {
        PointTable const f = read_point_table(tmp.write("fwd.csv", h + "\n" + good + "\n" + forward + "\n"));
        evaluate_points(f, massless, v);
        ADD_FAILURE() << "a non-finite |M|^2 was accepted";
    }
    catch (RunFailure const& e)
    {
        EXPECT_NE(std::string(e.what()).find("row 2: me2 = "), std::string::npos) << e.what();
    }

    MeOptions mark = massless;
    mark.mark_failed = true;
    std::vector<MeRowFailure> failures;
    evaluate_points(t, mark, v, &failures);
    ASSERT_EQ(v.size(), 4u);
    ASSERT_EQ(v[0].size(), 1u);
    EXPECT_TRUE(std::isfinite(v[0][0]) && v[0][0] > 0);
    EXPECT_TRUE(v[1].empty() && v[2].empty() && v[3].empty());
    ASSERT_EQ(failures.size(), 3u);
    EXPECT_EQ(failures[0].row, 1u);
    EXPECT_EQ(failures[0].status, me_status_invalid);
    EXPECT_EQ(failures[1].status, me_status_invalid);
    EXPECT_EQ(failures[2].row, 3u);
    EXPECT_EQ(failures[2].status, me_status_nonfinite);
    EXPECT_NE(failures[2].message.find("row 4"), std::string::npos);
}
}  // namespace fathom
