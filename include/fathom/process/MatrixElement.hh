// What a process returns for one event: |M|^2 and its named parts.
#pragma once

#include "fathom/base/Array.hh"

namespace fathom
{
//! Named parts a process may expose (e.g. fusion, annihilation, interference of the ALP
//! signal); histograms can be filled per part. Bhabha exposes none.
inline constexpr size_type max_me_parts = 3;

struct MatrixElement
{
    real_type total{0};  //!< spin-summed/averaged |M|^2 with identical-particle factors
    Array<real_type, max_me_parts> parts{};
};
}  // namespace fathom
