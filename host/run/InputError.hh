// Errors in what the user gave us (run card, command line, input files): reported as one line.
#pragma once

#include <charconv>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace fathom
{
class InputError : public std::runtime_error
{
  public:
    using std::runtime_error::runtime_error;
};

//! A number as the user would write it back (shortest round trip: 0.1, 1e+308, inf, nan).
inline std::string show_number(double v)
{
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

//! A derived number (a limit, sqrt(s)) to 6 significant digits.
inline std::string show_derived(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}
}  // namespace fathom
