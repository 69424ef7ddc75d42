// Integrated luminosity from the command line or a card: "50ab-1", "50/ab", "1000 fb-1", "5e7pb-1".
// A unit is required: a bare number is ambiguous by factors of 1000.
#pragma once

#include <string>

namespace fathom
{
//! Integrated luminosity in pb^-1 (the unit of fathom's cross sections, so events = sigma * L).
//! Units: ab-1, fb-1, pb-1, nb-1 (also written /ab, /fb, ...). Throws InputError naming
//! `what` (e.g. "option --luminosity") unless the value is a finite number > 0 with a unit.
double parse_luminosity_pb(std::string const& text, std::string const& what);

//! The same luminosity written back in ab^-1, e.g. "50 ab^-1" (for tables and plot labels).
std::string format_luminosity(double luminosity_pb);
}  // namespace fathom
