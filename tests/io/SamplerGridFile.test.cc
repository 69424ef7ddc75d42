// The sampler grid file: round trip, layout, refusal of grids that do not match the run, and
// of files that are not (consistent) grids.
#include "io/SamplerGridFile.hh"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/stat.h>
#include <unistd.h>

#include "Hdf5TestSupport.hh"
#include "ScratchDirectory.hh"
#include "io/Hdf5HistogramWriter.hh"
#include "run/InputError.hh"

namespace fs = std::filesystem;

namespace fathom
{
namespace
{
//---------------------------------------------------------------------------//
// Helpers

using test::Id;

ssize_t open_hdf5_objects()
{
    return H5Fget_obj_count(static_cast<hid_t>(H5F_OBJ_ALL), H5F_OBJ_ALL);
}

std::uint64_t bits(double d)
{
    std::uint64_t u;
    std::memcpy(&u, &d, sizeof(u));
    return u;
}

std::vector<std::uint64_t> bits(std::vector<double> const& v)
{
    std::vector<std::uint64_t> out;
    for (double d : v)
        out.push_back(bits(d));
    return out;
}

std::vector<std::string> names_of(hid_t obj, bool attributes)
{
    std::vector<std::string> names;
    if (attributes)
        H5Aiterate2(
            obj, H5_INDEX_NAME, H5_ITER_INC, nullptr,
            [](hid_t, char const* name, H5A_info_t const*, void* data) -> herr_t {
                static_cast<std::vector<std::string>*>(data)->push_back(name);
                return 0;
            },
            &names);
    else
        H5Literate(
            obj, H5_INDEX_NAME, H5_ITER_INC, nullptr,
            [](hid_t, char const* name, H5L_info_t const*, void* data) -> herr_t {
                static_cast<std::vector<std::string>*>(data)->push_back(name);
                return 0;
            },
            &names);
    return names;
}

//! Edges of one dimension with `bins` bins: 0, uneven interior values, 1.
std::vector<double> uneven_edges(unsigned bins, double seed)
{
    std::vector<double> e(bins + 1);
    e[0] = 0.0;
    e[bins] = 1.0;
    double acc = 0;
    std::vector<double> w(bins);
    for (unsigned i = 0; i < bins; ++i)
        acc += (w[i] = 1.0 + std::sin(seed * (i + 1)) * 0.7 + 1e-3 / 3.0);
    double run = 0;
    for (unsigned i = 1; i < bins; ++i)
    {
        run += w[i - 1];
        e[i] = run / acc;
    }
    return e;
}

//! A grid with values that do not survive any decimal or single-precision detour.
SamplerGrid make_grid()
{
    SamplerGrid g;
    g.process = "ee_eeaa";
    g.settings = {{"beams", "energy = 5.29\nenergy_2 = 3.5 # GeV\n"},
                  {"process", "charge = \"é\""},  // UTF-8
                  {"cuts", "theta_min = 17\ntheta_max = 150\n[[cuts.particle]]\npt_min = 0.1\n"},
                  {"phase_space", "pair_mass_min = 0.1, pair_mass_max = 10.58"}};
    g.channel_names = {"t_channel", "flat", "s_channel"};
    g.channel_ndim = {2, 0, 3};
    g.bins = 7;
    g.alpha = {1.0 / 3.0, 0.1, 0.0};
    g.alpha[2] = 1.0 - g.alpha[0] - g.alpha[1];
    for (std::size_t c = 0; c < g.channel_ndim.size(); ++c)
    {
        for (unsigned d = 0; d < g.channel_ndim[c]; ++d)
        {
            auto e = uneven_edges(g.bins, 0.37 + c + 0.11 * d);
            e[1] = std::nextafter(e[1], 1.0);  // last-bit detail
            g.edges.insert(g.edges.end(), e.begin(), e.end());
        }
    }
    g.adaptation_events = (std::uint64_t{1} << 53) + 7;  // not representable as a double
    return g;
}

//! Run `f`; expect InputError whose one-line message contains every one of `parts`.
void expect_input_error(std::function<void()> const& f, std::vector<std::string> const& parts)
{
    try
    {
        f();
        ADD_FAILURE() << "no error; expected one mentioning '" << parts.front() << "'";
    }
    catch (InputError const& e)
    {
        std::string msg = e.what();
        for (auto const& p : parts)
            EXPECT_NE(std::string::npos, msg.find(p)) << "'" << p << "' not in: " << msg;
        EXPECT_EQ(std::string::npos, msg.find('\n')) << msg;
    }
    catch (std::exception const& e)
    {
        ADD_FAILURE() << "not an InputError: " << e.what();
    }
}

class SamplerGridFileTest : public ::testing::Test
{
  protected:
    void TearDown() override { EXPECT_EQ(0, open_hdf5_objects()); }

    //! Write a good grid, then change the file with raw HDF5 calls.
    void write_and_edit(std::function<void(hid_t)> const& edit)
    {
        write_sampler_grid(file, make_grid());
        Id f(H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose);
        ASSERT_TRUE(f.valid());
        edit(f);
    }

    test::ScratchDirectory scratch;
    fs::path file = scratch / "grid.h5";
};

void replace_double_dataset(hid_t f, char const* name, std::vector<double> const& values)
{
    ASSERT_GE(H5Ldelete(f, name, H5P_DEFAULT), 0);
    hsize_t n = values.size();
    Id space(H5Screate_simple(1, &n, nullptr), H5Sclose);
    Id d(H5Dcreate2(f, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
         H5Dclose);
    ASSERT_TRUE(d.valid());
    if (n)
    {
        ASSERT_GE(H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
                  0);
    }
}

void replace_int_attribute(hid_t obj, char const* name, std::int64_t value)
{
    ASSERT_GE(H5Adelete(obj, name), 0);
    Id space(H5Screate(H5S_SCALAR), H5Sclose);
    Id a(H5Acreate2(obj, name, H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    ASSERT_GE(H5Awrite(a, H5T_NATIVE_INT64, &value), 0);
}

//---------------------------------------------------------------------------//
TEST_F(SamplerGridFileTest, round_trip_bit_exact)
{
    SamplerGrid const g = make_grid();
    write_sampler_grid(file, g);
    EXPECT_EQ(std::vector<std::string>{"grid.h5"}, test::list_directory(scratch.path()));

    SamplerGrid const r = read_sampler_grid(file);
    EXPECT_EQ(g.process, r.process);
    EXPECT_EQ(g.settings, r.settings);  // order kept (not alphabetical)
    EXPECT_EQ(g.channel_names, r.channel_names);
    EXPECT_EQ(g.channel_ndim, r.channel_ndim);
    EXPECT_EQ(g.bins, r.bins);
    EXPECT_EQ(g.adaptation_events, r.adaptation_events);
    ASSERT_EQ(5u * 8u, r.edges.size());
    EXPECT_EQ(bits(g.alpha), bits(r.alpha));
    EXPECT_EQ(bits(g.edges), bits(r.edges));
    EXPECT_NO_THROW(check_sampler_grid_matches(r, g, file));

    // equal grids give byte-identical files
    fs::path second = scratch / "again.h5";
    write_sampler_grid(second, g);
    std::ifstream a(file, std::ios::binary), b(second, std::ios::binary);
    std::string ca{std::istreambuf_iterator<char>(a), {}};
    std::string cb{std::istreambuf_iterator<char>(b), {}};
    EXPECT_FALSE(ca.empty());
    EXPECT_EQ(ca, cb);
}

TEST_F(SamplerGridFileTest, edge_cases_round_trip)
{
    // one channel without a grid (no edges), no settings, a very long setting elsewhere
    SamplerGrid g;
    g.process = "ee_aaa";
    g.channel_names = {"only"};
    g.channel_ndim = {0};
    g.bins = 1;
    g.alpha = {1.0};
    write_sampler_grid(file, g);
    SamplerGrid r = read_sampler_grid(file);
    EXPECT_TRUE(r.settings.empty());
    EXPECT_TRUE(r.edges.empty());
    EXPECT_EQ(g.channel_ndim, r.channel_ndim);

    // 16 dimensions (the most), one bin, a 200 kB setting value, a key named "keys"
    g.channel_ndim = {16};
    g.edges.clear();
    for (int d = 0; d < 16; ++d)
        g.edges.insert(g.edges.end(), {0.0, 1.0});
    g.settings = {{"keys", "k"}, {"big", std::string(200000, 'x')}};
    write_sampler_grid(file, g);
    r = read_sampler_grid(file);
    EXPECT_EQ(g.settings, r.settings);
    EXPECT_EQ(g.edges, r.edges);
}

TEST_F(SamplerGridFileTest, layout)
{
    write_sampler_grid(file, make_grid());
    Id f(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    ASSERT_TRUE(f.valid());
    EXPECT_EQ((std::vector<std::string>{"adaptation_events", "bins", "fathom_grid_format",
                                        "process"}),
              names_of(f, true));
    EXPECT_EQ((std::vector<std::string>{"alpha", "channel_names", "channel_ndim", "edges",
                                        "settings"}),
              names_of(f, false));
    {
        Id a(H5Aopen(f, "fathom_grid_format", H5P_DEFAULT), H5Aclose);
        std::int64_t v = 0;
        ASSERT_GE(H5Aread(a, H5T_NATIVE_INT64, &v), 0);
        EXPECT_EQ(1, v);
    }
    {
        Id s(H5Gopen2(f, "settings", H5P_DEFAULT), H5Gclose);
        EXPECT_EQ((std::vector<std::string>{"beams", "cuts", "phase_space", "process"}),
                  names_of(s, true));
        EXPECT_EQ(std::vector<std::string>{"keys"}, names_of(s, false));
    }
    auto dataset_type = [&](char const* name) {
        Id d(H5Dopen2(f, name, H5P_DEFAULT), H5Dclose);
        Id t(H5Dget_type(d), H5Tclose);
        return std::pair{H5Tget_class(t), H5Tget_size(t)};
    };
    EXPECT_EQ(std::pair(H5T_FLOAT, std::size_t{8}), dataset_type("edges"));
    EXPECT_EQ(std::pair(H5T_FLOAT, std::size_t{8}), dataset_type("alpha"));
    EXPECT_EQ(std::pair(H5T_INTEGER, std::size_t{4}), dataset_type("channel_ndim"));
    EXPECT_EQ(H5T_STRING, dataset_type("channel_names").first);
}

//---------------------------------------------------------------------------//
TEST_F(SamplerGridFileTest, mismatches_name_file_and_item)
{
    SamplerGrid const loaded = make_grid();
    std::string const f = file.string();
    auto expect_mismatch = [&](std::function<void(SamplerGrid&)> const& change,
                               std::vector<std::string> parts) {
        SamplerGrid expected = make_grid();
        expected.alpha.clear();  // not compared
        expected.edges.clear();
        change(expected);
        parts.insert(parts.begin(), f + ": ");
        expect_input_error([&] { check_sampler_grid_matches(loaded, expected, file); }, parts);
    };

    // nothing differs (alpha, edges, adaptation_events are not compared)
    {
        SamplerGrid expected = make_grid();
        expected.alpha.clear();
        expected.edges.clear();
        expected.adaptation_events = 0;
        EXPECT_NO_THROW(check_sampler_grid_matches(loaded, expected, file));
    }

    expect_mismatch([](SamplerGrid& g) { g.process = "ee_ee"; },
                    {"grid was made for process 'ee_eeaa', this run is 'ee_ee'"});
    // short values: both shown
    expect_mismatch(
        [](SamplerGrid& g) { g.settings[3].second = "pair_mass_min = 0.2, pair_mass_max = 10.58"; },
        {"its phase_space differ from this run's", "'pair_mass_min = 0.1, pair_mass_max = 10.58'",
         "'pair_mass_min = 0.2, pair_mass_max = 10.58'"});
    // multi-line values: the first differing line
    expect_mismatch([](SamplerGrid& g) { 
        auto& cuts = g.settings[2].second;
        cuts.replace(cuts.find("0.1"), 3, "0.2");
    },
                    {"its cuts differ from this run's", "line 4", "'pt_min = 0.1'",
                     "'pt_min = 0.2'"});
    expect_mismatch([](SamplerGrid& g) { g.settings[2].second += "pt_max = 3\n"; },
                    {"its cuts differ from this run's", "line 5", "grid '', run 'pt_max = 3'"});
    expect_mismatch([](SamplerGrid& g) { g.settings[0].second.pop_back(); },
                    {"its beams differ from this run's", "line 3", "grid '', run (no such line)"});
    // long single-line values: an excerpt around the difference
    {
        SamplerGrid a = make_grid(), b = make_grid();
        a.settings[0].second = std::string(300, 'a') + "X" + std::string(300, 'b');
        b.settings[0].second = std::string(300, 'a') + "Y" + std::string(300, 'b');
        expect_input_error([&] { check_sampler_grid_matches(a, b, file); },
                           {f, "its beams differ", "aaaX", "aaaY"});
        try
        {
            check_sampler_grid_matches(a, b, file);
        }
        catch (InputError const& e)
        {
            EXPECT_LT(std::string(e.what()).size(), 300u) << e.what();
        }
    }
    expect_mismatch([](SamplerGrid& g) { g.settings.emplace_back("sampler", "bins = 7"); },
                    {"'sampler'", "this run has"});
    expect_mismatch([](SamplerGrid& g) { g.settings.erase(g.settings.begin() + 1); },
                    {"'process' setting", "this run does not have"});
    expect_mismatch([](SamplerGrid& g) {
        g.channel_names.pop_back();
        g.channel_ndim.pop_back();
    },
                    {"grid has 3 channels", "'s_channel'", "this run has 2"});
    expect_mismatch([](SamplerGrid& g) { g.channel_names[1] = "uniform"; },
                    {"grid channel 1 is 'flat', this run's is 'uniform'"});
    expect_mismatch([](SamplerGrid& g) { g.channel_ndim[2] = 4; },
                    {"grid channel 's_channel' has 3 dimensions, this run's has 4"});
    expect_mismatch([](SamplerGrid& g) { g.bins = 50; },
                    {"grid has 7 bins per dimension, this run uses 50"});
    // the first difference is reported
    expect_mismatch([](SamplerGrid& g) {
        g.bins = 50;
        g.process = "alp_photon";
    },
                    {"process 'ee_eeaa'"});
}

//---------------------------------------------------------------------------//
TEST_F(SamplerGridFileTest, files_that_are_not_grids)
{
    std::string const f = file.string();
    auto read = [this] { read_sampler_grid(file); };

    expect_input_error(read, {f + ": ", "No such file"});
    expect_input_error([&] { read_sampler_grid(scratch.path()); },
                       {scratch.path().string(), "is a directory"});

    std::ofstream(file) << "[run]\nevents = 10\n";
    expect_input_error(read, {f + ": ", "not an HDF5 file"});
    fs::remove(file);

    std::ofstream(file, std::ios::binary);  // empty
    expect_input_error(read, {f + ": ", "not an HDF5 file"});
    fs::remove(file);

    // an HDF5 file that is not a grid: fathom's own histogram output
    HistogramData hist;
    hist.spec.name = "x";
    hist.spec.axes.push_back({"x", "x", false, 2, 0.0, 1.0, {}});
    hist.values.assign(num_bins_with_flow(hist.spec), 1.0);
    hist.variances = hist.values;
    write_histograms_hdf5(file, {hist});
    expect_input_error(read, {f + ": ", "not a fathom sampler grid", "fathom_grid_format"});

    // a truncated grid
    write_sampler_grid(file, make_grid());
    fs::resize_file(file, fs::file_size(file) / 2);
    expect_input_error(read, {f + ": ", "damaged or unreadable HDF5 file"});

    // another format version
    write_and_edit([](hid_t h) { replace_int_attribute(h, "fathom_grid_format", 2); });
    expect_input_error(read, {f + ": ", "format 2 is not supported"});

    // missing pieces
    for (char const* name : {"edges", "alpha", "channel_names", "channel_ndim", "settings"})
    {
        write_and_edit([name](hid_t h) { ASSERT_GE(H5Ldelete(h, name, H5P_DEFAULT), 0); });
        expect_input_error(read, {f + ": ", "not a valid fathom sampler grid",
                                  std::string("'") + name + "'"});
    }
    for (char const* name : {"process", "bins", "adaptation_events"})
    {
        write_and_edit([name](hid_t h) { ASSERT_GE(H5Adelete(h, name), 0); });
        expect_input_error(read, {f + ": ", std::string("attribute '") + name + "'"});
    }
    write_and_edit([](hid_t h) {
        Id s(H5Gopen2(h, "settings", H5P_DEFAULT), H5Gclose);
        ASSERT_GE(H5Adelete(s, "cuts"), 0);
    });
    expect_input_error(read, {f + ": ", "'cuts'", "missing"});
    // a dataset of the wrong kind
    write_and_edit([](hid_t h) { replace_double_dataset(h, "channel_ndim", {2, 0, 3}); });
    expect_input_error(read, {f + ": ", "'channel_ndim'", "integer"});
}

TEST_F(SamplerGridFileTest, inconsistent_grids)
{
    std::string const f = file.string();
    auto read = [this] { read_sampler_grid(file); };
    SamplerGrid const g = make_grid();
    auto edit_edges = [&](std::function<void(std::vector<double>&)> const& change) {
        std::vector<double> e = g.edges;
        change(e);
        write_and_edit([&](hid_t h) { replace_double_dataset(h, "edges", e); });
    };

    edit_edges([](std::vector<double>& e) { e.pop_back(); });
    expect_input_error(read, {f + ": ", "39 grid edges", "need 40"});
    edit_edges([](std::vector<double>& e) { std::swap(e[2], e[3]); });
    expect_input_error(read, {f + ": ", "'t_channel', dimension 0", "not strictly increasing"});
    edit_edges([](std::vector<double>& e) { e[8 + 8 + 3] = e[8 + 8 + 2]; });  // s_channel dim 0
    expect_input_error(read, {f + ": ", "'s_channel', dimension 0", "not strictly increasing"});
    edit_edges([](std::vector<double>& e) { e[8] = 1e-300; });
    expect_input_error(read, {f + ": ", "'t_channel', dimension 1", "not 0"});
    edit_edges([](std::vector<double>& e) { e.back() = std::nextafter(1.0, 2.0); });
    expect_input_error(read, {f + ": ", "'s_channel', dimension 2", "not 1"});
    edit_edges([](std::vector<double>& e) { e[4] = std::numeric_limits<double>::quiet_NaN(); });
    expect_input_error(read, {f + ": ", "not strictly increasing"});

    write_and_edit([&](hid_t h) { replace_double_dataset(h, "alpha", {0.5, 0.5}); });
    expect_input_error(read, {f + ": ", "2 channel weights (alpha) for 3 channels"});
    write_and_edit([&](hid_t h) { replace_double_dataset(h, "alpha", {0.5, 0.6, -0.1}); });
    expect_input_error(read, {f + ": ", "'s_channel'", "finite and non-negative"});
    write_and_edit([&](hid_t h) { replace_double_dataset(h, "alpha", {0.5, 0.5, 0.1}); });
    expect_input_error(read, {f + ": ", "sum to 1.1", "not 1"});
    write_and_edit([&](hid_t h) {
        replace_double_dataset(h, "alpha", {0.5, 0.5, std::numeric_limits<double>::infinity()});
    });
    expect_input_error(read, {f + ": ", "finite"});

    write_and_edit([](hid_t h) { replace_int_attribute(h, "bins", 0); });
    expect_input_error(read, {f + ": ", "'bins' is 0"});
    write_and_edit([](hid_t h) { replace_int_attribute(h, "bins", 6); });
    expect_input_error(read, {f + ": ", "need 35"});

    write_and_edit([](hid_t h) {
        Id d(H5Dopen2(h, "channel_ndim", H5P_DEFAULT), H5Dclose);
        unsigned nd[3] = {2, 17, 3};
        ASSERT_GE(H5Dwrite(d, H5T_NATIVE_UINT, H5S_ALL, H5S_ALL, H5P_DEFAULT, nd), 0);
    });
    expect_input_error(read, {f + ": ", "17 dimensions"});
}

//---------------------------------------------------------------------------//
TEST_F(SamplerGridFileTest, writer_refuses_inconsistent_grids)
{
    auto expect_refused = [&](std::function<void(SamplerGrid&)> const& change,
                              std::string const& part) {
        SamplerGrid g = make_grid();
        change(g);
        try
        {
            write_sampler_grid(file, g);
            ADD_FAILURE() << "no error for " << part;
        }
        catch (std::runtime_error const& e)
        {
            std::string msg = e.what();
            EXPECT_NE(std::string::npos, msg.find(file.string())) << msg;
            EXPECT_NE(std::string::npos, msg.find(part)) << msg;
            EXPECT_EQ(std::string::npos, msg.find('\n')) << msg;
        }
        EXPECT_TRUE(test::list_directory(scratch.path()).empty());
    };
    expect_refused([](SamplerGrid& g) { g.edges.pop_back(); }, "need 40");
    expect_refused([](SamplerGrid& g) { g.alpha[0] = 0.5; }, "sum to");
    expect_refused([](SamplerGrid& g) { g.alpha.pop_back(); }, "alpha");
    expect_refused([](SamplerGrid& g) { g.channel_ndim.pop_back(); }, "channel dimensions");
    expect_refused([](SamplerGrid& g) { g.bins = 0; }, "0 bins");
    expect_refused([](SamplerGrid& g) { g.settings.emplace_back("cuts", "x"); }, "given twice");
    expect_refused([](SamplerGrid& g) { g.settings.emplace_back("", "x"); }, "setting key");
    expect_refused([](SamplerGrid& g) { g.channel_names.clear(); }, "no channels");
}

TEST_F(SamplerGridFileTest, unwritable_location_leaves_nothing)
{
    fs::path bad = scratch / "missing_dir" / "grid.h5";
    try
    {
        write_sampler_grid(bad, make_grid());
        ADD_FAILURE() << "no error";
    }
    catch (std::runtime_error const& e)
    {
        std::string msg = e.what();
        EXPECT_NE(std::string::npos, msg.find(bad.string())) << msg;
        EXPECT_EQ(std::string::npos, msg.find('\n')) << msg;
    }
    EXPECT_TRUE(test::list_directory(scratch.path()).empty());

    // a read-only directory (root writes anyway: nothing to check then)
    if (::geteuid() != 0)
    {
        fs::path ro = scratch / "ro";
        fs::create_directory(ro);
        fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
        EXPECT_THROW(write_sampler_grid(ro / "grid.h5", make_grid()), std::runtime_error);
        fs::permissions(ro, fs::perms::owner_all);
        EXPECT_TRUE(test::list_directory(ro).empty());
    }

    // a failed overwrite leaves the old grid in place
    write_sampler_grid(file, make_grid());
    SamplerGrid bad_grid = make_grid();
    bad_grid.edges.clear();
    EXPECT_THROW(write_sampler_grid(file, bad_grid), std::runtime_error);
    EXPECT_EQ(std::vector<std::string>{"grid.h5"}, test::list_directory(scratch.path()));
    EXPECT_EQ(bits(make_grid().edges), bits(read_sampler_grid(file).edges));
}
}  // namespace
}  // namespace fathom
