// Read histograms back from the HDF5 layout of Hdf5HistogramWriter.hh (UHI, uhi_schema 1), e.g.
// the per-mass histograms.h5 of a mass scan. Only what the writer writes is understood:
// weighted storage, regular and variable axes with both flow bins; anything else is refused
// with a one-line message rather than guessed at.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "HistogramData.hh"
#include "Hdf5HistogramWriter.hh"

namespace fathom
{
//! The histogram in group \p name of \p file: spec (name, title, weight, axes with observable
//! and label), unit, values and variances including flow bins (C order, as written). Throws
//! InputError "cannot read HDF5 file '<file>': histogram '<name>': <what>" for a missing file
//! or group, an unknown layout, or datasets whose shape does not match the axes. The exact sums
//! (group "exact") are read too where the file has them.
HistogramData read_histogram_hdf5(std::filesystem::path const& file, std::string const& name);

//! Names of the histogram groups (those with a uhi_schema attribute) of \p file, sorted.
std::vector<std::string> list_histograms_hdf5(std::filesystem::path const& file);

//! The root-group attribute \p name of \p file as the writer's types (string, int64, double, 1-D
//! uint64 array); nullopt if the file has no such attribute. InputError as above for a missing
//! or unreadable file or an attribute of another type.
std::optional<FileAttributeValue> read_file_attribute_hdf5(std::filesystem::path const& file, std::string const& name);
}  // namespace fathom
