// Host-side description and contents of a histogram, as the writers see it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fathom
{
//! One axis as declared in the run card.
struct AxisSpec
{
    std::string observable;        //!< observable name, e.g. "cos_theta_em"
    std::string label;             //!< axis label with unit, e.g. "cos theta(e-) [CM]"
    bool variable{false};          //!< false: regular (bins, lower, upper); true: edges
    std::uint32_t bins{0};
    double lower{0};
    double upper{0};
    std::vector<double> edges;     //!< variable axes: bins + 1 increasing edges
};

//! One histogram as declared in the run card.
struct HistogramSpec
{
    std::string name;              //!< unique; the HDF5 group name
    std::string title;
    std::vector<AxisSpec> axes;    //!< 1 to 5 axes
    std::string weight{"total"};   //!< "total" or a named part of the process's |M|^2
};

//! A filled histogram: per bin sum of w and sum of w^2, in C order (last axis fastest),
//! every axis with its underflow (index 0) and overflow (index bins + 1) bin.
struct HistogramData
{
    HistogramSpec spec;
    std::vector<double> values;     //!< sum w per bin (already normalised, see unit)
    std::vector<double> variances;  //!< sum w^2 per bin (same normalisation squared)
    std::string unit;               //!< unit of values, e.g. "pb"
    //! The run's exact sums behind values and variances (un-normalised, fathom/base/ExactSum.hh):
    //! 4 little-endian 64-bit limbs per bin, bins in the order of values; empty: not stored.
    //! What `fathom merge` adds (docs/design.md, "Merging runs").
    std::vector<std::uint64_t> exact_sum_w;
    std::vector<std::uint64_t> exact_sum_w2;
};
}  // namespace fathom
