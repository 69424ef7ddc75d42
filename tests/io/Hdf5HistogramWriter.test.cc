// Layout checks of the HDF5 writer, reading the file back with the HDF5 C API.
// (The check that hist itself reads the files is tests/python/test_hdf5_uhi.py.)
#include "io/Hdf5HistogramWriter.hh"

#include <csignal>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/resource.h>

#include "Hdf5TestSupport.hh"
#include "ScratchDirectory.hh"

namespace fs = std::filesystem;

namespace fathom
{
namespace
{
//---------------------------------------------------------------------------//
// Reading helpers

using test::Id;

Id open_file(fs::path const& p)
{
    return Id(H5Fopen(p.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
}
Id open_group(hid_t loc, std::string const& name)
{
    return Id(H5Gopen2(loc, name.c_str(), H5P_DEFAULT), H5Gclose);
}
Id open_dataset(hid_t loc, std::string const& name)
{
    return Id(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), H5Dclose);
}
bool has_link(hid_t loc, std::string const& name)
{
    return H5Lexists(loc, name.c_str(), H5P_DEFAULT) > 0;
}

std::vector<std::string> attribute_names(hid_t obj)
{
    std::vector<std::string> names;
    H5Aiterate2(
        obj, H5_INDEX_NAME, H5_ITER_INC, nullptr,
        [](hid_t, char const* name, H5A_info_t const*, void* data) -> herr_t {
            static_cast<std::vector<std::string>*>(data)->push_back(name);
            return 0;
        },
        &names);
    return names;
}

std::vector<std::string> link_names(hid_t group)
{
    std::vector<std::string> names;
    H5Literate(
        group, H5_INDEX_NAME, H5_ITER_INC, nullptr,
        [](hid_t, char const* name, H5L_info_t const*, void* data) -> herr_t {
            static_cast<std::vector<std::string>*>(data)->push_back(name);
            return 0;
        },
        &names);
    return names;
}

//! A scalar variable-length UTF-8 string attribute, as h5py writes str.
std::string string_attribute(hid_t obj, std::string const& name)
{
    Id attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose);
    EXPECT_TRUE(attr.valid()) << name;
    Id type(H5Aget_type(attr), H5Tclose);
    EXPECT_EQ(H5T_STRING, H5Tget_class(type)) << name;
    EXPECT_TRUE(H5Tis_variable_str(type) > 0) << name;
    EXPECT_EQ(H5T_CSET_UTF8, H5Tget_cset(type)) << name;
    Id space(H5Aget_space(attr), H5Sclose);
    EXPECT_EQ(H5S_SCALAR, H5Sget_simple_extent_type(space)) << name;
    char* value = nullptr;
    EXPECT_GE(H5Aread(attr, type, &value), 0) << name;
    std::string result = value ? value : "";
    H5free_memory(value);
    return result;
}

std::int64_t int_attribute(hid_t obj, std::string const& name)
{
    Id attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose);
    Id type(H5Aget_type(attr), H5Tclose);
    EXPECT_EQ(H5T_INTEGER, H5Tget_class(type)) << name;
    EXPECT_EQ(8u, H5Tget_size(type)) << name;
    std::int64_t value = -1;
    EXPECT_GE(H5Aread(attr, H5T_NATIVE_INT64, &value), 0) << name;
    return value;
}

double double_attribute(hid_t obj, std::string const& name)
{
    Id attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose);
    Id type(H5Aget_type(attr), H5Tclose);
    EXPECT_EQ(H5T_FLOAT, H5Tget_class(type)) << name;
    EXPECT_EQ(8u, H5Tget_size(type)) << name;
    double value = -1;
    EXPECT_GE(H5Aread(attr, H5T_NATIVE_DOUBLE, &value), 0) << name;
    return value;
}

//! A bool attribute as h5py writes numpy bools: int8 enum {FALSE = 0, TRUE = 1}.
bool bool_attribute(hid_t obj, std::string const& name)
{
    Id attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose);
    Id type(H5Aget_type(attr), H5Tclose);
    EXPECT_EQ(H5T_ENUM, H5Tget_class(type)) << name;
    EXPECT_EQ(2, H5Tget_nmembers(type)) << name;
    EXPECT_EQ(1u, H5Tget_size(type)) << name;
    for (unsigned i = 0; i < 2; ++i)
    {
        char* member = H5Tget_member_name(type, i);
        std::int8_t v = -1;
        H5Tget_member_value(type, i, &v);
        EXPECT_EQ(i == 0 ? "FALSE" : "TRUE", std::string(member)) << name;
        EXPECT_EQ(static_cast<std::int8_t>(i), v) << name;
        H5free_memory(member);
    }
    std::int8_t value = -1;
    EXPECT_GE(H5Aread(attr, H5T_NATIVE_INT8, &value), 0) << name;
    EXPECT_TRUE(value == 0 || value == 1) << name;
    return value == 1;
}

struct DoubleArray
{
    std::vector<hsize_t> shape;
    std::vector<double> data;
};

DoubleArray read_doubles(hid_t loc, std::string const& name)
{
    DoubleArray result;
    Id dset = open_dataset(loc, name);
    EXPECT_TRUE(dset.valid()) << name;
    Id type(H5Dget_type(dset), H5Tclose);
    EXPECT_EQ(H5T_FLOAT, H5Tget_class(type)) << name;
    EXPECT_EQ(8u, H5Tget_size(type)) << name;
    Id space(H5Dget_space(dset), H5Sclose);
    int rank = H5Sget_simple_extent_ndims(space);
    result.shape.resize(static_cast<std::size_t>(rank));
    H5Sget_simple_extent_dims(space, result.shape.data(), nullptr);
    result.data.resize(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
    EXPECT_GE(H5Dread(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, result.data.data()),
              0);
    return result;
}

//! Paths of the objects that the "axes" reference dataset points to, in order.
std::vector<std::string> axis_reference_targets(hid_t hist_group)
{
    Id dset = open_dataset(hist_group, "axes");
    Id type(H5Dget_type(dset), H5Tclose);
    EXPECT_EQ(H5T_REFERENCE, H5Tget_class(type));
    EXPECT_GT(H5Tequal(type, H5T_STD_REF_OBJ), 0);
    Id space(H5Dget_space(dset), H5Sclose);
    EXPECT_EQ(1, H5Sget_simple_extent_ndims(space));
    std::vector<hobj_ref_t> refs(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
    EXPECT_GE(H5Dread(dset, H5T_STD_REF_OBJ, H5S_ALL, H5S_ALL, H5P_DEFAULT, refs.data()), 0);
    std::vector<std::string> paths;
    for (auto& ref : refs)
    {
        Id obj(H5Rdereference2(dset, H5P_DEFAULT, H5R_OBJECT, &ref), H5Oclose);
        char name[256] = {};
        H5Iget_name(obj, name, sizeof(name));
        paths.push_back(name);
    }
    return paths;
}

//! Layout of a dataset's storage and whether it is gzip compressed.
std::pair<H5D_layout_t, bool> storage_layout(hid_t loc, std::string const& name)
{
    Id dset = open_dataset(loc, name);
    Id dcpl(H5Dget_create_plist(dset), H5Pclose);
    bool deflate = false;
    int nfilters = H5Pget_nfilters(dcpl);
    for (int i = 0; i < nfilters; ++i)
    {
        unsigned flags = 0;
        std::size_t nelem = 0;
        unsigned config = 0;
        if (H5Pget_filter2(dcpl, static_cast<unsigned>(i), &flags, &nelem, nullptr, 0, nullptr,
                           &config)
            == H5Z_FILTER_DEFLATE)
            deflate = true;
    }
    return {H5Pget_layout(dcpl), deflate};
}

ssize_t open_hdf5_objects()
{
    return H5Fget_obj_count(static_cast<hid_t>(H5F_OBJ_ALL), H5F_OBJ_ALL);
}

//---------------------------------------------------------------------------//
// Test histograms

HistogramData make_1d()
{
    HistogramData h;
    h.spec.name = "cos_theta";
    h.spec.title = "Angular distribution";
    h.spec.axes.push_back({"cos_theta_em", "cos \xce\xb8(e-) [CM]", false, 4, -1.0, 1.0, {}});
    h.unit = "pb";
    for (int i = 0; i < 6; ++i)
    {
        h.values.push_back(0.5 * i - 1.0);
        h.variances.push_back(0.25 * i);
    }
    return h;
}

HistogramData make_2d()
{
    HistogramData h;
    h.spec.name = "mass_vs_angle";
    h.spec.title = "m(mu mu) vs cos theta";
    h.spec.axes.push_back({"m_mumu", "m(mu mu) [GeV]", false, 3, 0.0, 90.0, {}});
    h.spec.axes.push_back({"cos_theta", "cos theta", true, 2, 0, 0, {-1.0, 0.25, 1.0}});
    h.unit = "fb";
    for (int i = 0; i < 5 * 4; ++i)
    {
        h.values.push_back(i + 0.125);
        h.variances.push_back(2.0 * i);
    }
    return h;
}

class Hdf5HistogramWriterTest : public ::testing::Test
{
  protected:
    void TearDown() override { EXPECT_EQ(0, open_hdf5_objects()); }

    test::ScratchDirectory scratch;
    fs::path file = scratch / "hists.h5";
};

//---------------------------------------------------------------------------//
TEST_F(Hdf5HistogramWriterTest, layout)
{
    write_histograms_hdf5(file, {make_1d(), make_2d()},
                          {{"fathom_version", "0.1.0"},
                           {"run_card", "[run]\nevents = 10\n"},
                           {"m_a_gev", 0.5},
                           {"seed", std::int64_t{7}}});
    EXPECT_EQ(std::vector<std::string>{"hists.h5"}, test::list_directory(scratch.path()));

    Id f = open_file(file);
    ASSERT_TRUE(f.valid());
    EXPECT_EQ((std::vector<std::string>{"fathom_version", "m_a_gev", "run_card", "seed"}), attribute_names(f));
    EXPECT_EQ("0.1.0", string_attribute(f, "fathom_version"));
    EXPECT_EQ("[run]\nevents = 10\n", string_attribute(f, "run_card"));
    // numbers are stored as numbers (the helpers check the HDF5 type class)
    EXPECT_EQ(0.5, double_attribute(f, "m_a_gev"));
    EXPECT_EQ(7, int_attribute(f, "seed"));
    EXPECT_EQ((std::vector<std::string>{"cos_theta", "mass_vs_angle"}), link_names(f));

    // 1D regular
    {
        Id g = open_group(f, "cos_theta");
        EXPECT_EQ(std::vector<std::string>{"uhi_schema"}, attribute_names(g));
        EXPECT_EQ(1, int_attribute(g, "uhi_schema"));
        EXPECT_EQ((std::vector<std::string>{"axes", "metadata", "ref_axes", "storage"}),
                  link_names(g));

        Id meta = open_group(g, "metadata");
        EXPECT_EQ("cos_theta", string_attribute(meta, "name"));
        EXPECT_EQ("Angular distribution", string_attribute(meta, "title"));
        EXPECT_EQ("pb", string_attribute(meta, "unit"));

        EXPECT_EQ(std::vector<std::string>{"/cos_theta/ref_axes/axis_0"},
                  axis_reference_targets(g));
        Id axis = open_group(g, "ref_axes/axis_0");
        EXPECT_EQ((std::vector<std::string>{"bins", "circular", "lower", "overflow", "type",
                                            "underflow", "upper"}),
                  attribute_names(axis));
        EXPECT_EQ("regular", string_attribute(axis, "type"));
        EXPECT_EQ(4, int_attribute(axis, "bins"));
        EXPECT_EQ(-1.0, double_attribute(axis, "lower"));
        EXPECT_EQ(1.0, double_attribute(axis, "upper"));
        EXPECT_TRUE(bool_attribute(axis, "underflow"));
        EXPECT_TRUE(bool_attribute(axis, "overflow"));
        EXPECT_FALSE(bool_attribute(axis, "circular"));
        EXPECT_FALSE(has_link(axis, "edges"));
        Id axis_meta = open_group(axis, "metadata");
        EXPECT_EQ("cos_theta_em", string_attribute(axis_meta, "name"));
        EXPECT_EQ("cos \xce\xb8(e-) [CM]", string_attribute(axis_meta, "label"));

        Id storage = open_group(g, "storage");
        EXPECT_EQ("weighted", string_attribute(storage, "type"));
        EXPECT_EQ((std::vector<std::string>{"values", "variances"}), link_names(storage));
        auto values = read_doubles(storage, "values");
        auto variances = read_doubles(storage, "variances");
        EXPECT_EQ(std::vector<hsize_t>{6}, values.shape);
        EXPECT_EQ(std::vector<hsize_t>{6}, variances.shape);
        EXPECT_EQ(make_1d().values, values.data);
        EXPECT_EQ(make_1d().variances, variances.data);
    }

    // 2D regular x variable
    {
        Id g = open_group(f, "mass_vs_angle");
        EXPECT_EQ((std::vector<std::string>{"/mass_vs_angle/ref_axes/axis_0",
                                            "/mass_vs_angle/ref_axes/axis_1"}),
                  axis_reference_targets(g));
        Id axis0 = open_group(g, "ref_axes/axis_0");
        EXPECT_EQ("regular", string_attribute(axis0, "type"));
        EXPECT_EQ(90.0, double_attribute(axis0, "upper"));

        Id axis1 = open_group(g, "ref_axes/axis_1");
        // the UHI variable axis has no bins/lower/upper: the edges say it all
        EXPECT_EQ((std::vector<std::string>{"circular", "overflow", "type", "underflow"}),
                  attribute_names(axis1));
        EXPECT_EQ("variable", string_attribute(axis1, "type"));
        auto edges = read_doubles(axis1, "edges");
        EXPECT_EQ(std::vector<hsize_t>{3}, edges.shape);
        EXPECT_EQ((std::vector<double>{-1.0, 0.25, 1.0}), edges.data);
        Id axis1_meta = open_group(axis1, "metadata");
        EXPECT_EQ("cos_theta", string_attribute(axis1_meta, "name"));
        EXPECT_EQ("cos theta", string_attribute(axis1_meta, "label"));

        Id storage = open_group(g, "storage");
        auto values = read_doubles(storage, "values");
        EXPECT_EQ((std::vector<hsize_t>{5, 4}), values.shape);  // C order, flow bins included
        EXPECT_EQ(make_2d().values, values.data);
        EXPECT_EQ(make_2d().variances, read_doubles(storage, "variances").data);
        EXPECT_EQ("fb", string_attribute(open_group(g, "metadata"), "unit"));
    }
}

TEST_F(Hdf5HistogramWriterTest, compression)
{
    HistogramData big;
    big.spec.name = "big";
    big.spec.axes.push_back({"x", "x", false, 300, 0.0, 1.0, {}});
    big.spec.axes.push_back({"y", "y", false, 298, 0.0, 1.0, {}});  // 302 x 300 = 90600 bins
    big.values.resize(num_bins_with_flow(big.spec));
    big.variances.resize(big.values.size());
    for (std::size_t i = 0; i < big.values.size(); ++i)
    {
        big.values[i] = static_cast<double>(i % 97) * 0.5;
        big.variances[i] = static_cast<double>(i % 89);
    }
    HistogramData small = make_1d();

    write_histograms_hdf5(file, {big, small});  // default: gzip 4 above 1000 elements
    {
        Id f = open_file(file);
        EXPECT_EQ(std::make_pair(H5D_CHUNKED, true), storage_layout(f, "big/storage/values"));
        EXPECT_EQ(std::make_pair(H5D_CHUNKED, true), storage_layout(f, "big/storage/variances"));
        EXPECT_EQ(std::make_pair(H5D_CONTIGUOUS, false),
                  storage_layout(f, "cos_theta/storage/values"));
        auto values = read_doubles(f, "big/storage/values");
        EXPECT_EQ((std::vector<hsize_t>{302, 300}), values.shape);
        EXPECT_EQ(big.values, values.data);
        EXPECT_EQ(big.variances, read_doubles(f, "big/storage/variances").data);
    }
    auto compressed_size = fs::file_size(file);

    Hdf5WriteOptions plain;
    plain.gzip_level = 0;
    write_histograms_hdf5(file, {big, small}, {}, plain);  // replaces the file
    {
        Id f = open_file(file);
        EXPECT_EQ(std::make_pair(H5D_CONTIGUOUS, false), storage_layout(f, "big/storage/values"));
        EXPECT_EQ(big.values, read_doubles(f, "big/storage/values").data);
    }
    EXPECT_LT(compressed_size, fs::file_size(file) / 4);
}

TEST_F(Hdf5HistogramWriterTest, byte_identical_for_equal_input)
{
    write_histograms_hdf5(scratch / "a.h5", {make_1d(), make_2d()}, {{"k", "v"}});
    write_histograms_hdf5(scratch / "b.h5", {make_1d(), make_2d()}, {{"k", "v"}});
    auto read_all = [](fs::path const& p) {
        std::ifstream in(p, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    std::string a = read_all(scratch / "a.h5");
    EXPECT_FALSE(a.empty());
    EXPECT_TRUE(a == read_all(scratch / "b.h5"));
}

TEST_F(Hdf5HistogramWriterTest, invalid_input)
{
    auto expect_error = [&](std::vector<HistogramData> const& hists, std::string const& what,
                            std::vector<FileAttribute> const& attrs = {}) {
        try
        {
            write_histograms_hdf5(file, hists, attrs);
            ADD_FAILURE() << "no error for: " << what;
        }
        catch (std::runtime_error const& e)
        {
            std::string msg = e.what();
            EXPECT_NE(std::string::npos, msg.find(file.string())) << msg;
            EXPECT_NE(std::string::npos, msg.find(what)) << msg;
            EXPECT_EQ(std::string::npos, msg.find('\n')) << msg;
        }
        EXPECT_TRUE(test::list_directory(scratch.path()).empty());
    };

    auto h = make_1d();
    h.values.pop_back();
    expect_error({h}, "has 5 values and 6 variances, but its axes need 6 bins");

    expect_error({make_1d(), make_1d()}, "'cos_theta' is used twice");

    h = make_1d();
    h.spec.name = "a/b";
    expect_error({h}, "not a valid HDF5 group name");
    h.spec.name = "";
    expect_error({h}, "not a valid HDF5 group name");

    h = make_2d();
    h.spec.axes[1].edges = {-1.0, 1.0, 0.5};
    expect_error({h}, "edges are not finite and strictly increasing");
    h.spec.axes[1].edges = {-1.0, 1.0};
    expect_error({h}, "has 2 edges for 2 bins");

    h = make_1d();
    h.spec.axes[0].upper = h.spec.axes[0].lower;
    expect_error({h}, "range is not finite and increasing");

    h = make_2d();
    h.spec.axes[1].observable = h.spec.axes[0].observable;
    expect_error({h}, "axis 1 repeats observable 'm_mumu'");

    h = make_1d();
    h.spec.axes.clear();
    expect_error({h}, "has 0 axes");

    expect_error({make_1d()}, "given twice", {{"a", "1"}, {"a", "2"}});
}

TEST_F(Hdf5HistogramWriterTest, unwritable_location)
{
    fs::path bad = scratch / "missing_dir" / "h.h5";
    try
    {
        write_histograms_hdf5(bad, {make_1d()});
        ADD_FAILURE() << "no error";
    }
    catch (std::runtime_error const& e)
    {
        std::string msg = e.what();
        EXPECT_NE(std::string::npos, msg.find(bad.string())) << msg;
        EXPECT_NE(std::string::npos, msg.find("creating temporary file")) << msg;
        EXPECT_EQ(std::string::npos, msg.find('\n')) << msg;
    }
    EXPECT_TRUE(test::list_directory(scratch.path()).empty());
}

TEST_F(Hdf5HistogramWriterTest, failure_while_writing)
{
    // A file size limit makes the write fail half way (as a full disk would): the error must
    // name the file and the cause, and no file or open handle may remain.
    HistogramData big;
    big.spec.name = "big";
    big.spec.axes.push_back({"x", "x", false, 100000, 0.0, 1.0, {}});
    big.values.assign(num_bins_with_flow(big.spec), 1.5);
    big.variances = big.values;
    Hdf5WriteOptions plain;
    plain.gzip_level = 0;

    rlimit old_limit{};
    ASSERT_EQ(0, getrlimit(RLIMIT_FSIZE, &old_limit));
    auto old_handler = std::signal(SIGXFSZ, SIG_IGN);  // get EFBIG instead of a signal
    rlimit small = old_limit;
    small.rlim_cur = 64 * 1024;
    ASSERT_EQ(0, setrlimit(RLIMIT_FSIZE, &small));
    std::string msg;
    try
    {
        write_histograms_hdf5(file, {make_1d(), big}, {}, plain);
    }
    catch (std::runtime_error const& e)
    {
        msg = e.what();
    }
    setrlimit(RLIMIT_FSIZE, &old_limit);
    std::signal(SIGXFSZ, old_handler);

    EXPECT_NE(std::string::npos, msg.find(file.string())) << msg;
    EXPECT_EQ(std::string::npos, msg.find('\n')) << msg;
    EXPECT_TRUE(test::list_directory(scratch.path()).empty());
    EXPECT_NE(std::string::npos, msg.find("File too large")) << msg;
    EXPECT_EQ(0, open_hdf5_objects());

    // and the library is still usable afterwards
    write_histograms_hdf5(file, {make_1d(), big}, {}, plain);
    Id f = open_file(file);
    EXPECT_EQ(big.values, read_doubles(f, "big/storage/values").data);
}

TEST_F(Hdf5HistogramWriterTest, empty_list_and_large_attribute)
{
    // attributes are limited to 64 KiB, but variable-length strings live in the global heap
    std::string run_card(300000, 'x');
    write_histograms_hdf5(file, {}, {{"note", "no histograms"}, {"run_card \u2713", run_card}});
    Id f = open_file(file);
    EXPECT_TRUE(link_names(f).empty());
    EXPECT_EQ("no histograms", string_attribute(f, "note"));
    EXPECT_EQ(run_card, string_attribute(f, "run_card \u2713"));
}
}  // namespace
}  // namespace fathom
