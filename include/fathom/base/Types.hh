// Fundamental scalar types shared by host and device code.
#pragma once

#include <cstdint>

namespace fathom
{
//! Floating-point type of all physics (double: non-finite checks and 1e-10 agreement need it).
using real_type = double;
//! Event counters and indices: 64 bit so that runs of 1e10+ events never wrap.
using event_index_type = std::uint64_t;
using size_type = std::uint32_t;
}  // namespace fathom
