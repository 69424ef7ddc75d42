#include "PyhfWorkspace.hh"

#include <cmath>

#include "run/InputError.hh"

namespace fathom
{
namespace
{
JsonValue numbers(std::vector<double> const& values)
{
    JsonValue a = JsonValue::array();
    for (double x : values)
        a.push_back(x);
    return a;
}

JsonValue modifier(char const* name, char const* type, JsonValue data)
{
    JsonValue m = JsonValue::object();
    m.set("name", name);
    m.set("type", type);
    m.set("data", std::move(data));
    return m;
}
}  // namespace

JsonValue make_pyhf_workspace(ReachBins const& bins, PyhfWorkspaceOptions const& options)
{
    if (!(options.mu_upper_bound > 0))
        throw InputError("reach: the workspace's mu upper bound must be > 0");

    JsonValue signal = JsonValue::object();
    signal.set("name", "signal");
    signal.set("data", numbers(bins.signal));
    signal["modifiers"].push_back(modifier("mu", "normfactor", nullptr));

    JsonValue background = JsonValue::object();
    background.set("name", "background");
    background.set("data", numbers(bins.background));
    background["modifiers"] = JsonValue::array();
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
        JsonValue hilo = JsonValue::object();
        hilo.set("hi", 1 + d);
        hilo.set("lo", 1 - d);
        background["modifiers"].push_back(modifier("background_norm", "normsys", hilo));
    }

    JsonValue channel = JsonValue::object();
    channel.set("name", options.channel);
    channel["samples"].push_back(std::move(signal));
    channel["samples"].push_back(std::move(background));

    JsonValue observation = JsonValue::object();
    observation.set("name", options.channel);
    observation.set("data", numbers(bins.background));

    JsonValue mu = JsonValue::object();
    mu.set("name", "mu");
    JsonValue bound = JsonValue::array();
    bound.push_back(0.0);
    bound.push_back(options.mu_upper_bound);
    mu["bounds"].push_back(std::move(bound));
    JsonValue config = JsonValue::object();
    config.set("poi", "mu");
    config["parameters"].push_back(std::move(mu));
    JsonValue measurement = JsonValue::object();
    measurement.set("name", options.measurement);
    measurement.set("config", std::move(config));

    JsonValue ws = JsonValue::object();
    ws["channels"].push_back(std::move(channel));
    ws["observations"].push_back(std::move(observation));
    ws["measurements"].push_back(std::move(measurement));
    ws.set("version", "1.0.0");
    return ws;
}
}  // namespace fathom
