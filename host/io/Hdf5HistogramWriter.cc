#include "Hdf5HistogramWriter.hh"

#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <stdexcept>
#include <string_view>

#include <hdf5.h>

#include "Hdf5Support.hh"
#include "OutputDirectory.hh"

namespace fs = std::filesystem;

namespace fathom
{
namespace
{
//---------------------------------------------------------------------------//
// Errors

//! Thrown inside; the caller adds the file name (the HDF5 helpers throw the same type).
using WriteError = hdf5::Error;
using hdf5::check;
using hdf5::Handle;
using hdf5::make_plist;
using SilenceHdf5Errors = hdf5::SilenceErrors;

//---------------------------------------------------------------------------//
// Writing helpers

//! Property lists and types shared by all objects of one file.
struct FileContext
{
    Handle lcpl = make_plist(H5P_LINK_CREATE, "creating a link property list");
    Handle acpl = make_plist(H5P_ATTRIBUTE_CREATE, "creating an attribute property list");
    Handle gcpl = make_plist(H5P_GROUP_CREATE, "creating a group property list");
    Handle string_type{H5Tcopy(H5T_C_S1), H5Tclose, "creating the string type"};
    Handle bool_type{H5Tenum_create(H5T_NATIVE_INT8), H5Tclose, "creating the bool type"};
    Handle scalar_space{H5Screate(H5S_SCALAR), H5Sclose, "creating a scalar dataspace"};
    Hdf5WriteOptions options;

    explicit FileContext(Hdf5WriteOptions const& opts) : options(opts)
    {
        check(H5Pset_char_encoding(lcpl, H5T_CSET_UTF8), "setting UTF-8 link names");
        check(H5Pset_char_encoding(acpl, H5T_CSET_UTF8), "setting UTF-8 attribute names");
        check(H5Pset_obj_track_times(gcpl, false), "disabling group time stamps");
        check(H5Tset_size(string_type, H5T_VARIABLE), "setting the string type size");
        check(H5Tset_cset(string_type, H5T_CSET_UTF8), "setting the string type encoding");
        // h5py's representation of numpy bool, which uhi reads back as a Python bool
        std::int8_t false_value = 0, true_value = 1;
        check(H5Tenum_insert(bool_type, "FALSE", &false_value), "creating the bool type");
        check(H5Tenum_insert(bool_type, "TRUE", &true_value), "creating the bool type");
    }
};

Handle create_group(FileContext const& ctx, hid_t parent, std::string const& name)
{
    return Handle(H5Gcreate2(parent, name.c_str(), ctx.lcpl, ctx.gcpl, H5P_DEFAULT), H5Gclose,
                  "creating group '" + name + "'");
}

void write_attribute(FileContext const& ctx, hid_t obj, std::string const& name, hid_t file_type,
                     hid_t mem_type, void const* value)
{
    std::string what = "writing attribute '" + name + "'";
    Handle attr(H5Acreate2(obj, name.c_str(), file_type, ctx.scalar_space, ctx.acpl, H5P_DEFAULT),
                H5Aclose, what);
    check(H5Awrite(attr, mem_type, value), what);
    attr.close(what);
}

void write_string_attribute(FileContext const& ctx, hid_t obj, std::string const& name,
                            std::string const& value)
{
    char const* ptr = value.c_str();
    write_attribute(ctx, obj, name, ctx.string_type, ctx.string_type, &ptr);
}

void write_int_attribute(FileContext const& ctx, hid_t obj, std::string const& name,
                         std::int64_t value)
{
    write_attribute(ctx, obj, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value);
}

void write_double_attribute(FileContext const& ctx, hid_t obj, std::string const& name,
                            double value)
{
    write_attribute(ctx, obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

void write_bool_attribute(FileContext const& ctx, hid_t obj, std::string const& name, bool value)
{
    std::int8_t v = value ? 1 : 0;
    write_attribute(ctx, obj, name, ctx.bool_type, ctx.bool_type, &v);
}

//! Chunk shape for compression: the full shape, halved along the leading axes until a chunk
//! holds at most 64 Ki elements (512 KiB), a size HDF5's chunk cache handles well.
std::vector<hsize_t> chunk_shape(std::vector<hsize_t> const& shape)
{
    constexpr hsize_t max_chunk_elements = hsize_t{1} << 16;
    std::vector<hsize_t> chunk = shape;
    auto count = [&chunk] {
        hsize_t n = 1;
        for (auto c : chunk)
            n *= c;
        return n;
    };
    for (std::size_t d = 0; d < chunk.size() && count() > max_chunk_elements;)
    {
        if (chunk[d] > 1)
            chunk[d] = (chunk[d] + 1) / 2;
        else
            ++d;
    }
    return chunk;
}

void write_dataset(FileContext const& ctx, hid_t parent, std::string const& name, std::vector<hsize_t> const& shape,
                   hid_t file_type, hid_t mem_type, void const* data)
{
    std::string what = "writing dataset '" + name + "'";
    Handle space(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr),
                 H5Sclose, what);
    Handle dcpl = make_plist(H5P_DATASET_CREATE, what);
    check(H5Pset_obj_track_times(dcpl, false), what);
    hsize_t count = 1;
    for (auto s : shape)
        count *= s;
    if (ctx.options.gzip_level > 0 && count >= ctx.options.min_compress_elements)
    {
        auto chunk = chunk_shape(shape);
        check(H5Pset_chunk(dcpl, static_cast<int>(chunk.size()), chunk.data()), what);
        // Byte shuffling groups the similar exponent bytes of doubles (and the zero high
        // bytes of limbs): better compression.
        check(H5Pset_shuffle(dcpl), what);
        check(H5Pset_deflate(dcpl, static_cast<unsigned>(ctx.options.gzip_level)), what);
    }
    Handle dset(H5Dcreate2(parent, name.c_str(), file_type, space, ctx.lcpl, dcpl, H5P_DEFAULT), H5Dclose, what);
    check(H5Dwrite(dset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), what);
    dset.close(what);
}

void write_double_dataset(FileContext const& ctx, hid_t parent, std::string const& name,
                          std::vector<hsize_t> const& shape, double const* data)
{
    write_dataset(ctx, parent, name, shape, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, data);
}

void write_uint64_array_attribute(FileContext const& ctx, hid_t obj, std::string const& name,
                                  std::vector<std::uint64_t> const& value)
{
    std::string what = "writing attribute '" + name + "'";
    hsize_t n = value.size();
    Handle space(n > 0 ? H5Screate_simple(1, &n, nullptr) : H5Screate(H5S_NULL), H5Sclose, what);
    Handle attr(H5Acreate2(obj, name.c_str(), H5T_STD_U64LE, space, ctx.acpl, H5P_DEFAULT), H5Aclose, what);
    if (n > 0)
        check(H5Awrite(attr, H5T_NATIVE_UINT64, value.data()), what);
    attr.close(what);
}

void write_axis(FileContext const& ctx, hid_t ref_axes, std::size_t index, AxisSpec const& axis)
{
    Handle group = create_group(ctx, ref_axes, "axis_" + std::to_string(index));
    if (axis.variable)
    {
        write_string_attribute(ctx, group, "type", "variable");
        write_double_dataset(ctx, group, "edges", {static_cast<hsize_t>(axis.edges.size())},
                             axis.edges.data());
    }
    else
    {
        write_string_attribute(ctx, group, "type", "regular");
        write_double_attribute(ctx, group, "lower", axis.lower);
        write_double_attribute(ctx, group, "upper", axis.upper);
        write_int_attribute(ctx, group, "bins", static_cast<std::int64_t>(axis.bins));
    }
    // fathom always keeps both flow bins and never wraps around
    write_bool_attribute(ctx, group, "underflow", true);
    write_bool_attribute(ctx, group, "overflow", true);
    write_bool_attribute(ctx, group, "circular", false);

    // hist reads "name" and "label" of the axis metadata as the axis name and label
    Handle metadata = create_group(ctx, group, "metadata");
    write_string_attribute(ctx, metadata, "name", axis.observable);
    write_string_attribute(ctx, metadata, "label", axis.label);
    metadata.close("closing axis metadata");
    group.close("closing axis group");
}

void write_histogram(FileContext const& ctx, hid_t file, HistogramData const& h)
{
    HistogramSpec const& spec = h.spec;
    Handle group = create_group(ctx, file, spec.name);
    write_int_attribute(ctx, group, "uhi_schema", 1);

    {
        Handle metadata = create_group(ctx, group, "metadata");
        write_string_attribute(ctx, metadata, "name", spec.name);
        write_string_attribute(ctx, metadata, "title", spec.title);
        write_string_attribute(ctx, metadata, "unit", h.unit);
        write_string_attribute(ctx, metadata, "weight", spec.weight);
        metadata.close("closing histogram metadata");
    }

    std::vector<hsize_t> shape;
    {
        Handle ref_axes = create_group(ctx, group, "ref_axes");
        for (std::size_t i = 0; i < spec.axes.size(); ++i)
        {
            write_axis(ctx, ref_axes, i, spec.axes[i]);
            shape.push_back(static_cast<hsize_t>(spec.axes[i].bins) + 2);
        }
        ref_axes.close("closing ref_axes");
    }

    {
        // Ordered references: readers must not rely on the (alphabetical) group iteration.
        std::vector<hobj_ref_t> refs(spec.axes.size());
        for (std::size_t i = 0; i < refs.size(); ++i)
        {
            std::string path = "ref_axes/axis_" + std::to_string(i);
            check(H5Rcreate(&refs[i], group, path.c_str(), H5R_OBJECT, -1),
                  "creating a reference to " + path);
        }
        std::string what = "writing dataset 'axes'";
        hsize_t n = refs.size();
        Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, what);
        Handle dcpl = make_plist(H5P_DATASET_CREATE, what);
        check(H5Pset_obj_track_times(dcpl, false), what);
        Handle dset(H5Dcreate2(group, "axes", H5T_STD_REF_OBJ, space, ctx.lcpl, dcpl, H5P_DEFAULT),
                    H5Dclose, what);
        check(H5Dwrite(dset, H5T_STD_REF_OBJ, H5S_ALL, H5S_ALL, H5P_DEFAULT, refs.data()), what);
        dset.close(what);
    }

    {
        Handle storage = create_group(ctx, group, "storage");
        write_string_attribute(ctx, storage, "type", "weighted");
        write_double_dataset(ctx, storage, "values", shape, h.values.data());
        write_double_dataset(ctx, storage, "variances", shape, h.variances.data());
        storage.close("closing storage");
    }
    if (!h.exact_sum_w.empty())
    {
        // beside the storage, which uhi reads whole: an extra dataset there would reach hist
        Handle exact = create_group(ctx, group, "exact");
        write_string_attribute(ctx, exact, "what",
                               "sum w and sum w^2 per bin before normalisation, exact: 256-bit two's-complement "
                               "integers in units of 2^-128, as 4 little-endian 64-bit limbs (last axis)");
        std::vector<hsize_t> limb_shape = shape;
        limb_shape.push_back(4);
        write_dataset(ctx, exact, "sum_w", limb_shape, H5T_STD_U64LE, H5T_NATIVE_UINT64, h.exact_sum_w.data());
        write_dataset(ctx, exact, "sum_w2", limb_shape, H5T_STD_U64LE, H5T_NATIVE_UINT64, h.exact_sum_w2.data());
        exact.close("closing exact");
    }
    group.close("closing the histogram group");
}

//---------------------------------------------------------------------------//
// Input validation, before the file is touched

void validate_axis(AxisSpec const& a, std::size_t index)
{
    std::string where = "axis " + std::to_string(index) + " ('" + a.observable + "')";
    if (a.bins == 0)
        throw WriteError(where + " has no bins");
    if (a.variable)
    {
        if (a.edges.size() != std::size_t{a.bins} + 1)
            throw WriteError(where + " has " + std::to_string(a.edges.size())
                             + " edges for " + std::to_string(a.bins) + " bins");
        for (std::size_t i = 0; i < a.edges.size(); ++i)
        {
            if (!std::isfinite(a.edges[i]) || (i > 0 && !(a.edges[i - 1] < a.edges[i])))
                throw WriteError(where + " edges are not finite and strictly increasing");
        }
    }
    else if (!(std::isfinite(a.lower) && std::isfinite(a.upper) && a.lower < a.upper))
    {
        throw WriteError(where + " range is not finite and increasing");
    }
}

void validate(std::vector<HistogramData> const& hists,
              std::vector<FileAttribute> const& file_attributes,
              Hdf5WriteOptions const& options)
{
    if (options.gzip_level < 0 || options.gzip_level > 9)
        throw WriteError("gzip level " + std::to_string(options.gzip_level)
                         + " is not between 0 and 9");
    std::set<std::string_view> names;
    for (auto const& [key, value] : file_attributes)
    {
        if (key.empty())
            throw WriteError("a file attribute has an empty name");
        if (!names.insert(key).second)
            throw WriteError("file attribute '" + key + "' is given twice");
        if (auto const* a = std::get_if<std::vector<std::uint64_t>>(&value);
            a && a->size() > max_array_attribute_elements)
            throw WriteError("file attribute '" + key + "' has " + std::to_string(a->size())
                             + " elements (at most " + std::to_string(max_array_attribute_elements) + ")");
    }
    names.clear();
    for (auto const& h : hists)
    {
        std::string const& name = h.spec.name;
        if (name.empty() || name == "." || name.find('/') != std::string::npos
            || name.find('\0') != std::string::npos)
            throw WriteError("histogram name '" + name + "' is not a valid HDF5 group name");
        if (!names.insert(name).second)
            throw WriteError("histogram name '" + name + "' is used twice");
        if (h.spec.axes.empty() || h.spec.axes.size() > H5S_MAX_RANK)
            throw WriteError("histogram '" + name + "' has " + std::to_string(h.spec.axes.size())
                             + " axes");
        try
        {
            std::set<std::string_view> observables;
            for (std::size_t i = 0; i < h.spec.axes.size(); ++i)
            {
                auto const& a = h.spec.axes[i];
                validate_axis(a, i);
                // hist refuses to load a histogram whose axes share a name
                if (!a.observable.empty() && !observables.insert(a.observable).second)
                    throw WriteError("axis " + std::to_string(i) + " repeats observable '"
                                     + a.observable + "'");
            }
        }
        catch (WriteError const& e)
        {
            throw WriteError("histogram '" + name + "' " + e.what());
        }
        std::size_t expected = num_bins_with_flow(h.spec);
        if (h.values.size() != expected || h.variances.size() != expected)
            throw WriteError("histogram '" + name + "' has " + std::to_string(h.values.size())
                             + " values and " + std::to_string(h.variances.size())
                             + " variances, but its axes need " + std::to_string(expected)
                             + " bins including flow bins");
        if (!h.exact_sum_w.empty() || !h.exact_sum_w2.empty())
        {
            if (h.exact_sum_w.size() != 4 * expected || h.exact_sum_w2.size() != 4 * expected)
                throw WriteError("histogram '" + name + "' has exact sums of " + std::to_string(h.exact_sum_w.size())
                                 + " and " + std::to_string(h.exact_sum_w2.size()) + " limbs, but its axes need "
                                 + std::to_string(4 * expected));
        }
    }
}

//! Build the whole file in memory and return its image.
//!
//! Why in memory: with HDF5 writing to disk itself, a failed write (disk full, quota) also
//! makes the final flush fail, and HDF5 then keeps the file open however often it is closed.
//! In memory nothing can fail half way through except allocation, and the image goes to disk
//! with plain POSIX calls that report errno and clean up (write_text_file_atomic).
std::string
build_file_image(std::vector<HistogramData> const& hists,
                 std::vector<FileAttribute> const& file_attributes,
                 Hdf5WriteOptions const& options)
{
    if (options.gzip_level > 0 && H5Zfilter_avail(H5Z_FILTER_DEFLATE) <= 0)
        throw WriteError("this HDF5 library has no gzip (deflate) filter");

    // In-memory file, never written to disk by HDF5. It grows in steps of the uncompressed
    // data size (plus 1 MiB for the rest), so that it is rarely reallocated and copied.
    std::size_t increment = std::size_t{1} << 20;
    for (auto const& h : hists)
        increment += (h.values.size() + h.variances.size()) * sizeof(double)
                     + (h.exact_sum_w.size() + h.exact_sum_w2.size()) * sizeof(std::uint64_t);
    Handle fapl = make_plist(H5P_FILE_ACCESS, "creating the file access property list");
    check(H5Pset_fapl_core(fapl, increment, false), "selecting the in-memory driver");
    // Strong close degree: closing the file closes anything left open, so no handle outlives
    // this function even if a bug skipped a close.
    check(H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG), "setting the file close degree");
    Handle file(H5Fcreate("fathom-histograms.h5", H5F_ACC_TRUNC, H5P_DEFAULT, fapl), H5Fclose,
                "creating the file");
    {
        FileContext ctx(options);
        for (auto const& [key, value] : file_attributes)
        {
            if (auto const* text = std::get_if<std::string>(&value))
                write_string_attribute(ctx, file, key, *text);
            else if (auto const* i = std::get_if<std::int64_t>(&value))
                write_int_attribute(ctx, file, key, *i);
            else if (auto const* a = std::get_if<std::vector<std::uint64_t>>(&value))
                write_uint64_array_attribute(ctx, file, key, *a);
            else
                write_double_attribute(ctx, file, key, std::get<double>(value));
        }
        for (auto const& h : hists)
        {
            try
            {
                write_histogram(ctx, file, h);
            }
            catch (WriteError const& e)
            {
                throw WriteError("histogram '" + h.spec.name + "': " + e.what());
            }
        }
    }
    check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flushing the file");
    ssize_t size = check(H5Fget_file_image(file, nullptr, 0), "getting the file image size");
    std::string image(static_cast<std::size_t>(size), '\0');
    check(H5Fget_file_image(file, image.data(), image.size()), "getting the file image");
    file.close("closing the file");
    return image;
}
}  // namespace

//---------------------------------------------------------------------------//
std::size_t num_bins_with_flow(HistogramSpec const& spec)
{
    std::size_t n = 1;
    for (auto const& a : spec.axes)
    {
        std::size_t extent = std::size_t{a.bins} + 2;
        if (n > std::numeric_limits<std::size_t>::max() / extent)
            throw std::runtime_error("histogram '" + spec.name + "' has too many bins");
        n *= extent;
    }
    return n;
}

void write_histograms_hdf5(fs::path const& file, std::vector<HistogramData> const& hists,
                           std::vector<FileAttribute> const& file_attributes,
                           Hdf5WriteOptions const& options)
{
    auto fail = [&file](std::string const& what) {
        return std::runtime_error("cannot write HDF5 file '" + file.string() + "': " + what);
    };

    try
    {
        validate(hists, file_attributes, options);
    }
    catch (std::runtime_error const& e)
    {
        throw fail(e.what());
    }

    std::string image;
    try
    {
        SilenceHdf5Errors silence;
        image = build_file_image(hists, file_attributes, options);
    }
    catch (std::exception const& e)
    {
        throw fail(e.what());
    }
    // names the file and what failed itself
    write_text_file_atomic(file, image);
}
}  // namespace fathom
