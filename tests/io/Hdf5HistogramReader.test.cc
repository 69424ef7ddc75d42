#include "io/Hdf5HistogramReader.hh"

#include <fstream>

#include <gtest/gtest.h>
#include <hdf5.h>

#include "ScratchDirectory.hh"
#include "io/Hdf5HistogramWriter.hh"
#include "run/InputError.hh"

namespace fathom
{
namespace
{
HistogramData two_axis_histogram()
{
    HistogramData h;
    h.spec.name = "signal.tplus_mgg";
    h.spec.title = "t+ vs m(gg)";
    h.spec.weight = "fusion";
    AxisSpec a;
    a.observable = "t_plus";
    a.label = "t+ [GeV^2]";
    a.variable = true;
    a.bins = 3;
    a.edges = {1e-4, 1e-3, 1e-2, 1e-1};
    AxisSpec b;
    b.observable = "m_gg";
    b.label = "m(gg) [GeV]";
    b.bins = 2;
    b.lower = 0.9;
    b.upper = 1.1;
    h.spec.axes = {a, b};
    for (int i = 0; i < 5 * 4; ++i)
    {
        h.values.push_back(0.5 * i + 0.125);
        h.variances.push_back(0.01 * i * i);
    }
    h.unit = "events";
    return h;
}

std::string read_error(std::filesystem::path const& file, std::string const& name)
{
    try
    {
        read_histogram_hdf5(file, name);
    }
    catch (InputError const& e)
    {
        return e.what();
    }
    return {};
}

TEST(Hdf5HistogramReader, RoundTripsTheWriter)
{
    test::ScratchDirectory dir;
    HistogramData const h = two_axis_histogram();
    HistogramData other = h;
    other.spec.name = "background.tplus_mgg";
    // large enough to be chunked and compressed by the writer
    other.spec.axes[0].bins = 999;
    other.spec.axes[0].edges.clear();
    for (int i = 0; i <= 999; ++i)
        other.spec.axes[0].edges.push_back(i * 0.5);
    other.values.assign(1001 * 4, 2.5);
    other.variances.assign(1001 * 4, 0.25);
    write_histograms_hdf5(dir / "h.h5", {h, other});

    HistogramData const back = read_histogram_hdf5(dir / "h.h5", h.spec.name);
    EXPECT_EQ(back.spec.name, h.spec.name);
    EXPECT_EQ(back.spec.title, h.spec.title);
    EXPECT_EQ(back.spec.weight, h.spec.weight);
    EXPECT_EQ(back.unit, h.unit);
    ASSERT_EQ(back.spec.axes.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i)
    {
        auto const& x = back.spec.axes[i];
        auto const& y = h.spec.axes[i];
        EXPECT_EQ(x.observable, y.observable);
        EXPECT_EQ(x.label, y.label);
        EXPECT_EQ(x.variable, y.variable);
        EXPECT_EQ(x.bins, y.bins);
        EXPECT_EQ(x.edges, y.edges);
        if (!y.variable)
        {
            EXPECT_EQ(x.lower, y.lower);
            EXPECT_EQ(x.upper, y.upper);
        }
    }
    EXPECT_EQ(back.values, h.values);  // bit for bit, flow bins included
    EXPECT_EQ(back.variances, h.variances);

    HistogramData const big = read_histogram_hdf5(dir / "h.h5", other.spec.name);
    EXPECT_EQ(big.values, other.values);
    EXPECT_EQ(big.spec.axes[0].edges, other.spec.axes[0].edges);

    EXPECT_EQ(list_histograms_hdf5(dir / "h.h5"),
              (std::vector<std::string>{"background.tplus_mgg", "signal.tplus_mgg"}));
}

TEST(Hdf5HistogramReader, ErrorsNameFileAndGroup)
{
    test::ScratchDirectory dir;
    write_histograms_hdf5(dir / "h.h5", {two_axis_histogram()});
    std::string const file = (dir / "h.h5").string();
    EXPECT_EQ(read_error(dir / "h.h5", "background.x"),
              "cannot read HDF5 file '" + file + "': histogram 'background.x': no such group");
    EXPECT_EQ(read_error(dir / "nope.h5", "a"),
              "cannot read HDF5 file '" + (dir / "nope.h5").string() + "': no such file");
    std::ofstream(dir / "text.h5") << "not hdf5\n";
    EXPECT_NE(read_error(dir / "text.h5", "a").find("not an HDF5 file"), std::string::npos);
    EXPECT_THROW(list_histograms_hdf5(dir / "nope.h5"), InputError);
}

TEST(Hdf5HistogramReader, WrongShapeIsRefused)
{
    test::ScratchDirectory dir;
    HistogramData h = two_axis_histogram();
    write_histograms_hdf5(dir / "h.h5", {h});
    // Rewrite the values dataset with a shape that does not fit the axes.
    {
        hid_t f = H5Fopen((dir / "h.h5").c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
        ASSERT_GE(f, 0);
        ASSERT_GE(H5Ldelete(f, "signal.tplus_mgg/storage/values", H5P_DEFAULT), 0);
        hsize_t dims[2] = {5, 3};
        hid_t space = H5Screate_simple(2, dims, nullptr);
        hid_t d = H5Dcreate2(f, "signal.tplus_mgg/storage/values", H5T_IEEE_F64LE, space,
                             H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        std::vector<double> zeros(15, 0.0);
        H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, zeros.data());
        H5Dclose(d);
        H5Sclose(space);
        H5Fclose(f);
    }
    std::string const e = read_error(dir / "h.h5", "signal.tplus_mgg");
    EXPECT_NE(e.find("'" + (dir / "h.h5").string() + "'"), std::string::npos) << e;
    EXPECT_NE(e.find("histogram 'signal.tplus_mgg': dataset 'values' has shape (5, 3), but the "
                     "axes need (5, 4)"),
              std::string::npos)
        << e;
}
}  // namespace
}  // namespace fathom
