#include "Checkpoint.hh"

#include <bit>
#include <cmath>
#include <ctime>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string_view>
#include <system_error>

#include <toml++/toml.h>

#include "CountText.hh"
#include "InputError.hh"
#include "RunCard.hh"
#include "RunDriver.hh"
#include "Version.hh"
#include "io/Fnv1a.hh"
#include "io/HexWord.hh"
#include "io/Hdf5HistogramWriter.hh"
#include "io/OutputDirectory.hh"

namespace fathom
{
namespace
{
namespace fs = std::filesystem;

constexpr char format_name[] = "fathom-checkpoint-1";
constexpr std::string_view suffix = ".checkpoint";  //!< OUT.checkpoint beside OUT
constexpr char marker_name[] = ".fathom-checkpoint";
constexpr char const* own_files[] = {"manifest.toml",     "run_card.toml",     "grid.h5",    "adaptation.toml",
                                     "grid-a.h5",         "grid-b.h5",         "state-a.h5", "state-b.h5",
                                     "adaptation-a.toml", "adaptation-b.toml"};
constexpr char const* adapting_files[] = {"grid-a.h5", "grid-b.h5", "adaptation-a.toml", "adaptation-b.toml"};

//! Size and FNV-1a 64 of a file's bytes; nullopt if it cannot be read.
std::optional<std::pair<std::uint64_t, std::string>> file_checksum(fs::path const& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return std::nullopt;
    Fnv1a64 h;
    std::uint64_t n = 0;
    char buf[1 << 16];
    while (in.read(buf, sizeof buf) || in.gcount() > 0)
    {
        h.add(buf, static_cast<std::size_t>(in.gcount()));
        n += static_cast<std::uint64_t>(in.gcount());
    }
    if (in.bad())
        return std::nullopt;
    return std::pair{n, h.hex()};
}

toml::table file_entry(fs::path const& file)
{
    auto c = file_checksum(file);
    if (!c)
        throw std::runtime_error("cannot read back checkpoint file '" + file.string() + "'");
    return toml::table{{"name", file.filename().string()},
                       {"bytes", static_cast<std::int64_t>(c->first)},
                       {"fnv1a64", c->second}};
}

//! A TOML array of hex words (HexWord.hh) back to the words; nullopt if any is not one.
std::optional<std::vector<std::uint64_t>> hex_words(toml::array const& array)
{
    std::vector<std::uint64_t> words;
    for (toml::node const& node : array)
    {
        auto w = parse_hex_word(node.value_or(std::string()));
        if (!w)
            return std::nullopt;
        words.push_back(*w);
    }
    return words;
}

//! The adaptation's iterations as exact words: each iteration's tally (ExactRunState.hh's 15
//! words) and the bits of the channel weights it ran with; reports are rebuilt from them.
std::string adaptation_text(AdaptationReport const& a)
{
    toml::array iterations;
    for (IterationReport const& it : a.iterations)
    {
        toml::array tally, alpha;
        for (std::uint64_t w : tally_words(it.tally))
            tally.push_back(hex_word(w));
        for (double x : it.alpha)
            alpha.push_back(hex_word(std::bit_cast<std::uint64_t>(x)));
        iterations.push_back(toml::table{{"tally", std::move(tally)}, {"alpha", std::move(alpha)}});
    }
    std::ostringstream os;
    os << "# the adaptation iterations done: exact tallies (hex words, as exact_tally) and the bits of the channel "
          "weights each ran with\n"
       << toml::table{{"grid_loaded_from", a.grid_loaded_from}, {"iteration", std::move(iterations)}} << "\n";
    return os.str();
}

//! adaptation_text() read back (nullopt if malformed); summaries for iterations of \p events.
std::optional<AdaptationReport> parse_adaptation(fs::path const& file, std::uint64_t events)
{
    AdaptationReport a;
    try
    {
        toml::table const t = toml::parse_file(file.string());
        a.grid_loaded_from = t["grid_loaded_from"].value_or(std::string());
        toml::array const* its = t["iteration"].as_array();
        if (!its)
            return std::nullopt;
        for (toml::node const& node : *its)
        {
            toml::array const* tally = node.as_table() ? (*node.as_table())["tally"].as_array() : nullptr;
            toml::array const* alpha = node.as_table() ? (*node.as_table())["alpha"].as_array() : nullptr;
            if (!tally || !alpha || tally->size() != tally_word_count)
                return std::nullopt;
            auto const tally_bits = hex_words(*tally);
            auto const alpha_bits = hex_words(*alpha);
            if (!tally_bits || !alpha_bits)
                return std::nullopt;
            IterationReport it;
            it.tally = tally_from_words(tally_bits->data());
            for (std::uint64_t bits : *alpha_bits)
                it.alpha.push_back(std::bit_cast<double>(bits));
            it.summary = summarize(it.tally, events);
            a.iterations.push_back(std::move(it));
            a.events += events;
        }
    }
    catch (toml::parse_error const&)
    {
        return std::nullopt;
    }
    return a;
}

std::string now_text()
{
    std::time_t t = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}
}  // namespace

fs::path checkpoint_directory(fs::path const& output)
{
    fs::path p = output;
    while (!p.empty() && p.filename().empty())  // "out/" -> "out"
        p = p.parent_path();
    return p.string() + std::string(suffix);
}

bool is_checkpoint_directory(fs::path const& dir)
{
    std::error_code ec;
    return !fs::is_symlink(dir, ec) && fs::is_regular_file(dir / marker_name, ec);
}

CheckpointInterval parse_checkpoint_interval(std::string const& text)
{
    auto bad = [&text] {
        return InputError("option --checkpoint-every: expected seconds (e.g. 300; 0 = never) or an event count "
                          "with the suffix ev (e.g. 1e6ev), got '" + text + "'");
    };
    CheckpointInterval iv;
    if (text.size() > 2 && text.compare(text.size() - 2, 2, "ev") == 0)
    {
        try
        {
            iv.events = parse_count(text.substr(0, text.size() - 2), "--checkpoint-every");
        }
        catch (InputError const&)
        {
            throw bad();
        }
        if (iv.events == 0 || iv.events >= 9'200'000'000'000'000'000ull)
            throw bad();
        return iv;
    }
    std::size_t pos = 0;
    try
    {
        iv.seconds = std::stod(text, &pos);
    }
    catch (std::exception const&)
    {
        pos = 0;
    }
    if (text.empty() || pos != text.size() || !std::isfinite(iv.seconds) || iv.seconds < 0)
        throw bad();
    return iv;
}

CheckpointWriter::CheckpointWriter(fs::path directory, RunSpec const& spec, DeviceSetupBuild const& build)
    : dir_(std::move(directory)), spec_(spec), build_(build)
{
    // Resuming: keep the files the manifest names (unchanged, same checksums), and write the next
    // alternating file into the one the manifest does not name.
    std::error_code ec;
    if (!fs::is_regular_file(dir_ / "manifest.toml", ec))
        return;
    try
    {
        toml::table const m = toml::parse_file((dir_ / "manifest.toml").string());
        card_entry_ = m["files"]["run_card"]["name"].value_or(std::string());
        produced_ = m["phase"].value_or(std::string()) == "production";
        std::string const alternating = produced_ ? m["files"]["state"]["name"].value_or(std::string())
                                                  : m["files"]["grid"]["name"].value_or(std::string());
        generation_ = alternating.find("-a.") != std::string::npos ? 1 : 0;
        if (produced_)
        {
            frozen_grid_entry_ = m["files"]["grid"]["name"].value_or(std::string());
            frozen_adaptation_entry_ = m["files"]["adaptation"]["name"].value_or(std::string());
        }
    }
    catch (toml::parse_error const&)
    {
        card_entry_.clear();
        produced_ = false;
    }
}

void CheckpointWriter::prepare()
{
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(dir_, ec)))
    {
        fs::create_directories(dir_, ec);
        if (ec)
            throw std::runtime_error("cannot create checkpoint directory '" + dir_.string() + "': " + ec.message());
        write_text_file_atomic(dir_ / marker_name, "fathom checkpoint directory: fathom run removes it once the "
                                                   "run's output is complete\n");
    }
    if (!is_checkpoint_directory(dir_))  // never write into a directory fathom did not make
        throw std::runtime_error("'" + dir_.string() + "' exists and is not a fathom checkpoint directory (no "
                                 + marker_name + ")");
    if (card_entry_.empty())
    {
        std::ostringstream card;
        card << "# effective run card of the checkpointed run (fathom " << version_string() << ")\n"
             << effective_card(spec_) << "\n";
        write_text_file_atomic(dir_ / "run_card.toml", card.str());
        card_entry_ = "run_card.toml";
    }
}

void CheckpointWriter::commit(char const* phase, std::vector<std::pair<char const*, std::string>> const& files,
                              std::uint64_t next_event, std::uint64_t adaptation_events)
{
    toml::table entries{{"run_card", file_entry(dir_ / card_entry_)}};
    for (auto const& [key, name] : files)
        entries.insert(key, file_entry(dir_ / name));
    toml::table manifest{{"format", format_name},
                         {"fathom_version", version_string()},
                         {"git_revision", git_revision()},
                         {"created", now_text()},
                         {"phase", phase},
                         {"stream", static_cast<std::int64_t>(spec_.stream)},
                         {"streams", static_cast<std::int64_t>(spec_.streams)},
                         {"next_event", static_cast<std::int64_t>(next_event)},
                         {"adaptation_events", static_cast<std::int64_t>(adaptation_events)},
                         {"files", std::move(entries)}};
    std::ostringstream text;
    text << "# fathom checkpoint: `fathom run --resume " << dir_.string().substr(0, dir_.string().size() - suffix.size())
         << "` continues the run from it\n"
         << manifest << "\n";
    write_text_file_atomic(dir_ / "manifest.toml", text.str());
    ++generation_;
}

void CheckpointWriter::write_adaptation(AdaptationReport const& adaptation, SamplerGrid const& grid)
{
    if (produced_)
        throw std::logic_error("CheckpointWriter: adaptation after production");
    prepare();
    std::string const grid_name = std::string("grid-") + generation_letter() + ".h5";
    std::string const adaptation_name = std::string("adaptation-") + generation_letter() + ".toml";
    write_sampler_grid(dir_ / grid_name, grid);
    write_text_file_atomic(dir_ / adaptation_name, adaptation_text(adaptation));
    EventRange const whole = stream_range(spec_.seed, spec_.events, spec_.stream, spec_.streams);
    commit("adaptation", {{"grid", grid_name}, {"adaptation", adaptation_name}}, whole.first, grid.adaptation_events);
}

void CheckpointWriter::write(ExactRunState const& state, SamplerGrid const* grid, AdaptationReport const* adaptation)
{
    prepare();
    if (grid && frozen_grid_entry_.empty())
    {
        write_sampler_grid(dir_ / "grid.h5", *grid);
        frozen_grid_entry_ = "grid.h5";
    }
    if (adaptation && frozen_adaptation_entry_.empty())
    {
        write_text_file_atomic(dir_ / "adaptation.toml", adaptation_text(*adaptation));
        frozen_adaptation_entry_ = "adaptation.toml";
    }
    // the state: histograms (pb per bin, readable with hist) with their exact sums
    std::string const state_name = std::string("state-") + generation_letter() + ".h5";
    RunOutcome o;
    collect_results(state.sums, state.events(), build_, o);
    for (std::size_t h = 0; h < o.histograms.size(); ++h)
        set_exact_limbs(state.sums, build_.setup.histograms[h], o.histograms[h]);
    std::vector<FileAttribute> attributes{{"fathom_version", version_string()}, {"process", spec_.process}};
    for (FileAttribute& a : exact_file_attributes(state, build_))
        attributes.push_back(std::move(a));
    write_histograms_hdf5(dir_ / state_name, o.histograms, attributes);

    std::vector<std::pair<char const*, std::string>> files{{"state", state_name}};
    if (!frozen_grid_entry_.empty())
        files.emplace_back("grid", frozen_grid_entry_);
    if (!frozen_adaptation_entry_.empty())
        files.emplace_back("adaptation", frozen_adaptation_entry_);
    std::uint64_t const next = state.ranges.empty() ? 0 : state.ranges.back().end;
    commit("production", files, next, grid ? grid->adaptation_events : 0);
    if (!produced_)
    {
        // the adaptation's alternating files are superseded by this manifest
        produced_ = true;
        std::error_code ec;
        for (char const* name : adapting_files)
            fs::remove(dir_ / name, ec);
    }
}

Checkpoint read_checkpoint(fs::path const& output)
{
    Checkpoint cp;
    cp.directory = checkpoint_directory(output);
    fs::path const manifest_file = cp.directory / "manifest.toml";
    std::error_code ec;
    if (!fs::is_regular_file(manifest_file, ec))
        throw InputError("--resume " + output.string() + ": no checkpoint " + manifest_file.string()
                         + " (nothing to resume: start the run without --resume)");
    auto fail = [&](fs::path const& file, std::string const& what) -> InputError {
        return InputError(file.string() + ": " + what + "; this checkpoint cannot be used (start the run again; "
                          "remove " + cp.directory.string() + " by hand)");
    };
    toml::table manifest;
    try
    {
        manifest = toml::parse_file(manifest_file.string());
    }
    catch (toml::parse_error const& e)
    {
        throw fail(manifest_file, std::string("not a readable manifest (") + std::string(e.description()) + ")");
    }
    if (manifest["format"].value_or(std::string()) != format_name)
        throw fail(manifest_file, std::string("not a ") + format_name + " manifest");
    std::string const version = manifest["fathom_version"].value_or(std::string("?"));
    std::string const revision = manifest["git_revision"].value_or(std::string("?"));
    if (version != version_string() || revision != git_revision())
        throw InputError(manifest_file.string() + ": written by fathom " + version + " (" + revision
                         + "), this is fathom " + version_string() + " (" + git_revision()
                         + "): resume with the fathom that wrote it, or start the run again");
    auto checked_file = [&](char const* key) -> std::optional<fs::path> {
        toml::table const* e = manifest["files"][key].as_table();
        if (!e)
            return std::nullopt;
        std::string const name = (*e)["name"].value_or(std::string());
        fs::path const file = cp.directory / name;
        if (name.empty() || name.find('/') != std::string::npos)
            throw fail(manifest_file, std::string("bad file name for '") + key + "'");
        auto c = file_checksum(file);
        if (!c)
            throw fail(file, "missing or unreadable");
        if (static_cast<std::int64_t>(c->first) != (*e)["bytes"].value_or(std::int64_t{-1})
            || c->second != (*e)["fnv1a64"].value_or(std::string()))
            throw fail(file, "size or checksum differs from the manifest's (truncated or corrupted)");
        return file;
    };
    std::string const phase = manifest["phase"].value_or(std::string());
    if (phase != "adaptation" && phase != "production")
        throw fail(manifest_file, "no phase \"adaptation\" or \"production\"");
    cp.adapting = phase == "adaptation";
    auto card = checked_file("run_card");
    auto state = checked_file("state");
    auto grid = checked_file("grid");
    auto adaptation = checked_file("adaptation");
    if (!card || (cp.adapting ? !grid || !adaptation : !state))
        throw fail(manifest_file, "names no run card, or not the files of its phase");

    cp.spec = read_run_card(*card);
    cp.spec.stream = static_cast<std::uint64_t>(manifest["stream"].value_or(std::int64_t{0}));
    cp.spec.streams = static_cast<std::uint64_t>(manifest["streams"].value_or(std::int64_t{1}));
    cp.adaptation_events = static_cast<std::uint64_t>(manifest["adaptation_events"].value_or(std::int64_t{0}));
    if (adaptation)
    {
        auto a = parse_adaptation(*adaptation, cp.spec.adapt_events);
        if (!a || a->events != cp.adaptation_events)
            throw fail(*adaptation, "not the adaptation iterations of this checkpoint");
        cp.adaptation = std::move(*a);
    }
    if (cp.adapting)
        cp.adaptation_grid = grid->string();
    else if (grid)
        cp.spec.grid_file = grid->string();
    cp.spec.output_directory = output.string();
    if (cp.adapting)
        return cp;
    DeviceSetupBuild const build = build_device_setup(cp.spec);
    cp.state = read_exact_run_state(*state, build);
    EventRange const whole = stream_range(cp.spec.seed, cp.spec.events, cp.spec.stream, cp.spec.streams);
    if (cp.state.ranges.size() > 1
        || (cp.state.ranges.size() == 1
            && (cp.state.ranges[0].seed != whole.seed || cp.state.ranges[0].first != whole.first
                || cp.state.ranges[0].end > whole.end)))
        throw fail(*state, "its events are not a start of the run's events");
    return cp;
}

bool remove_checkpoint(fs::path const& output)
{
    fs::path const dir = checkpoint_directory(output);
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(dir, ec)))
        return true;
    if (!is_checkpoint_directory(dir))
        return false;  // not fathom's: nothing in it is touched
    for (char const* name : own_files)  // the manifest first: a half-removed checkpoint is no checkpoint
    {
        fs::remove(dir / name, ec);
        remove_stale_temporaries(dir / name, false);
    }
    fs::remove(dir / marker_name, ec);
    fs::remove(dir, ec);  // only if empty: a file fathom did not write keeps it
    return !fs::exists(dir, ec);
}
}  // namespace fathom
