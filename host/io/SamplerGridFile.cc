#include "SamplerGridFile.hh"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <new>
#include <set>
#include <stdexcept>
#include <string_view>
#include <system_error>

#include <fcntl.h>
#include <hdf5.h>
#include <unistd.h>

#include "Fnv1a.hh"
#include "Hdf5Support.hh"
#include "OutputDirectory.hh"
#include "run/InputError.hh"

namespace fs = std::filesystem;

namespace fathom
{
namespace
{
//---------------------------------------------------------------------------//
// Constants of the layout

constexpr std::int64_t grid_format_version = 1;
constexpr char const* format_attr = "fathom_grid_format";
constexpr char const* process_attr = "process";
constexpr char const* bins_attr = "bins";
constexpr char const* events_attr = "adaptation_events";
constexpr char const* settings_group = "settings";
constexpr char const* settings_keys = "keys";
constexpr char const* names_dset = "channel_names";
constexpr char const* ndim_dset = "channel_ndim";
constexpr char const* alpha_dset = "alpha";
constexpr char const* edges_dset = "edges";

//! Channel weights must sum to 1 within this.
constexpr double alpha_sum_tolerance = 1e-9;

//---------------------------------------------------------------------------//
// Errors

//! Thrown inside; the caller adds the file name (the HDF5 helpers throw the same type).
using GridError = hdf5::Error;
using hdf5::check;
using hdf5::Handle;
using hdf5::make_plist;
using SilenceHdf5Errors = hdf5::SilenceErrors;

//! A variable-length string type with the given character set.
Handle make_string_type(H5T_cset_t cset)
{
    Handle t(H5Tcopy(H5T_C_S1), H5Tclose, "creating the string type");
    check(H5Tset_size(t, H5T_VARIABLE), "setting the string type size");
    check(H5Tset_cset(t, cset), "setting the string type encoding");
    return t;
}

//---------------------------------------------------------------------------//
// Message helpers

std::string format_double(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.17g", v);
    return buf;
}

//! Text made safe for a one-line message: control characters escaped, quotes kept.
std::string printable(std::string_view s)
{
    std::string out;
    for (unsigned char c : s)
    {
        if (c == '\n')
            out += "\\n";
        else if (c == '\t')
            out += "\\t";
        else if (c < 0x20 || c == 0x7f)
        {
            char buf[8];
            std::snprintf(buf, sizeof(buf), "\\x%02x", c);
            out += buf;
        }
        else
            out += static_cast<char>(c);
    }
    return out;
}

//! 'name' for messages.
std::string quote(std::string_view s)
{
    return "'" + printable(s) + "'";
}

//---------------------------------------------------------------------------//
// Consistency of a grid (shared by writer and reader)

//! Number of edges the channels need: sum of ndim * (bins + 1).
std::uint64_t expected_edge_count(std::vector<unsigned> const& ndim, unsigned bins)
{
    std::uint64_t n = 0;
    for (unsigned d : ndim)
        n += std::uint64_t{d} * (std::uint64_t{bins} + 1);
    return n;
}

//! Checks of the channel layout alone (before the large arrays are read).
void validate_layout(SamplerGrid const& g)
{
    if (g.channel_names.empty())
        throw GridError("it has no channels");
    if (g.channel_ndim.size() != g.channel_names.size())
        throw GridError("it has " + std::to_string(g.channel_names.size())
                        + " channel names but " + std::to_string(g.channel_ndim.size())
                        + " channel dimensions");
    if (g.bins == 0)
        throw GridError("it has 0 bins per dimension");
    for (std::size_t c = 0; c < g.channel_ndim.size(); ++c)
    {
        if (g.channel_ndim[c] > max_sampler_grid_dims)
            throw GridError("channel " + quote(g.channel_names[c]) + " has "
                            + std::to_string(g.channel_ndim[c]) + " dimensions (at most "
                            + std::to_string(max_sampler_grid_dims) + ")");
    }
}

void validate_grid(SamplerGrid const& g)
{
    validate_layout(g);
    std::size_t const nch = g.channel_names.size();
    if (g.alpha.size() != nch)
        throw GridError("it has " + std::to_string(g.alpha.size())
                        + " channel weights (alpha) for " + std::to_string(nch) + " channels");
    double sum = 0;
    for (std::size_t c = 0; c < nch; ++c)
    {
        if (!(std::isfinite(g.alpha[c]) && g.alpha[c] >= 0))
            throw GridError("channel " + quote(g.channel_names[c]) + " has weight alpha = "
                            + format_double(g.alpha[c]) + " (must be finite and non-negative)");
        sum += g.alpha[c];
    }
    if (!(std::fabs(sum - 1) <= alpha_sum_tolerance))
        throw GridError("its channel weights (alpha) sum to " + format_double(sum) + ", not 1");

    std::uint64_t const need = expected_edge_count(g.channel_ndim, g.bins);
    if (g.edges.size() != need)
        throw GridError("it has " + std::to_string(g.edges.size()) + " grid edges, but "
                        + std::to_string(nch) + " channels with " + std::to_string(g.bins)
                        + " bins per dimension need " + std::to_string(need));
    std::size_t offset = 0;
    std::size_t const per_dim = std::size_t{g.bins} + 1;
    for (std::size_t c = 0; c < nch; ++c)
    {
        for (unsigned d = 0; d < g.channel_ndim[c]; ++d, offset += per_dim)
        {
            double const* e = g.edges.data() + offset;
            auto fail = [&](std::string const& what) {
                return GridError("the grid of channel " + quote(g.channel_names[c])
                                 + ", dimension " + std::to_string(d) + ", " + what);
            };
            if (e[0] != 0.0)
                throw fail("starts at " + format_double(e[0]) + ", not 0");
            if (e[g.bins] != 1.0)
                throw fail("ends at " + format_double(e[g.bins]) + ", not 1");
            for (std::size_t i = 1; i < per_dim; ++i)
            {
                if (!(e[i - 1] < e[i]))
                    throw fail("has edges that are not strictly increasing (edge "
                               + std::to_string(i) + " is " + format_double(e[i])
                               + " after " + format_double(e[i - 1]) + ")");
            }
        }
    }
}

//! Writer-only checks: what HDF5 cannot store, and unambiguous settings.
void validate_for_writing(SamplerGrid const& g)
{
    auto has_nul = [](std::string const& s) { return s.find('\0') != std::string::npos; };
    if (has_nul(g.process))
        throw GridError("the process name contains a NUL character");
    std::set<std::string_view> keys;
    for (auto const& [key, value] : g.settings)
    {
        if (key.empty() || key == "." || has_nul(key))
            throw GridError("setting key " + quote(key) + " is not a valid attribute name");
        if (has_nul(value))
            throw GridError("setting " + quote(key) + " contains a NUL character");
        if (!keys.insert(key).second)
            throw GridError("setting " + quote(key) + " is given twice");
    }
    for (auto const& name : g.channel_names)
    {
        if (has_nul(name))
            throw GridError("channel name " + quote(name) + " contains a NUL character");
    }
    validate_grid(g);
}

//---------------------------------------------------------------------------//
// Writing

struct WriteContext
{
    Handle lcpl = make_plist(H5P_LINK_CREATE, "creating a link property list");
    Handle acpl = make_plist(H5P_ATTRIBUTE_CREATE, "creating an attribute property list");
    Handle gcpl = make_plist(H5P_GROUP_CREATE, "creating a group property list");
    Handle dcpl = make_plist(H5P_DATASET_CREATE, "creating a dataset property list");
    Handle string_type = make_string_type(H5T_CSET_UTF8);
    Handle scalar_space{H5Screate(H5S_SCALAR), H5Sclose, "creating a scalar dataspace"};

    WriteContext()
    {
        check(H5Pset_char_encoding(lcpl, H5T_CSET_UTF8), "setting UTF-8 link names");
        check(H5Pset_char_encoding(acpl, H5T_CSET_UTF8), "setting UTF-8 attribute names");
        check(H5Pset_obj_track_times(gcpl, false), "disabling group time stamps");
        check(H5Pset_obj_track_times(dcpl, false), "disabling dataset time stamps");
    }
};

void write_attribute(WriteContext const& ctx, hid_t obj, std::string const& name,
                     hid_t file_type, hid_t mem_type, void const* value)
{
    std::string what = "writing attribute '" + name + "'";
    Handle attr(H5Acreate2(obj, name.c_str(), file_type, ctx.scalar_space, ctx.acpl, H5P_DEFAULT),
                H5Aclose, what);
    check(H5Awrite(attr, mem_type, value), what);
    attr.close(what);
}

void write_string_attribute(WriteContext const& ctx, hid_t obj, std::string const& name,
                            std::string const& value)
{
    char const* ptr = value.c_str();
    write_attribute(ctx, obj, name, ctx.string_type, ctx.string_type, &ptr);
}

//! A one-dimensional dataset of n elements (n may be 0).
void write_dataset(WriteContext const& ctx, hid_t parent, std::string const& name,
                   hid_t file_type, hid_t mem_type, std::size_t n, void const* data)
{
    std::string what = "writing dataset '" + name + "'";
    hsize_t dims = n;
    Handle space(H5Screate_simple(1, &dims, nullptr), H5Sclose, what);
    Handle dset(H5Dcreate2(parent, name.c_str(), file_type, space, ctx.lcpl, ctx.dcpl,
                           H5P_DEFAULT),
                H5Dclose, what);
    if (n > 0)
        check(H5Dwrite(dset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), what);
    dset.close(what);
}

void write_string_dataset(WriteContext const& ctx, hid_t parent, std::string const& name,
                          std::vector<std::string> const& values)
{
    std::vector<char const*> ptrs;
    ptrs.reserve(values.size());
    for (auto const& v : values)
        ptrs.push_back(v.c_str());
    write_dataset(ctx, parent, name, ctx.string_type, ctx.string_type, ptrs.size(), ptrs.data());
}

//! Build the whole file in memory and return its image (see Hdf5HistogramWriter.cc for why:
//! the image then goes to disk with plain POSIX calls that report errno and clean up).
std::string build_file_image(SamplerGrid const& g)
{
    std::size_t increment = (std::size_t{1} << 16) + (g.edges.size() + g.alpha.size()) * 8;
    for (auto const& [key, value] : g.settings)
        increment += key.size() + value.size();
    Handle fapl = make_plist(H5P_FILE_ACCESS, "creating the file access property list");
    check(H5Pset_fapl_core(fapl, increment, false), "selecting the in-memory driver");
    check(H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG), "setting the file close degree");
    Handle file(H5Fcreate("fathom-sampler-grid.h5", H5F_ACC_TRUNC, H5P_DEFAULT, fapl), H5Fclose,
                "creating the file");
    {
        WriteContext ctx;
        std::int64_t const version = grid_format_version;
        write_attribute(ctx, file, format_attr, H5T_STD_I64LE, H5T_NATIVE_INT64, &version);
        write_string_attribute(ctx, file, process_attr, g.process);
        std::int64_t const bins = g.bins;
        write_attribute(ctx, file, bins_attr, H5T_STD_I64LE, H5T_NATIVE_INT64, &bins);
        std::uint64_t const events = g.adaptation_events;
        write_attribute(ctx, file, events_attr, H5T_STD_U64LE, H5T_NATIVE_UINT64, &events);

        {
            Handle settings(
                H5Gcreate2(file, settings_group, ctx.lcpl, ctx.gcpl, H5P_DEFAULT), H5Gclose,
                "creating group 'settings'");
            std::vector<std::string> keys;
            for (auto const& [key, value] : g.settings)
            {
                write_string_attribute(ctx, settings, key, value);
                keys.push_back(key);
            }
            write_string_dataset(ctx, settings, settings_keys, keys);
            settings.close("closing group 'settings'");
        }

        write_string_dataset(ctx, file, names_dset, g.channel_names);
        static_assert(sizeof(unsigned) == 4);
        write_dataset(ctx, file, ndim_dset, H5T_STD_U32LE, H5T_NATIVE_UINT,
                      g.channel_ndim.size(), g.channel_ndim.data());
        write_dataset(ctx, file, alpha_dset, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, g.alpha.size(),
                      g.alpha.data());
        write_dataset(ctx, file, edges_dset, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, g.edges.size(),
                      g.edges.data());
    }
    check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flushing the file");
    ssize_t size = check(H5Fget_file_image(file, nullptr, 0), "getting the file image size");
    std::string image(static_cast<std::size_t>(size), '\0');
    check(H5Fget_file_image(file, image.data(), image.size()), "getting the file image");
    file.close("closing the file");
    return image;
}

//---------------------------------------------------------------------------//
// Reading

bool has_attribute(hid_t obj, char const* name)
{
    return check(H5Aexists(obj, name), std::string("looking for attribute '") + name + "'") > 0;
}

bool has_link(hid_t loc, char const* name)
{
    return check(H5Lexists(loc, name, H5P_DEFAULT), std::string("looking for '") + name + "'")
           > 0;
}

//! Read n strings of type `type` (variable-length or fixed-size) with `read(mem_type, buf)`.
template<class Read>
std::vector<std::string> read_strings(hid_t type, std::size_t n, std::string const& what,
                                      Read&& read)
{
    std::vector<std::string> result(n);
    if (n == 0)
        return result;
    auto cset = check(H5Tget_cset(type), what);
    if (check(H5Tis_variable_str(type), what) > 0)
    {
        Handle mem = make_string_type(cset);
        std::vector<char*> ptrs(n, nullptr);
        herr_t status = read(static_cast<hid_t>(mem), static_cast<void*>(ptrs.data()));
        for (std::size_t i = 0; i < n; ++i)
        {
            if (ptrs[i])
                result[i] = ptrs[i];
            H5free_memory(ptrs[i]);
        }
        check(status, what);
    }
    else
    {
        std::size_t size = H5Tget_size(type);
        if (size == 0)
            throw GridError(what + ": string size 0");
        Handle mem(H5Tcopy(H5T_C_S1), H5Tclose, what);
        check(H5Tset_size(mem, size), what);
        check(H5Tset_cset(mem, cset), what);
        check(H5Tset_strpad(mem, H5T_STR_NULLPAD), what);
        std::vector<char> buf(n * size, '\0');
        check(read(static_cast<hid_t>(mem), static_cast<void*>(buf.data())), what);
        for (std::size_t i = 0; i < n; ++i)
        {
            char const* s = buf.data() + i * size;
            result[i].assign(s, strnlen(s, size));
        }
    }
    return result;
}

//! Open a required attribute, checking its class and that it holds one value.
Handle open_scalar_attribute(hid_t obj, char const* name, H5T_class_t cls, char const* kind)
{
    std::string what = std::string("attribute '") + name + "'";
    if (!has_attribute(obj, name))
        throw GridError("it has no " + what);
    Handle attr(H5Aopen(obj, name, H5P_DEFAULT), H5Aclose, "opening " + what);
    Handle type(H5Aget_type(attr), H5Tclose, "reading " + what);
    Handle space(H5Aget_space(attr), H5Sclose, "reading " + what);
    if (check(H5Tget_class(type), "reading " + what) != cls
        || check(H5Sget_simple_extent_npoints(space), "reading " + what) != 1)
        throw GridError(what + " is not a single " + kind);
    return attr;
}

std::string read_string_attribute(hid_t obj, char const* name)
{
    Handle attr = open_scalar_attribute(obj, name, H5T_STRING, "string");
    std::string what = std::string("reading attribute '") + name + "'";
    Handle type(H5Aget_type(attr), H5Tclose, what);
    return read_strings(type, 1, what, [&](hid_t mem, void* buf) {
        return H5Aread(attr, mem, buf);
    })[0];
}

template<class T>
T read_integer_attribute(hid_t obj, char const* name, hid_t mem_type)
{
    Handle attr = open_scalar_attribute(obj, name, H5T_INTEGER, "integer");
    T value{};
    check(H5Aread(attr, mem_type, &value), std::string("reading attribute '") + name + "'");
    return value;
}

//! Open a required one-dimensional dataset of the given class; returns its length.
struct OpenedDataset
{
    Handle dset;
    Handle type;
    std::size_t size;
};

OpenedDataset open_dataset(hid_t loc, char const* name, H5T_class_t cls, char const* kind)
{
    std::string what = std::string("dataset '") + name + "'";
    if (!has_link(loc, name))
        throw GridError("it has no " + what);
    H5O_info_t info{};
    check(H5Oget_info_by_name(loc, name, &info, H5P_DEFAULT), "inspecting " + what);
    if (info.type != H5O_TYPE_DATASET)
        throw GridError("'" + std::string(name) + "' is not a dataset");
    Handle dset(H5Dopen2(loc, name, H5P_DEFAULT), H5Dclose, "opening " + what);
    Handle type(H5Dget_type(dset), H5Tclose, "reading " + what);
    Handle space(H5Dget_space(dset), H5Sclose, "reading " + what);
    if (check(H5Tget_class(type), "reading " + what) != cls
        || check(H5Sget_simple_extent_ndims(space), "reading " + what) != 1)
        throw GridError(what + " is not a one-dimensional " + kind + " array");
    hsize_t n = 0;
    check(H5Sget_simple_extent_dims(space, &n, nullptr), "reading " + what);
    return {std::move(dset), std::move(type), static_cast<std::size_t>(n)};
}

std::vector<std::string> read_string_dataset(hid_t loc, char const* name)
{
    OpenedDataset d = open_dataset(loc, name, H5T_STRING, "string");
    std::string what = std::string("reading dataset '") + name + "'";
    return read_strings(d.type, d.size, what, [&](hid_t mem, void* buf) {
        return H5Dread(d.dset, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
    });
}

template<class T>
std::vector<T> read_numbers(OpenedDataset const& d, hid_t mem_type, char const* name)
{
    std::vector<T> values(d.size);
    if (!values.empty())
        check(H5Dread(d.dset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
              std::string("reading dataset '") + name + "'");
    return values;
}

//! Names of the attributes of an object.
std::vector<std::string> attribute_names(hid_t obj)
{
    std::vector<std::string> names;
    check(H5Aiterate2(
              obj, H5_INDEX_NAME, H5_ITER_INC, nullptr,
              [](hid_t, char const* name, H5A_info_t const*, void* data) -> herr_t {
                  static_cast<std::vector<std::string>*>(data)->push_back(name);
                  return 0;
              },
              &names),
          "listing attributes");
    return names;
}

std::vector<std::pair<std::string, std::string>> read_settings(hid_t file)
{
    if (!has_link(file, settings_group))
        throw GridError("it has no group 'settings'");
    Handle group(H5Gopen2(file, settings_group, H5P_DEFAULT), H5Gclose,
                 "opening group 'settings'");
    std::vector<std::string> keys = read_string_dataset(group, settings_keys);
    std::set<std::string> listed;
    for (auto const& key : keys)
    {
        if (!listed.insert(key).second)
            throw GridError("setting " + quote(key) + " is listed twice in 'settings/keys'");
    }
    for (auto const& name : attribute_names(group))
    {
        if (!listed.count(name))
            throw GridError("setting " + quote(name) + " is not listed in 'settings/keys'");
    }
    std::vector<std::pair<std::string, std::string>> settings;
    for (auto const& key : keys)
    {
        if (!has_attribute(group, key.c_str()))
            throw GridError("setting " + quote(key) + " is listed in 'settings/keys' but missing");
        settings.emplace_back(key, read_string_attribute(group, key.c_str()));
    }
    return settings;
}

SamplerGrid read_grid(std::string const& path)
{
    Handle fapl = make_plist(H5P_FILE_ACCESS, "creating the file access property list");
    check(H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG), "setting the file close degree");
    Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl), H5Fclose,
                "damaged or unreadable HDF5 file");

    if (!has_attribute(file, format_attr))
        throw GridError("not a fathom sampler grid (no attribute '" + std::string(format_attr)
                        + "')");
    auto const version = read_integer_attribute<std::int64_t>(file, format_attr,
                                                              H5T_NATIVE_INT64);
    if (version != grid_format_version)
        throw GridError("sampler grid format " + std::to_string(version)
                        + " is not supported (this fathom reads format "
                        + std::to_string(grid_format_version) + ")");

    SamplerGrid g;
    g.process = read_string_attribute(file, process_attr);
    auto const bins = read_integer_attribute<std::int64_t>(file, bins_attr, H5T_NATIVE_INT64);
    if (bins < 1 || bins > std::numeric_limits<unsigned>::max() - 1)
        throw GridError("attribute 'bins' is " + std::to_string(bins)
                        + " (must be a positive number of bins)");
    g.bins = static_cast<unsigned>(bins);
    g.adaptation_events = read_integer_attribute<std::uint64_t>(file, events_attr,
                                                                H5T_NATIVE_UINT64);
    g.settings = read_settings(file);

    g.channel_names = read_string_dataset(file, names_dset);
    {
        OpenedDataset d = open_dataset(file, ndim_dset, H5T_INTEGER, "integer");
        // read wide and signed, so that negative or huge values are seen rather than clipped
        for (std::int64_t n : read_numbers<std::int64_t>(d, H5T_NATIVE_INT64, ndim_dset))
        {
            if (n < 0 || n > std::int64_t{max_sampler_grid_dims})
                throw GridError("dataset 'channel_ndim' has " + std::to_string(n)
                                + " dimensions (must be 0 to "
                                + std::to_string(max_sampler_grid_dims) + ")");
            g.channel_ndim.push_back(static_cast<unsigned>(n));
        }
    }
    validate_layout(g);

    // Sizes are checked before the arrays are read, so a corrupt size allocates nothing.
    {
        OpenedDataset d = open_dataset(file, alpha_dset, H5T_FLOAT, "floating-point");
        if (d.size != g.channel_names.size())
            throw GridError("it has " + std::to_string(d.size) + " channel weights (alpha) for "
                            + std::to_string(g.channel_names.size()) + " channels");
        g.alpha = read_numbers<double>(d, H5T_NATIVE_DOUBLE, alpha_dset);
    }
    {
        OpenedDataset d = open_dataset(file, edges_dset, H5T_FLOAT, "floating-point");
        std::uint64_t const need = expected_edge_count(g.channel_ndim, g.bins);
        if (d.size != need)
            throw GridError("it has " + std::to_string(d.size) + " grid edges, but "
                            + std::to_string(g.channel_names.size()) + " channels with "
                            + std::to_string(g.bins) + " bins per dimension need "
                            + std::to_string(need));
        g.edges = read_numbers<double>(d, H5T_NATIVE_DOUBLE, edges_dset);
    }
    file.close("closing the file");
    return g;
}

//---------------------------------------------------------------------------//
// Comparison

//! Short enough to show whole in a one-line message.
bool is_short(std::string const& s)
{
    return s.size() < 80 && s.find('\n') == std::string::npos;
}

//! At most ~70 characters of s around position pos, with "..." where cut.
std::string excerpt(std::string_view s, std::size_t pos)
{
    constexpr std::size_t before = 30, length = 70;
    std::size_t start = pos > before ? pos - before : 0;
    std::string out = start > 0 ? "..." : "";
    out += printable(s.substr(start, length));
    if (start + length < s.size())
        out += "...";
    return out;
}

//! How two different setting values differ, for a message: both values if short, else the
//! first line where they differ, cut around the first differing character.
std::string describe_difference(std::string const& grid, std::string const& run)
{
    if (is_short(grid) && is_short(run))
        return "grid " + quote(grid) + ", run " + quote(run);
    auto lines = [](std::string_view s) {
        std::vector<std::string_view> out;
        for (std::size_t start = 0;;)
        {
            std::size_t end = s.find('\n', start);
            out.push_back(s.substr(start, end == std::string_view::npos ? end : end - start));
            if (end == std::string_view::npos)
                return out;
            start = end + 1;
        }
    };
    auto const gl = lines(grid), rl = lines(run);
    std::size_t i = 0;
    while (i < gl.size() && i < rl.size() && gl[i] == rl[i])
        ++i;
    std::string_view const g = i < gl.size() ? gl[i] : std::string_view{};
    std::string_view const r = i < rl.size() ? rl[i] : std::string_view{};
    std::size_t pos = 0;
    while (pos < g.size() && pos < r.size() && g[pos] == r[pos])
        ++pos;
    auto show = [pos, i](std::vector<std::string_view> const& ls) {
        return i < ls.size() ? "'" + excerpt(ls[i], pos) + "'" : std::string("(no such line)");
    };
    return "first difference in line " + std::to_string(i + 1) + ": grid " + show(gl)
           + ", run " + show(rl);
}

//! "a, b, c" with quoted names, or just the count if too long.
std::string name_list(std::vector<std::string> const& names)
{
    std::string out;
    for (auto const& n : names)
        out += (out.empty() ? "" : ", ") + quote(n);
    if (out.size() > 100)
        return "";
    return " (" + out + ")";
}
}  // namespace

//---------------------------------------------------------------------------//
void write_sampler_grid(fs::path const& file, SamplerGrid const& grid)
{
    auto fail = [&file](std::string const& what) {
        return std::runtime_error("cannot write sampler grid '" + file.string() + "': " + what);
    };
    std::string image;
    try
    {
        validate_for_writing(grid);
        SilenceHdf5Errors silence;
        image = build_file_image(grid);
    }
    catch (std::exception const& e)
    {
        throw fail(e.what());
    }
    // names the file and what failed itself, and leaves no temporary behind
    write_text_file_atomic(file, image);
}

SamplerGrid read_sampler_grid(fs::path const& file)
{
    std::string const name = file.string();
    auto fail = [&name](std::string const& what) { return InputError(name + ": " + what); };

    // Plain POSIX first, for clear messages about missing or unreadable files.
    std::error_code ec;
    if (fs::is_directory(file, ec))
        throw fail("is a directory, not a sampler grid file");
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw fail("cannot open sampler grid file: " + std::generic_category().message(errno));
    ::close(fd);

    try
    {
        SilenceHdf5Errors silence;
        if (H5Fis_hdf5(file.c_str()) <= 0)
        {
            H5Eclear2(H5E_DEFAULT);
            throw fail("not an HDF5 file (expected a fathom sampler grid)");
        }
        SamplerGrid g = read_grid(name);
        validate_grid(g);
        return g;
    }
    catch (InputError const&)
    {
        throw;
    }
    catch (GridError const& e)
    {
        std::string const msg = e.what();
        if (msg.rfind("not a fathom", 0) == 0 || msg.rfind("sampler grid format", 0) == 0
            || msg.rfind("damaged or unreadable", 0) == 0)
            throw fail(msg);
        throw fail("not a valid fathom sampler grid: " + msg);
    }
    catch (std::bad_alloc const&)
    {
        throw fail("not a valid fathom sampler grid: too large to read");
    }
    catch (std::length_error const&)
    {
        throw fail("not a valid fathom sampler grid: too large to read");
    }
}

void check_sampler_grid_matches(SamplerGrid const& loaded, SamplerGrid const& expected,
                                fs::path const& file)
{
    auto fail = [&file](std::string const& what) {
        return InputError(file.string() + ": " + what);
    };

    if (loaded.process != expected.process)
        throw fail("grid was made for process " + quote(loaded.process) + ", this run is "
                   + quote(expected.process));

    auto find = [](SamplerGrid const& g, std::string const& key) -> std::string const* {
        for (auto const& [k, v] : g.settings)
        {
            if (k == key)
                return &v;
        }
        return nullptr;
    };
    for (auto const& [key, value] : expected.settings)
    {
        std::string const* theirs = find(loaded, key);
        if (!theirs)
            throw fail("grid has no " + quote(key) + " setting, which this run has (made by "
                       "another fathom version?)");
        if (*theirs != value)
            throw fail("its " + printable(key) + " differ from this run's ("
                       + describe_difference(*theirs, value) + ")");
    }
    for (auto const& [key, value] : loaded.settings)
    {
        if (!find(expected, key))
            throw fail("grid has a " + quote(key) + " setting, which this run does not have "
                       "(made by another fathom version?)");
    }

    std::size_t const n = loaded.channel_names.size();
    if (n != expected.channel_names.size())
        throw fail("grid has " + std::to_string(n) + " channels" + name_list(loaded.channel_names)
                   + ", this run has " + std::to_string(expected.channel_names.size())
                   + name_list(expected.channel_names));
    for (std::size_t c = 0; c < n; ++c)
    {
        if (loaded.channel_names[c] != expected.channel_names[c])
            throw fail("grid channel " + std::to_string(c) + " is "
                       + quote(loaded.channel_names[c]) + ", this run's is "
                       + quote(expected.channel_names[c]));
    }
    for (std::size_t c = 0; c < n && c < loaded.channel_ndim.size()
                            && c < expected.channel_ndim.size();
         ++c)
    {
        if (loaded.channel_ndim[c] != expected.channel_ndim[c])
            throw fail("grid channel " + quote(loaded.channel_names[c]) + " has "
                       + std::to_string(loaded.channel_ndim[c]) + " dimensions, this run's has "
                       + std::to_string(expected.channel_ndim[c]));
    }
    if (loaded.channel_ndim.size() != expected.channel_ndim.size())
        throw fail("grid has dimensions for " + std::to_string(loaded.channel_ndim.size())
                   + " channels, this run for " + std::to_string(expected.channel_ndim.size()));
    if (loaded.bins != expected.bins)
        throw fail("grid has " + std::to_string(loaded.bins) + " bins per dimension, this run uses "
                   + std::to_string(expected.bins));
}

std::string sampler_grid_digest(SamplerGrid const& grid)
{
    // FNV-1a over a length-prefixed serialisation: no two different grids share the input bytes
    Fnv1a64 h;
    auto word = [&h](std::uint64_t v) { h.add(&v, sizeof v); };
    auto text = [&](std::string const& t) {
        word(t.size());
        h.add(t.data(), t.size());
    };
    text(grid.process);
    word(grid.settings.size());
    for (auto const& [k, v] : grid.settings)
    {
        text(k);
        text(v);
    }
    word(grid.channel_names.size());
    for (std::size_t c = 0; c < grid.channel_names.size(); ++c)
    {
        text(grid.channel_names[c]);
        word(c < grid.channel_ndim.size() ? grid.channel_ndim[c] : 0);
    }
    word(grid.bins);
    for (auto const* v : {&grid.alpha, &grid.edges})
    {
        word(v->size());
        for (double x : *v)
        {
            std::uint64_t bits = 0;
            std::memcpy(&bits, &x, sizeof bits);
            word(bits);
        }
    }
    return "fnv1a64:" + h.hex();
}
}  // namespace fathom
