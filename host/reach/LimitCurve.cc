#include "LimitCurve.hh"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>
#include <string>
#include <system_error>

#include "io/InputFile.hh"
#include "run/InputError.hh"

namespace fathom
{
namespace
{
bool parse_double(std::string_view text, double& out)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
        text.remove_suffix(1);
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size() && !text.empty();
}
}  // namespace

LimitCurve read_limit_curve_csv(std::filesystem::path const& path)
{
    std::string text = read_input_file(path, "limit curve '" + path.string() + "'");
    strip_utf8_bom(text);
    std::istringstream in(text);
    LimitCurve curve;
    curve.source = path;
    std::string line;
    std::size_t line_no = 0;
    bool header_allowed = true;
    while (std::getline(in, line))
    {
        ++line_no;
        auto const first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line[first] == '#')
            continue;
        auto fail = [&](std::string const& what) {
            throw InputError("limit curve '" + path.string() + "' line " + std::to_string(line_no)
                             + ": " + what);
        };
        auto const comma = line.find(',');
        double m = 0, g = 0;
        bool const numeric = comma != std::string::npos
                             && parse_double(std::string_view(line).substr(0, comma), m)
                             && parse_double(std::string_view(line).substr(comma + 1), g);
        if (!numeric)
        {
            if (header_allowed)
            {
                header_allowed = false;
                continue;
            }
            fail("expected two numbers 'mass,limit'");
        }
        header_allowed = false;
        if (!(m > 0 && g > 0 && std::isfinite(m) && std::isfinite(g)))
            fail("mass and limit must be finite and > 0");
        if (!curve.mass_gev.empty() && !(m > curve.mass_gev.back()))
            fail("masses must be strictly increasing");
        curve.mass_gev.push_back(m);
        curve.g_limit.push_back(g);
    }
    if (curve.mass_gev.size() < 2)
        throw InputError("limit curve '" + path.string() + "' has fewer than two points");
    return curve;
}

std::optional<double> interpolate_log_log(LimitCurve const& curve, double m_gev)
{
    auto const& m = curve.mass_gev;
    if (m.empty() || !(m_gev >= m.front() && m_gev <= m.back()))
        return std::nullopt;
    auto const it = std::upper_bound(m.begin(), m.end(), m_gev);
    std::size_t const hi = it == m.end() ? m.size() - 1 : static_cast<std::size_t>(it - m.begin());
    std::size_t const lo = hi - 1;
    double const t = std::log(m_gev / m[lo]) / std::log(m[hi] / m[lo]);
    return std::exp(std::log(curve.g_limit[lo]) * (1 - t) + std::log(curve.g_limit[hi]) * t);
}
}  // namespace fathom
