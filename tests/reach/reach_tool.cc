// Expected limits of a small hand-written reach model, and its pyhf workspace. Driven by
// tests/python/test_reach_pyhf.py, which redoes the limits with pyhf on that workspace.
//
// Usage: reach_tool INPUT.txt WORKSPACE.json
//
// INPUT.txt, one record per line, blank lines and '#' comments ignored:
//   g_ref <g>                  (default 1)
//   norm_uncertainty <d>       (relative background normalisation uncertainty; default 0)
//   bin <s> <b> <v>            (signal at g_ref, background, background MC variance)
// Numbers are anything std::from_chars reads, so Python's repr() round-trips exactly.
//
// Prints one JSON object: band_sigma, mu_up, g_up (per band), the MC precision check and the
// bin counts. The workspace's mu bounds are [0, 10 x the +2 sigma limit].
#include <charconv>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "io/JsonFile.hh"
#include "reach/ExpectedLimits.hh"
#include "reach/PyhfWorkspace.hh"

namespace
{
using namespace fathom;

double parse_number(std::string const& text)
{
    double x = 0;
    auto const [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
    if (ec != std::errc{} || end != text.data() + text.size())
        throw std::runtime_error("not a number: '" + text + "'");
    return x;
}

ReachInput read_input(char const* path)
{
    std::ifstream file(path);
    if (!file)
        throw std::runtime_error(std::string("cannot open ") + path);
    ReachInput in;
    std::string line;
    while (std::getline(file, line))
    {
        std::istringstream words(line);
        std::string key;
        if (!(words >> key) || key[0] == '#')
            continue;
        std::string a, b, c;
        if (key == "g_ref" && words >> a)
            in.g_ref = parse_number(a);
        else if (key == "norm_uncertainty" && words >> a)
            in.background_norm_uncertainty = parse_number(a);
        else if (key == "bin" && words >> a >> b >> c)
        {
            in.signal.push_back(parse_number(a));
            in.background.push_back(parse_number(b));
            in.background_variance.push_back(parse_number(c));
        }
        else
            throw std::runtime_error("bad line: '" + line + "'");
    }
    return in;
}

Json numbers(auto const& values)
{
    Json a = Json::array();
    for (double x : values)
        a.push_back(x);
    return a;
}
}  // namespace

int main(int argc, char** argv)
{
    if (argc != 3)
    {
        std::fprintf(stderr, "usage: reach_tool INPUT.txt WORKSPACE.json\n");
        return 2;
    }
    try
    {
        ReachBins const bins = make_reach_bins(read_input(argv[1]));
        ExpectedLimits const lim = expected_upper_limits(bins);

        PyhfWorkspaceOptions options;
        options.mu_upper_bound = 10 * lim.mu_up.back();
        write_json_file(argv[2], make_pyhf_workspace(bins, options));

        Json out = Json::object();
        out["band_sigma"] = numbers(ExpectedLimits::band_sigma);
        out["mu_up"] = numbers(lim.mu_up);
        out["g_up"] = numbers(lim.g_up);
        Json mc = Json::object();
        mc["max_bin_ratio"] = lim.mc_precision.max_bin_ratio;
        mc["summed_ratio"] = lim.mc_precision.summed_ratio;
        mc["weighted_ratio"] = lim.mc_precision.weighted_ratio;
        mc["warning"] = lim.mc_precision.warning;
        out["mc_precision"] = std::move(mc);
        out["kept_bins"] = bins.size();
        out["dropped_bins"] = bins.dropped_bins;
        out["floored_bins"] = bins.floored_bins;
        std::cout << to_json_text(out) << '\n';
        return 0;
    }
    catch (std::exception const& e)
    {
        std::fprintf(stderr, "reach_tool: %s\n", e.what());
        return 1;
    }
}
