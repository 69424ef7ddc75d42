#include "Luminosity.hh"

#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <utility>

#include "InputError.hh"

namespace fathom
{
double parse_luminosity_pb(std::string const& text, std::string const& what)
{
    // 1 ab^-1 = 1e6 pb^-1 (atto-, femto-, pico-, nano-barn inverse)
    static constexpr std::array<std::pair<char const*, double>, 8> units{{{"ab-1", 1e6},
                                                                          {"fb-1", 1e3},
                                                                          {"pb-1", 1.0},
                                                                          {"nb-1", 1e-3},
                                                                          {"/ab", 1e6},
                                                                          {"/fb", 1e3},
                                                                          {"/pb", 1.0},
                                                                          {"/nb", 1e-3}}};
    auto bad = [&](std::string const& why) {
        return InputError(what + ": " + why + ", got '" + text
                          + "' (expected a number and a unit, e.g. 50ab-1, 1000fb-1, 5e7pb-1)");
    };
    std::string t;
    for (char c : text)
    {
        if (!std::isspace(static_cast<unsigned char>(c)))
            t += c;
    }
    for (auto const& [u, factor] : units)
    {
        std::string const unit(u);
        if (t.size() <= unit.size() || t.compare(t.size() - unit.size(), unit.size(), unit) != 0)
            continue;
        std::string number = t.substr(0, t.size() - unit.size());
        std::size_t pos = 0;
        double v = NAN;
        try
        {
            v = std::stod(number, &pos);
        }
        catch (std::exception const&)
        {
            throw bad("not a number");
        }
        if (pos != number.size())
            throw bad("not a number");
        if (!std::isfinite(v) || !(v > 0))
            throw bad("expected a finite luminosity > 0");
        return v * factor;
    }
    // the unit is what follows the longest leading number
    char const* begin = t.c_str();
    char* end = nullptr;
    std::strtod(begin, &end);
    std::string const unit = t.substr(static_cast<std::size_t>(end - begin));
    if (end == begin || unit.empty())
        throw bad(end == begin ? "not a number" : "no unit");
    throw InputError(what + ": unknown unit \"" + unit + "\" in '" + text
                     + "'; expected one of ab-1, fb-1, pb-1, nb-1 (or /ab, /fb, /pb, /nb), e.g. 50ab-1");
}

std::string format_luminosity(double luminosity_pb)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g ab^-1", luminosity_pb / 1e6);
    return buf;
}
}  // namespace fathom
