// The frozen adaptive sampler (VEGAS grids of the multichannel channels and the channel weights
// alpha), saved with a run's output and reloaded with `fathom run --grid FILE` so that a
// production run can skip adaptation and reproduce the adapted map exactly.
//
// HDF5 layout (fathom_grid_format 1):
//   /                     attrs: fathom_grid_format = 1 (int64)
//                                process (string)
//                                bins (int64): bins per dimension, the same for every grid
//                                adaptation_events (uint64): informational
//   /settings             group; one string attribute per setting key (its canonical text)
//   /settings/keys        dataset (strings, one per key): the keys in their order
//   /channel_names        dataset (strings, one per channel)
//   /channel_ndim         dataset (uint32, one per channel): dimensions of each channel's
//                         VEGAS grid, 0 for a channel without a grid
//   /alpha                dataset (double, one per channel): channel weights, summing to 1
//   /edges                dataset (double, sum over channels of ndim * (bins + 1)): the grid
//                         edges, channel after channel, dimension-major within a channel
//                         (dimension d of channel c: bins + 1 edges from 0 to 1)
// Strings are variable-length UTF-8 (as h5py writes str); doubles are IEEE 754 binary64, so they
// round-trip bit for bit. All datasets are one-dimensional. Object modification times are not
// stored, so equal grids give byte-identical files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace fathom
{
//! A frozen adaptive sampler: what production needs to reproduce the adapted map exactly.
struct SamplerGrid
{
    std::string process;  //!< process name, e.g. "ee_eeaa"
    //! What the grid depends on besides the process, as (key, canonical text) pairs, e.g.
    //! {"beams", "..."}, {"cuts", "..."}, {"sampler", "..."}; compared exactly on reload.
    std::vector<std::pair<std::string, std::string>> settings;
    std::vector<std::string> channel_names;  //!< one per channel
    std::vector<unsigned> channel_ndim;  //!< dimensions of each channel's VEGAS grid (0 = no grid)
    unsigned bins{0};                    //!< bins per dimension (same for all)
    std::vector<double> alpha;           //!< channel weights, one per channel
    //! Concatenated: channel c has channel_ndim[c] * (bins + 1) edges, dimension-major.
    std::vector<double> edges;
    std::uint64_t adaptation_events{0};  //!< informational
};

//! Most dimensions a channel's grid may have.
inline constexpr unsigned max_sampler_grid_dims = 16;

//! Write atomically (temporary sibling + rename; nothing left behind on failure). The grid is
//! checked first (the same checks as on reading, and setting keys must be non-empty and
//! distinct). Throws std::runtime_error with a one-line message naming the file.
void write_sampler_grid(std::filesystem::path const& file, SamplerGrid const& grid);

//! Read a grid written by write_sampler_grid. Throws InputError("FILE: ...", one line) if the
//! file is missing or unreadable, is not HDF5, is not a fathom grid (a dataset or attribute
//! missing or of the wrong kind, another format version), or is internally inconsistent
//! (edges length != sum of ndim * (bins + 1), alpha of the wrong size, alpha not finite and
//! non-negative or not summing to 1 within 1e-9, edges not starting at 0, ending at 1 and
//! strictly increasing, ndim > 16, no channels, no bins).
SamplerGrid read_sampler_grid(std::filesystem::path const& file);

//! Throw InputError("FILE: ...", one line) for the first difference between a loaded grid and
//! the layout the run expects, checked in this order: process; each setting key of `expected`
//! in order (missing from the grid, or another value: both values are shown if each is short,
//! else an excerpt around the first difference), then keys the grid has and the run does not;
//! channel count, channel names; channel ndim; bins. `expected` has everything but alpha and
//! edges filled (those are not compared, nor is adaptation_events).
void check_sampler_grid_matches(SamplerGrid const& loaded, SamplerGrid const& expected,
                                std::filesystem::path const& file);

//! "fnv1a64:<16 hex digits>" of what makes the sampler's map (process, settings, channels, bins,
//! and the bits of alpha and edges; not adaptation_events): equal digests, equal maps. Runs
//! merged from one frozen grid can be equivalent to a single run; from different grids they are
//! only statistically combinable.
std::string sampler_grid_digest(SamplerGrid const& grid);
}  // namespace fathom
