#include "CountText.hh"

#include <cmath>
#include <exception>

#include "InputError.hh"

namespace fathom
{
std::uint64_t parse_count(std::string const& text, std::string const& option)
{
    std::size_t pos = 0;
    double d = NAN;
    bool ok = !text.empty() && text[0] != '-' && text[0] != '+';
    if (ok && text.find_first_not_of("0123456789") == std::string::npos && text.size() < 20)
        return std::stoull(text);
    try
    {
        d = std::stod(text, &pos);
    }
    catch (std::exception const&)
    {
        ok = false;
    }
    if (!ok || pos != text.size() || !(d >= 0) || d != std::floor(d) || d >= 1.8e19)
        throw InputError("option " + option + ": expected a non-negative integer, got '" + text + "'");
    return static_cast<std::uint64_t>(d);
}
}  // namespace fathom
