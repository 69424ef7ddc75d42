#include "RunMerge.hh"

#include <optional>
#include <sstream>
#include <system_error>

#include "DeviceSetupBuilder.hh"
#include "InputError.hh"
#include "RunCard.hh"
#include "RunCheck.hh"
#include "io/SamplerGridFile.hh"

namespace fathom
{
namespace
{
namespace fs = std::filesystem;

//! Card keys that say how a run was made, not what it computes: they may differ between inputs.
constexpr char const* provenance_keys[][2]
    = {{"run", "events"}, {"run", "seed"}, {"run", "threads"}, {"run", "batch_size"}, {"run", "simd"},
       {"output", "directory"}};
//! Sampler settings: the same integrand over the same phase space, another importance sampling.
//! Inputs that differ here merge into a statistically valid result that no single run gives.
constexpr char const* sampler_keys[]
    = {"sampler", "grid_bins", "adapt_iterations", "adapt_events", "grid_damping", "channel_weight_damping",
       "alpha_positron_first", "pair_mass_mapping"};

std::string node_text(toml::node const& n)
{
    std::ostringstream os;
    n.visit([&os](auto const& v) { os << v; });
    std::string t = os.str();
    return t.size() > 60 ? t.substr(0, 57) + "..." : t;
}

//! The first key path where \p a and \p b differ, with both values; nullopt if equal.
std::optional<std::string> first_difference(toml::node const* a, toml::node const* b, std::string const& path)
{
    if (!a || !b)
        return path + (a ? " (absent from the second)" : " (absent from the first)");
    if (a->type() != b->type())
        return path + " (" + node_text(*a) + " vs " + node_text(*b) + ")";
    if (auto const* ta = a->as_table())
    {
        auto const* tb = b->as_table();
        for (auto const& [k, v] : *ta)
            if (auto d = first_difference(&v, tb->get(k.str()), path.empty() ? std::string(k.str()) : path + "." + std::string(k.str())))
                return d;
        for (auto const& [k, v] : *tb)
            if (!ta->contains(k.str()))
                return (path.empty() ? std::string(k.str()) : path + "." + std::string(k.str())) + " (absent from the first)";
        return std::nullopt;
    }
    if (auto const* aa = a->as_array())
    {
        auto const* ab = b->as_array();
        if (aa->size() != ab->size())
            return path + " (" + std::to_string(aa->size()) + " vs " + std::to_string(ab->size()) + " entries)";
        for (std::size_t i = 0; i < aa->size(); ++i)
            if (auto d = first_difference(aa->get(i), ab->get(i), path + "[" + std::to_string(i) + "]"))
                return d;
        return std::nullopt;
    }
    bool equal = false;
    if (auto x = a->value_exact<double>())
        equal = *x == *b->value_exact<double>();
    else if (auto i = a->value_exact<std::int64_t>())
        equal = *i == *b->value_exact<std::int64_t>();
    else if (auto f = a->value_exact<bool>())
        equal = *f == *b->value_exact<bool>();
    else if (auto t = a->value_exact<std::string>())
        equal = *t == *b->value_exact<std::string>();
    if (equal)
        return std::nullopt;
    return path + " (" + node_text(*a) + " vs " + node_text(*b) + ")";
}

//! The card without provenance keys; the sampler's settings moved out into \p sampler.
toml::table physics_card(RunSpec const& spec, toml::table& sampler)
{
    toml::table card = effective_card(spec);
    for (auto const& [table, key] : provenance_keys)
        if (auto* t = card[table].as_table())
            t->erase(key);
    if (auto* ps = card["phase_space"].as_table())
        for (char const* key : sampler_keys)
            if (auto* v = ps->get(key))
            {
                sampler.insert(key, *v);
                ps->erase(key);
            }
    return card;
}

struct Input
{
    fs::path dir;
    RunSpec spec;
    toml::table card;
    toml::table sampler;
    ExactRunState state;
};

fs::path required_file(fs::path const& dir, char const* name)
{
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw InputError("merge: input " + dir.string() + ": "
                         + (fs::exists(dir, ec) ? "not a directory" : "no such directory")
                         + " (expected the output directory of fathom run or fathom merge)");
    fs::path f = dir / name;
    if (!fs::is_regular_file(f, ec))
        throw InputError("merge: input " + dir.string() + ": no " + name
                         + " (expected the output directory of fathom run or fathom merge)");
    return f;
}
}  // namespace

RunOutcome execute_merge(MergeOptions const& options)
{
    if (options.inputs.empty())
        throw InputError("merge: expected at least one input directory after OUT");
    std::vector<OutputInput> guarded;
    for (fs::path const& in : options.inputs)
        guarded.push_back({in});
    OutputDirectory out_dir(options.output, {"merge", options.force, guarded});

    std::vector<Input> inputs;
    std::optional<DeviceSetupBuild> build;
    for (fs::path const& dir : options.inputs)
    {
        Input in;
        in.dir = dir;
        fs::path const card_file = required_file(dir, "run_card.toml");
        fs::path const hist_file = required_file(dir, "histograms.h5");
        in.spec = read_run_card(card_file);
        in.card = physics_card(in.spec, in.sampler);
        if (!inputs.empty())
        {
            if (auto d = first_difference(&inputs.front().card, &in.card, ""))
                throw InputError("merge: " + dir.string() + " differs from " + inputs.front().dir.string()
                                 + " in the card key " + *d
                                 + ": only runs of the same process, parameters, cuts, binning and detector "
                                   "response can be merged");
        }
        else
        {
            build = build_device_setup(in.spec);
        }
        in.state = read_exact_run_state(hist_file, *build);
        inputs.push_back(std::move(in));
    }

    // The same events twice would be counted twice: refuse any shared (seed, event index).
    std::vector<std::pair<EventRange, std::size_t>> all;
    for (std::size_t i = 0; i < inputs.size(); ++i)
        for (EventRange const& r : inputs[i].state.ranges)
            all.push_back({r, i});
    if (auto o = find_overlap(all))
    {
        auto [i, j] = *o;
        throw InputError("merge: " + inputs[j].dir.string() + " and " + inputs[i].dir.string()
                         + " hold some of the same events (seed " + std::to_string(inputs[i].spec.seed)
                         + ", overlapping event ranges): merging them would count those events twice");
    }

    ExactRunState merged = inputs.front().state;
    for (std::size_t i = 1; i < inputs.size(); ++i)
        merge(merged, inputs[i].state);

    // Equivalent to one run: one seed's events [0, N), one sampler map.
    std::string why_not;
    if (merged.ranges.size() != 1 || merged.ranges.front().first != 0)
        why_not = merged.ranges.size() > 1 && merged.ranges.front().seed != merged.ranges.back().seed
                      ? "the inputs have different seeds"
                      : "the events are not one range [0, N) of one seed";
    for (std::size_t i = 1; i < inputs.size() && why_not.empty(); ++i)
    {
        if (auto d = first_difference(&inputs.front().sampler, &inputs[i].sampler, "phase_space"))
            why_not = "the sampler settings differ (" + *d + ")";
    }
    if (why_not.empty() && merged.grid_digest == "mixed")
        why_not = "the inputs used different frozen sampler grids";

    RunSpec spec = inputs.front().spec;
    spec.events = merged.events();
    spec.seed = merged.ranges.empty() ? spec.seed : merged.ranges.front().seed;
    spec.output_directory = options.output.string();
    spec.card_path = (inputs.front().dir / "run_card.toml").string();

    RunOutcome out;
    collect_results(merged.sums, spec.events, *build, out);
    out.exact = merged;
    out.device = "merge of " + std::to_string(inputs.size()) + " outputs";
    if (merged.grid_digest != "mixed" && !merged.grid_digest.empty())
    {
        std::error_code ec;
        fs::path const grid = inputs.front().dir / "grid.h5";
        if (fs::is_regular_file(grid, ec))
            out.grid = read_sampler_grid(grid);
    }
    Json ins = Json::array();
    for (Input const& in : inputs)
    {
        Json x = Json::object();
        x["directory"] = in.dir.string();
        x["events"] = in.state.events();
        ins.push_back(std::move(x));
    }
    out.merge = Json::object();
    out.merge["inputs"] = std::move(ins);
    out.merge["equivalent_to_single_run"] = why_not.empty();
    if (!why_not.empty())
        out.merge["why_not_equivalent"] = why_not + ": the result is a valid estimate from all their events, "
                                                    "but no single run gives these bits";
    check_run_usable(spec, out.summary, "merge: ");
    write_run_output(out_dir, spec, out);
    out_dir.commit();
    print_run_result(spec, out, out_dir.target());
    if (!why_not.empty())
        std::printf("  not equivalent to one run: %s\n", why_not.c_str());
    return out;
}
}  // namespace fathom
