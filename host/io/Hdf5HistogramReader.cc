#include "Hdf5HistogramReader.hh"

#include <cstdint>
#include <system_error>

#include <hdf5.h>

#include "Hdf5Support.hh"
#include "run/InputError.hh"

namespace fs = std::filesystem;

namespace fathom
{
namespace
{
using hdf5::check;
using hdf5::Handle;
using ReadError = hdf5::Error;

bool has_link(hid_t parent, std::string const& name)
{
    return H5Lexists(parent, name.c_str(), H5P_DEFAULT) > 0;
}

Handle open_group(hid_t parent, std::string const& name)
{
    if (!has_link(parent, name))
        throw ReadError("no group '" + name + "'");
    return Handle(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), H5Gclose,
                  "opening group '" + name + "'");
}

Handle open_attribute(hid_t obj, std::string const& name)
{
    if (H5Aexists(obj, name.c_str()) <= 0)
        throw ReadError("no attribute '" + name + "'");
    return Handle(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose,
                  "opening attribute '" + name + "'");
}

std::string read_string_attribute(hid_t obj, std::string const& name)
{
    Handle attr = open_attribute(obj, name);
    Handle type(H5Aget_type(attr), H5Tclose, "reading attribute '" + name + "'");
    if (H5Tget_class(type) != H5T_STRING)
        throw ReadError("attribute '" + name + "' is not a string");
    std::string what = "reading attribute '" + name + "'";
    if (H5Tis_variable_str(type) > 0)
    {
        Handle mem(H5Tcopy(H5T_C_S1), H5Tclose, what);
        check(H5Tset_size(mem, H5T_VARIABLE), what);
        check(H5Tset_cset(mem, H5Tget_cset(type)), what);
        char* ptr = nullptr;
        check(H5Aread(attr, mem, &ptr), what);
        std::string result = ptr ? ptr : "";
        H5free_memory(ptr);
        return result;
    }
    // fixed-length (h5py writes numpy bytes this way)
    std::size_t size = H5Tget_size(type);
    std::string result(size, '\0');
    check(H5Aread(attr, type, result.data()), what);
    result.resize(result.find('\0') == std::string::npos ? size : result.find('\0'));
    return result;
}

template<class T>
T read_numeric_attribute(hid_t obj, std::string const& name, hid_t mem_type)
{
    Handle attr = open_attribute(obj, name);
    Handle space(H5Aget_space(attr), H5Sclose, "reading attribute '" + name + "'");
    if (H5Sget_simple_extent_npoints(space) != 1)
        throw ReadError("attribute '" + name + "' is not a scalar");
    T value{};
    // HDF5 converts any stored integer or float type to the memory type.
    check(H5Aread(attr, mem_type, &value), "reading attribute '" + name + "'");
    return value;
}

//! A dataset of the given shape (empty shape: any 1-D), read whole as \p mem_type.
template<class T>
std::vector<T> read_dataset(hid_t parent, std::string const& name, std::vector<hsize_t> const& expected_shape,
                            hid_t mem_type)
{
    if (!has_link(parent, name))
        throw ReadError("no dataset '" + name + "'");
    std::string what = "reading dataset '" + name + "'";
    Handle dset(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose, what);
    Handle space(H5Dget_space(dset), H5Sclose, what);
    int rank = check(H5Sget_simple_extent_ndims(space), what);
    std::vector<hsize_t> shape(static_cast<std::size_t>(rank));
    check(H5Sget_simple_extent_dims(space, shape.data(), nullptr), what);
    auto shape_text = [](std::vector<hsize_t> const& s) {
        std::string t = "(";
        for (std::size_t i = 0; i < s.size(); ++i)
            t += (i ? ", " : "") + std::to_string(s[i]);
        return t + ")";
    };
    if (!expected_shape.empty() && shape != expected_shape)
        throw ReadError("dataset '" + name + "' has shape " + shape_text(shape)
                        + ", but the axes need " + shape_text(expected_shape)
                        + " (bins + 2 flow bins per axis)");
    if (expected_shape.empty() && rank != 1)
        throw ReadError("dataset '" + name + "' is not one-dimensional");
    std::size_t n = 1;
    for (auto s : shape)
        n *= static_cast<std::size_t>(s);
    std::vector<T> data(n);
    if (n > 0)
        check(H5Dread(dset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()), what);
    return data;
}

std::vector<double> read_double_dataset(hid_t parent, std::string const& name,
                                        std::vector<hsize_t> const& expected_shape)
{
    return read_dataset<double>(parent, name, expected_shape, H5T_NATIVE_DOUBLE);
}

AxisSpec read_axis(hid_t ref_axes, std::size_t index)
{
    std::string const name = "axis_" + std::to_string(index);
    Handle axis = open_group(ref_axes, name);
    try
    {
        AxisSpec a;
        std::string const type = read_string_attribute(axis, "type");
        if (type == "regular")
        {
            std::int64_t bins = read_numeric_attribute<std::int64_t>(axis, "bins", H5T_NATIVE_INT64);
            if (bins <= 0 || bins > INT32_MAX)
                throw ReadError("has " + std::to_string(bins) + " bins");
            a.bins = static_cast<std::uint32_t>(bins);
            a.lower = read_numeric_attribute<double>(axis, "lower", H5T_NATIVE_DOUBLE);
            a.upper = read_numeric_attribute<double>(axis, "upper", H5T_NATIVE_DOUBLE);
            if (!(a.lower < a.upper))
                throw ReadError("has lower >= upper");
        }
        else if (type == "variable")
        {
            a.variable = true;
            a.edges = read_double_dataset(axis, "edges", {});
            if (a.edges.size() < 2)
                throw ReadError("has fewer than 2 edges");
            for (std::size_t i = 1; i < a.edges.size(); ++i)
            {
                if (!(a.edges[i - 1] < a.edges[i]))
                    throw ReadError("edges are not strictly increasing");
            }
            a.bins = static_cast<std::uint32_t>(a.edges.size() - 1);
        }
        else
            throw ReadError("has type '" + type + "' (fathom reads regular and variable axes)");
        // The writer always writes both flow bins; without them the shapes would not match.
        for (char const* flow : {"underflow", "overflow"})
        {
            if (H5Aexists(axis, flow) > 0
                && read_numeric_attribute<std::int8_t>(axis, flow, H5T_NATIVE_INT8) == 0)
                throw ReadError(std::string("has no ") + flow + " bin");
        }
        if (has_link(axis, "metadata"))
        {
            Handle meta = open_group(axis, "metadata");
            if (H5Aexists(meta, "name") > 0)
                a.observable = read_string_attribute(meta, "name");
            if (H5Aexists(meta, "label") > 0)
                a.label = read_string_attribute(meta, "label");
        }
        return a;
    }
    catch (ReadError const& e)
    {
        throw ReadError(name + " " + e.what());
    }
}

HistogramData read_group(hid_t file, std::string const& name)
{
    if (name.empty() || !has_link(file, name))
        throw ReadError("no such group");
    Handle group = open_group(file, name);
    if (H5Aexists(group, "uhi_schema") <= 0)
        throw ReadError("not a histogram (no uhi_schema attribute)");
    auto schema = read_numeric_attribute<std::int64_t>(group, "uhi_schema", H5T_NATIVE_INT64);
    if (schema != 1)
        throw ReadError("uhi_schema " + std::to_string(schema) + " (fathom reads 1)");

    HistogramData h;
    h.spec.name = name;
    if (has_link(group, "metadata"))  // optional in UHI (uhi.io.hdf5 writes it only if set)
    {
        Handle meta = open_group(group, "metadata");
        if (H5Aexists(meta, "title") > 0)
            h.spec.title = read_string_attribute(meta, "title");
        if (H5Aexists(meta, "unit") > 0)
            h.unit = read_string_attribute(meta, "unit");
        if (H5Aexists(meta, "weight") > 0)
            h.spec.weight = read_string_attribute(meta, "weight");
    }
    std::vector<hsize_t> shape;
    {
        Handle ref_axes = open_group(group, "ref_axes");
        H5G_info_t info;
        check(H5Gget_info(ref_axes, &info), "reading ref_axes");
        if (info.nlinks == 0 || info.nlinks > H5S_MAX_RANK)
            throw ReadError("has " + std::to_string(info.nlinks) + " axes");
        for (std::size_t i = 0; i < info.nlinks; ++i)
        {
            h.spec.axes.push_back(read_axis(ref_axes, i));
            shape.push_back(static_cast<hsize_t>(h.spec.axes.back().bins) + 2);
        }
    }
    Handle storage = open_group(group, "storage");
    std::string const type = read_string_attribute(storage, "type");
    if (type != "weighted")
        throw ReadError("storage type '" + type + "' (fathom reads weighted)");
    h.values = read_double_dataset(storage, "values", shape);
    h.variances = read_double_dataset(storage, "variances", shape);
    if (has_link(group, "exact"))
    {
        Handle exact = open_group(group, "exact");
        std::vector<hsize_t> limb_shape = shape;
        limb_shape.push_back(4);
        for (auto [key, out] : {std::pair{"sum_w", &h.exact_sum_w}, std::pair{"sum_w2", &h.exact_sum_w2}})
        {
            Handle dset(H5Dopen2(exact, key, H5P_DEFAULT), H5Dclose, std::string("opening exact/") + key);
            Handle type(H5Dget_type(dset), H5Tclose, std::string("reading exact/") + key);
            if (H5Tget_class(type) != H5T_INTEGER || H5Tget_size(type) != 8 || H5Tget_sign(type) != H5T_SGN_NONE)
                throw ReadError(std::string("exact/") + key + " is not uint64");
            *out = read_dataset<std::uint64_t>(exact, key, limb_shape, H5T_NATIVE_UINT64);
        }
    }
    return h;
}

[[noreturn]] void fail(fs::path const& file, std::string const& what)
{
    throw InputError("cannot read HDF5 file '" + file.string() + "': " + what);
}

Handle open_file(fs::path const& file)
{
    std::error_code ec;
    if (!fs::is_regular_file(file, ec))
        fail(file, fs::exists(file, ec) ? "not a regular file" : "no such file");
    if (H5Fis_hdf5(file.c_str()) <= 0)  // H5Fis_accessible is 1.12+
        fail(file, "not an HDF5 file");
    return Handle(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "opening the file");
}
}  // namespace

HistogramData read_histogram_hdf5(fs::path const& file, std::string const& name)
{
    hdf5::SilenceErrors silence;
    try
    {
        Handle f = open_file(file);
        return read_group(f, name);
    }
    catch (ReadError const& e)
    {
        fail(file, "histogram '" + name + "': " + e.what());
    }
}

std::optional<FileAttributeValue> read_file_attribute_hdf5(fs::path const& file, std::string const& name)
{
    hdf5::SilenceErrors silence;
    try
    {
        Handle f = open_file(file);
        if (H5Aexists(f, name.c_str()) <= 0)
            return std::nullopt;
        Handle attr = open_attribute(f, name);
        std::string const what = "reading attribute '" + name + "'";
        Handle type(H5Aget_type(attr), H5Tclose, what);
        Handle space(H5Aget_space(attr), H5Sclose, what);
        H5T_class_t const cls = H5Tget_class(type);
        if (cls == H5T_STRING)
            return read_string_attribute(f, name);
        if (cls == H5T_FLOAT)
            return read_numeric_attribute<double>(f, name, H5T_NATIVE_DOUBLE);
        if (cls == H5T_INTEGER && H5Sget_simple_extent_type(space) == H5S_SCALAR && H5Tget_sign(type) != H5T_SGN_NONE)
            return read_numeric_attribute<std::int64_t>(f, name, H5T_NATIVE_INT64);
        if (cls == H5T_INTEGER && H5Tget_sign(type) == H5T_SGN_NONE && H5Tget_size(type) == 8)
        {
            if (H5Sget_simple_extent_type(space) == H5S_NULL)
                return std::vector<std::uint64_t>{};
            if (H5Sget_simple_extent_ndims(space) != 1)
                throw ReadError("attribute '" + name + "' is not one-dimensional");
            std::vector<std::uint64_t> v(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
            check(H5Aread(attr, H5T_NATIVE_UINT64, v.data()), what);
            return v;
        }
        throw ReadError("attribute '" + name + "' is not a string, int64, double or uint64 array");
    }
    catch (ReadError const& e)
    {
        fail(file, e.what());
    }
}

std::vector<std::string> list_histograms_hdf5(fs::path const& file)
{
    hdf5::SilenceErrors silence;
    try
    {
        Handle f = open_file(file);
        // Portable across HDF5 1.10 to 1.14 (no H5Literate2 / H5Oget_info3 in 1.10).
        H5G_info_t info;
        check(H5Gget_info(f, &info), "listing the groups");
        std::vector<std::string> names;
        for (hsize_t i = 0; i < info.nlinks; ++i)
        {
            std::string what = "listing the groups";
            ssize_t len = check(H5Lget_name_by_idx(f, ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr,
                                                   0, H5P_DEFAULT),
                                what);
            std::string n(static_cast<std::size_t>(len) + 1, '\0');
            check(H5Lget_name_by_idx(f, ".", H5_INDEX_NAME, H5_ITER_INC, i, n.data(), n.size(),
                                     H5P_DEFAULT),
                  what);
            n.resize(static_cast<std::size_t>(len));
            Handle obj(H5Oopen(f, n.c_str(), H5P_DEFAULT), H5Oclose, "opening '" + n + "'");
            if (H5Iget_type(obj) == H5I_GROUP && H5Aexists(obj, "uhi_schema") > 0)
                names.push_back(n);
        }
        return names;  // name index, increasing: sorted
    }
    catch (ReadError const& e)
    {
        fail(file, e.what());
    }
}
}  // namespace fathom
