// Write histograms to HDF5 in the UHI serialisation layout (uhi_schema 1), readable with
// uhi.io.hdf5.read and hist/boost-histogram.
//
// Layout, one group per histogram named spec.name:
//   /<name>                    attrs: uhi_schema = 1 (int64)
//   /<name>/metadata           attrs: name, title, unit (strings)
//   /<name>/ref_axes/axis_<i>  attrs: type = "regular" | "variable"; regular: lower, upper
//                              (double), bins (int64); underflow, overflow, circular (bool);
//                              variable: dataset "edges" (double, bins + 1)
//   /<name>/ref_axes/axis_<i>/metadata  attrs: name (observable), label (strings)
//   /<name>/axes               dataset of object references to the axis groups, in order
//   /<name>/storage            attrs: type = "weighted"; datasets "values" and "variances"
//                              (double, shape bins + 2 per axis: flow bins included, C order)
//   /<name>/exact              only if HistogramData::exact_sum_w is set: datasets "sum_w" and
//                              "sum_w2" (uint64, the storage's shape + a last axis of 4 limbs:
//                              the exact 256-bit sums, ExactSum.hh); uhi and hist ignore it
// The root group carries the caller's file attributes: strings, int64, double or 1-D uint64
// arrays (at most max_array_attribute_elements), each stored with its own type (a number is
// never a string).
//
// Types as h5py writes them, which is what uhi's reader expects: strings are scalar
// variable-length UTF-8, bools are the int8 enum {FALSE = 0, TRUE = 1}.
// Object modification times are not stored, so equal input gives byte-identical files.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <cstdint>
#include <utility>
#include <variant>
#include <vector>

#include "HistogramData.hh"

namespace fathom
{
//! A root-group attribute: name and value (a string, an integer or a double).
using FileAttributeValue = std::variant<std::string, std::int64_t, double, std::vector<std::uint64_t>>;
using FileAttribute = std::pair<std::string, FileAttributeValue>;

//! Largest uint64 array attribute: HDF5 keeps attributes in the object header (under 64 KiB).
inline constexpr std::size_t max_array_attribute_elements = 7000;

struct Hdf5WriteOptions
{
    //! Deflate (gzip) level for bin and edge datasets, 1 to 9; 0 writes them uncompressed.
    int gzip_level{4};
    //! Datasets with fewer elements stay contiguous and uncompressed (as uhi does), since
    //! compression costs more than it saves for them.
    std::size_t min_compress_elements{1000};
};

//! Write the histograms into a new file at `file` (replacing an existing one). The file is
//! built in memory, written under a temporary name and renamed at the end, so it appears
//! complete or not at all. Throws std::runtime_error with a one-line message naming the file
//! and what failed: for invalid input (duplicate or malformed names, an observable on two
//! axes of one histogram, bin counts that do not match the axes, bad edges) before anything
//! is written, for HDF5 errors, and for I/O errors.
void write_histograms_hdf5(std::filesystem::path const& file,
                           std::vector<HistogramData> const& hists,
                           std::vector<FileAttribute> const& file_attributes = {},
                           Hdf5WriteOptions const& options = {});

//! Number of bins of a histogram including flow bins (product of bins + 2 over the axes).
std::size_t num_bins_with_flow(HistogramSpec const& spec);
}  // namespace fathom
