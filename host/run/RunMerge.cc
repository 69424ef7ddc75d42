#include "RunMerge.hh"

#include <optional>
#include <system_error>

#include "CardDifference.hh"
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

struct Input
{
    fs::path dir;
    RunSpec spec;
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
        if (!inputs.empty())
        {
            if (auto d = card_difference(inputs.front().spec, in.spec, CardScope::merge))
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
        if (auto d = sampler_difference(inputs.front().spec, inputs[i].spec))
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
    if (options.quiet)
        return out;
    print_run_result(spec, out, out_dir.target());
    if (!why_not.empty())
        std::printf("  not equivalent to one run: %s\n", why_not.c_str());
    return out;
}
}  // namespace fathom
