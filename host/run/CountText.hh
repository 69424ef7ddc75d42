// Counts given as text on the command line (events, seeds, batch sizes, checkpoint intervals).
#pragma once

#include <cstdint>
#include <string>

namespace fathom
{
//! A count: digits (exact up to 2^64 - 1), or an integral float such as 1e7; never negative.
//! InputError "option OPTION: expected a non-negative integer, got 'TEXT'" otherwise.
std::uint64_t parse_count(std::string const& text, std::string const& option);
}  // namespace fathom
