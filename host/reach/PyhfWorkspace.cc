#include "PyhfWorkspace.hh"

#include <cmath>

#include "run/InputError.hh"

namespace fathom
{
namespace
{
Json numbers(std::vector<double> const& values)
{
    Json a = Json::array();
    for (double x : values)
        a.push_back(x);
    return a;
}

Json modifier(char const* name, char const* type, Json data)
{
    Json m = Json::object();
    m["name"] = name;
    m["type"] = type;
    m["data"] = std::move(data);
    return m;
}
}  // namespace

Json make_pyhf_workspace(ReachBins const& bins, PyhfWorkspaceOptions const& options)
{
    if (!(options.mu_upper_bound > 0))
        throw InputError("reach: the workspace's mu upper bound must be > 0");

    Json signal = Json::object();
    signal["name"] = "signal";
    signal["data"] = numbers(bins.signal);
    signal["modifiers"].push_back(modifier("mu", "normfactor", nullptr));

    Json background = Json::object();
    background["name"] = "background";
    background["data"] = numbers(bins.background);
    background["modifiers"] = Json::array();
    bool any_variance = false;
    std::vector<double> errors;
    for (double v : bins.background_variance)
    {
        errors.push_back(std::sqrt(v));
        any_variance = any_variance || v > 0;
    }
    if (any_variance)
        background["modifiers"].push_back(
            modifier(("staterror_" + options.channel).c_str(), "staterror", numbers(errors)));
    if (double const d = bins.background_norm_uncertainty; d > 0)
    {
        Json hilo = Json::object();
        hilo["hi"] = 1 + d;
        hilo["lo"] = 1 - d;
        background["modifiers"].push_back(modifier("background_norm", "normsys", hilo));
    }

    Json channel = Json::object();
    channel["name"] = options.channel;
    channel["samples"].push_back(std::move(signal));
    channel["samples"].push_back(std::move(background));

    Json observation = Json::object();
    observation["name"] = options.channel;
    observation["data"] = numbers(bins.background);

    Json mu = Json::object();
    mu["name"] = "mu";
    Json bound = Json::array();
    bound.push_back(0.0);
    bound.push_back(options.mu_upper_bound);
    mu["bounds"].push_back(std::move(bound));
    Json config = Json::object();
    config["poi"] = "mu";
    config["parameters"].push_back(std::move(mu));
    Json measurement = Json::object();
    measurement["name"] = options.measurement;
    measurement["config"] = std::move(config);

    Json ws = Json::object();
    ws["channels"].push_back(std::move(channel));
    ws["observations"].push_back(std::move(observation));
    ws["measurements"].push_back(std::move(measurement));
    ws["version"] = "1.0.0";
    return ws;
}
}  // namespace fathom
