#include "reach/ScanReader.hh"

#include <gtest/gtest.h>

#include "../io/ScratchDirectory.hh"
#include "ScanTestSupport.hh"
#include "run/InputError.hh"

namespace fathom
{
namespace
{
using test::TestMass;

std::vector<TestMass> two_masses()
{
    TestMass a;
    a.m_a_gev = 0.5;
    a.signal = {0.1, 1.5, 3.25, 0.0};
    a.background = {7.0, 20.0, 30.5, 0.3};
    a.variance = {0.5, 1.0, 2.0, 0.01};
    a.betagamma_t = test::betagamma_hist({0.1, 1.0, 10.0}, {0.0, 2.0, 1.0, 0.5});
    TestMass b = a;
    b.m_a_gev = 2.0;
    b.signal = {0.0, 0.7, 0.2, 0.05};
    b.betagamma_t.reset();
    return {a, b};
}

std::string scan_error(std::filesystem::path const& dir)
{
    try
    {
        read_scan(dir, 5e7);
    }
    catch (InputError const& e)
    {
        return e.what();
    }
    return {};
}

TEST(ScanReader, RescalesExactlyToTheRequestedLuminosity)
{
    test::ScratchDirectory dir;
    auto const masses = two_masses();
    test::write_scan(dir.path(), 5e7, 1e-4, masses);
    double const lumi = 1.5e8;
    double const f = lumi / 5e7;
    ScanData const scan = read_scan(dir.path(), lumi);
    EXPECT_EQ(scan.scan_luminosity_pb, 5e7);
    EXPECT_EQ(scan.luminosity_pb, lumi);
    EXPECT_EQ(scan.g_ref_per_gev, 1e-4);
    EXPECT_EQ(scan.analysis_histogram, "mgg");
    ASSERT_EQ(scan.masses.size(), 2u);
    for (std::size_t m = 0; m < 2; ++m)
    {
        auto const& p = scan.masses[m];
        EXPECT_EQ(p.m_a_gev, masses[m].m_a_gev);
        EXPECT_EQ(p.directory, test::mass_directory(masses[m].m_a_gev));
        EXPECT_EQ(p.input.g_ref, 1e-4);
        ASSERT_EQ(p.input.signal.size(), 4u);  // flow bins included
        for (std::size_t i = 0; i < 4; ++i)
        {
            EXPECT_EQ(p.input.signal[i], masses[m].signal[i] * f);
            EXPECT_EQ(p.input.background[i], masses[m].background[i] * f);
            EXPECT_EQ(p.input.background_variance[i], masses[m].variance[i] * (f * f));
        }
    }
    ASSERT_TRUE(scan.masses[0].betagamma_t.has_value());
    EXPECT_EQ(scan.masses[0].betagamma_t->values,
              (std::vector<double>{0.0, 2.0 * f, 1.0 * f, 0.5 * f}));
    EXPECT_FALSE(scan.masses[1].betagamma_t.has_value());
}

TEST(ScanReader, BadScansAreInputErrorsNamingTheFile)
{
    test::ScratchDirectory dir;
    auto masses = two_masses();

    test::write_scan(dir / "fmt", 5e7, 1e-4, masses, "fathom-scan-0");
    EXPECT_EQ(scan_error(dir / "fmt"), "scan index '" + (dir / "fmt" / "index.json").string()
                                           + "': format is 'fathom-scan-0', fathom reads "
                                             "'fathom-scan-1' to 'fathom-scan-3'");

    test::write_scan(dir / "nodir", 5e7, 1e-4, masses);
    std::filesystem::remove_all(dir / "nodir" / "m_a_2.0000GeV");
    std::string e = scan_error(dir / "nodir");
    EXPECT_NE(e.find((dir / "nodir" / "index.json").string()), std::string::npos) << e;
    EXPECT_NE(e.find("masses[1]: mass directory '" + (dir / "nodir" / "m_a_2.0000GeV").string()
                     + "' does not exist"),
              std::string::npos)
        << e;

    masses[1].with_background = false;
    test::write_scan(dir / "nohist", 5e7, 1e-4, masses);
    e = scan_error(dir / "nohist");
    EXPECT_EQ(e, "cannot read HDF5 file '"
                     + (dir / "nohist" / "m_a_2.0000GeV" / "histograms.h5").string()
                     + "': histogram 'background.mgg': no such group");

    EXPECT_NE(scan_error(dir / "absent").find("does not exist"), std::string::npos);
    std::filesystem::create_directories(dir / "empty");
    EXPECT_NE(scan_error(dir / "empty").find("has no index.json"), std::string::npos);
}
}  // namespace
}  // namespace fathom
