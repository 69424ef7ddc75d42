// fathom command line: `fathom run CARD.toml [options]`, `fathom me ...`,
// `fathom reach SCAN_DIR --luminosity 50ab-1 [options]`, `fathom --version`.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "io/OutputDirectory.hh"
#include "me/MeCommand.hh"
#include "reach/ReachCommand.hh"
#include "reach/ReachPaths.hh"
#include "run/CardDifference.hh"
#include "run/Checkpoint.hh"
#include "run/InputError.hh"
#include "run/CountText.hh"
#include "run/Luminosity.hh"
#include "run/RunCard.hh"
#include "run/RunDriver.hh"
#include "run/RunFailure.hh"
#include "run/Ranks.hh"
#include "run/RunMerge.hh"
#include "run/ThreadLimit.hh"
#include "run/Luminosity.hh"
#include "run/Version.hh"
#include "scan/ScanCard.hh"
#include "scan/ScanDriver.hh"
#include "tagger/TaggerStudy.hh"
#include "DeviceRun.hh"

namespace
{
using fathom::InputError;
using fathom::parse_count;

//! --threads: 0 (all cores) to 4 x the CPUs of the affinity mask (ThreadLimit.hh).
unsigned parse_threads(std::string const& text)
{
    std::uint64_t t = parse_count(text, "--threads");
    if (t > fathom::max_cpu_threads())
        throw InputError("option --threads: expected at most " + std::to_string(fathom::max_cpu_threads())
                         + " (4 x the " + std::to_string(fathom::affinity_cpu_count())
                         + " CPUs this process may use; 0 = all), got " + text);
    return static_cast<unsigned>(t);
}

//! --threads help: the limit of this machine.
std::string threads_help(std::string const& what)
{
    return "CPU threads for the omp backend, 0 = all, at most 4 x the CPUs this process may use ("
           + std::to_string(fathom::max_cpu_threads()) + " here)" + what;
}

//! The footer of `fathom --help`: what the exit status means (README "Exit codes").
constexpr char const* exit_codes_help
    = "Exit status: 0 success; 1 file-system failure (cannot read, write or rename; disk full) or\n"
      "another failure; 2 input error (card, option or input file; one line names it); 3 the command\n"
      "ran but produced no usable result (no accepted event, non-finite weights or |M|^2; nothing is\n"
      "written unless --allow-empty / --mark-failed); 128+N killed by signal N (no output is left).\n";

//! "0.5,1,2.5": masses in GeV.
std::vector<double> parse_masses(std::string const& text)
{
    std::vector<double> out;
    std::size_t start = 0;
    while (start <= text.size())
    {
        std::size_t end = text.find(',', start);
        if (end == std::string::npos)
            end = text.size();
        std::string item = text.substr(start, end - start);
        std::size_t pos = 0;
        double m = NAN;
        try
        {
            m = std::stod(item, &pos);
        }
        catch (std::exception const&)
        {
            pos = 0;
        }
        if (item.empty() || pos != item.size() || !std::isfinite(m))
            throw InputError("option --masses: expected comma-separated masses in GeV, e.g. 0.5,1.0, got '" + text + "'");
        out.push_back(m);
        start = end + 1;
    }
    fathom::check_mass_directories(out, "option --masses");
    return out;
}
//! `--set KEY=VALUE`, repeatable: any card key, typed as the card's (docs/run-card.md).
void add_set_option(CLI::App* cmd, std::vector<std::string>& sets)
{
    cmd->add_option("--set", sets,
                    "Override a card key before the card is read, e.g. --set process.z_exchange=true or "
                    "--set 'output.directory=\"out\"' (repeatable; VALUE is a TOML value of the key's type, "
                    "strings in quotes; a new key must be one the card allows)")
        ->type_name("KEY=VALUE")
        ->expected(1)
        ->allow_extra_args(false)  // one KEY=VALUE per --set: `--set k=v CARD` leaves CARD positional
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}
}  // namespace

int run_command_line(int argc, char** argv);

int main(int argc, char** argv)
{
    // Under an MPI launcher: MPI is started first, and finalised whatever the command did.
    fathom::init_ranks(argc, argv);
    int const code = run_command_line(argc, argv);
    fathom::finalize_ranks();
    return code;
}

//! Print an error once per job: every rank meets the same input errors and failed runs, so
//! rank 0 says it; what fails on one rank alone is said by that rank.
void report_error(char const* what, bool same_on_every_rank)
{
    fathom::RankInfo const& rk = fathom::ranks();
    if (rk.size == 1)
        std::fprintf(stderr, "fathom: error: %s\n", what);
    else if (rk.rank == 0 || !same_on_every_rank)
        std::fprintf(stderr, "fathom: error: rank %d of %d: %s\n", rk.rank, rk.size, what);
}

int run_command_line(int argc, char** argv)
{
    // SIGINT/SIGTERM remove this process's staging directories and temporary files.
    fathom::install_output_cleanup_on_signals();
    CLI::App app{"fathom: GPU phase-space sampler and histogrammer for e+e- collider physics.\n"
                 "Run cards are documented in docs/run-card.md."};
    app.set_version_flag("--version", std::string("fathom ") + fathom::version_string() + " ("
                                          + fathom::git_revision() + ", backend "
                                          + fathom::DeviceRun::backend_name() + ", MPI "
                                          + (fathom::mpi_built() ? "on" : "off") + ")");
    app.require_subcommand(1);
    app.footer(exit_codes_help);

    auto* run = app.add_subcommand("run", "Generate events for a run card; write histograms.h5, "
                                          "summary.json and run_card.toml to the output directory");
    std::string card, events, seed, output, threads, batch, grid, max_memory, stream, streams, checkpoint_every,
        resume;
    bool force = false;
    bool no_progress = false;
    bool no_simd = false;
    run->add_option("card", card, "Run card (TOML); with --resume optional (the checkpoint holds the card; "
                                  "a card given must describe the same run)");
    run->add_option("--events,-n", events, "Number of events to generate (overrides run.events)");
    run->add_option("--seed,-s", seed, "Random seed, 0 to 2^63-1 (overrides run.seed)");
    run->add_option("--output,-o", output, "Output directory (overrides output.directory)");
    run->add_option("--threads,-t", threads, threads_help(" (overrides run.threads)"));
    run->add_option("--batch-size", batch, "Events per kernel launch (overrides run.batch_size)");
    run->add_option("--grid", grid, "Frozen adaptive-sampler grid (grid.h5 of an earlier run with the same "
                                    "process, beams and cuts): skip the adaptation phase");
    run->add_option("--stream", stream, "Job arrays: run only stream J (0 to M - 1) of --streams M, the events "
                                        "[J N / M, (J + 1) N / M) of the run; combine the M outputs with fathom merge");
    run->add_option("--streams", streams, "Job arrays: the number M of streams the run's events are split into "
                                          "(the adaptive sampler needs --grid: all streams one frozen grid)");
    run->add_option("--checkpoint-every", checkpoint_every,
                    "Write the run's exact state to OUT.checkpoint/ every this many seconds (default 300; 0: "
                    "never), or events with the suffix ev (1e6ev); also at SIGTERM/SIGINT");
    run->add_option("--resume", resume, "Continue the killed run whose output directory was OUT from "
                                        "OUT.checkpoint/: the result has the bits of an uninterrupted run")
        ->type_name("OUT");
    run->add_option("--max-device-memory", max_memory,
                    "Refuse a run whose histograms and sampler need more device memory than this many bytes "
                    "(default: the free memory; omp: available physical memory)");
    run->add_flag("--force,-f", force, "Replace an existing output directory");
    std::vector<std::string> run_sets;
    add_set_option(run, run_sets);
    bool allow_empty = false;
    run->add_flag("--allow-empty", allow_empty, "Write the output even if no event was accepted or weights were "
                                                "not finite (otherwise: exit status 3, nothing written)");
    run->add_flag("--no-progress", no_progress, "Never print the progress line");
    run->add_flag("--no-simd", no_simd, "omp backend: evaluate matrix elements one event at a time "
                                        "(same results, bit for bit; overrides run.simd)");

    auto* merge = app.add_subcommand("merge", "Combine run outputs of one card exactly (job-array streams, or runs "
                                              "with different seeds) into a new output: histograms, tallies, "
                                              "cross section; all streams of a run give that run's bits");
    fathom::MergeOptions merge_opt;
    std::string merge_output;
    std::vector<std::string> merge_inputs;
    merge->add_option("output", merge_output, "Output directory of the merged run")->required();
    merge->add_option("inputs", merge_inputs, "Output directories of fathom run (or fathom merge) to combine")
        ->required();
    merge->add_flag("--force,-f", merge_opt.force, "Replace an existing output directory");

    auto* me = app.add_subcommand("me", "Evaluate |M|^2 at phase-space points from a CSV file "
                                        "(the layout of shared/reference); writes the rows with me2");
    fathom::MeOptions me_opt = fathom::default_me_options();
    std::string me_input, me_output;
    std::string me_names;
    for (auto const& n : fathom::me_process_names())
        me_names += (me_names.empty() ? "" : ", ") + n;
    me->add_option("--process", me_opt.process, "Process: " + me_names)->required();
    me->add_option("--input", me_input, "Input CSV (particles by column prefix ep_in, em_in, ep_out, "
                                        "em_out, a1, a2, a3, a, ax with _E,_px,_py,_pz)")->required();
    me->add_option("--output", me_output, "Output CSV: the input rows with me2 (17 digits)")->required();
    me->add_option("--electron-mass", me_opt.electron_mass, "Electron mass in GeV (0: massless)")
        ->capture_default_str();
    me->add_option("--alpha", me_opt.alpha, "Fine-structure constant")->capture_default_str();
    me->add_flag("--z-exchange", me_opt.z_exchange, "Add Z-boson exchange");
    me->add_flag("--mark-failed", me_opt.mark_failed,
                 "Write rows that cannot be evaluated (unphysical momenta, non-finite |M|^2) with empty me2 "
                 "and a 'status' column (ok, invalid_input, nonfinite_me2) instead of failing (exit 2 / 3)");
    me->add_option("--alp-mass", me_opt.alp_mass, "ALP mass in GeV")->capture_default_str();
    me->add_option("--g-agg", me_opt.g_agg, "ALP-photon coupling g in GeV^-1")->capture_default_str();
    me->add_option("--alp-width", me_opt.alp_width, "ALP width in GeV (0: g^2 m^3 / 64 pi)")->capture_default_str();
    bool me_force = false;
    me->add_flag("--force,-f", me_force, "Replace an existing output file");

    auto* scan = app.add_subcommand("scan", "ALP mass scan: per mass the signal, background and peaking-background "
                                            "histograms in expected events (docs/scan-format.md)");
    std::string scan_card, scan_masses, scan_lumi, scan_output, scan_threads;
    bool scan_force = false;
    scan->add_option("card", scan_card, "Scan card (TOML): a background run card with a [scan] table")->required();
    scan->add_option("--masses", scan_masses, "Comma-separated ALP masses in GeV (overrides scan.masses and the grid)");
    scan->add_option("--luminosity", scan_lumi, "Integrated luminosity with unit, e.g. 50ab-1 (overrides scan.luminosity)");
    scan->add_option("--output,-o", scan_output, "Output directory (overrides output.directory)");
    scan->add_option("--threads,-t", scan_threads, threads_help(" (overrides run.threads)"));
    scan->add_flag("--force,-f", scan_force, "Replace an existing output directory");
    std::vector<std::string> scan_sets;
    add_set_option(scan, scan_sets);
    bool scan_allow_empty = false;
    scan->add_flag("--allow-empty", scan_allow_empty, "Go on when a component run has no accepted event or "
                                                      "non-finite weights (otherwise: exit status 3, nothing written)");

    auto* reach = app.add_subcommand("reach", "Expected limits on g_agg per mass of a mass scan "
                                              "(docs/scan-format.md); writes reach.csv, reach.json, "
                                              "pyhf/ workspaces and reach.png");
    fathom::ReachOptions reach_opt;
    std::string reach_scan, reach_luminosity, reach_output, reach_three_photon;
    double reach_radius = 0;
    bool reach_no_plot = false;
    reach->add_option("scan_dir", reach_scan, "Scan directory (with index.json)")->required();
    reach->add_option("--luminosity,-l", reach_luminosity,
                      "Integrated luminosity with unit, e.g. 50ab-1 (histograms are rescaled to it)")
        ->required();
    reach->add_option("--output,-o", reach_output, "Output directory (default SCAN_DIR/reach)");
    reach->add_option("--background-norm-uncertainty", reach_opt.background_norm_uncertainty,
                      "Relative background normalisation uncertainty (normsys), 0 = none")
        ->capture_default_str();
    reach->add_option("--cls-level", reach_opt.cls_level, "CLs level (0.05: 95 % CL)")
        ->capture_default_str();
    auto* radius_opt = reach->add_option("--decay-radius", reach_radius,
                                         "Require the ALP to decay within this transverse radius "
                                         "in metres (uses signal.alp_betagamma_t_lab)");
    reach->add_option("--three-photon", reach_three_photon,
                      "Limit curve CSV (m_a GeV, g GeV^-1) to compare with (default: the 3-photon "
                      "curve shipped as data/belle2_3gamma_reach_50ab.csv)");
    reach->add_option("--analysis", reach_opt.selection.analysis,
                      "Histogram of the scan to set the limit on (default: index.json's analysis_histogram), e.g. "
                      "llr_alp, llr_alp_m_ee or any [[histograms]] name of the scan card");
    reach->add_option("--llr-bins", reach_opt.selection.llr_bins,
                      "With --analysis llr_alp or llr_alp_m_ee: merge the fine lambda bins anew into this many bins "
                      "of equal signal content (default: the scan's scan.llr_bins)");
    reach->add_flag("--no-plot", reach_no_plot, "Do not make reach.png");
    reach->add_flag("--force,-f", reach_opt.force, "Replace an existing output directory");

    auto* tagger = app.add_subcommand("tagger", "Forward-tagger study: the mass scan and its reach for each lower "
                                                "lepton angle, and the luminosity that matches the 3-photon search");
    std::string tagger_card, tagger_output, tagger_threads, tagger_masses;
    bool tagger_force = false;
    tagger->add_option("card", tagger_card, "Tagger study card: a scan card with a [tagger] table")->required();
    tagger->add_option("--masses", tagger_masses, "Comma-separated ALP masses in GeV (overrides scan.masses)");
    tagger->add_option("--output,-o", tagger_output, "Output directory (overrides output.directory)");
    tagger->add_option("--threads,-t", tagger_threads, threads_help(""));
    tagger->add_flag("--force,-f", tagger_force, "Replace an existing output directory");
    std::vector<std::string> tagger_sets;
    add_set_option(tagger, tagger_sets);
    bool tagger_allow_empty = false;
    tagger->add_flag("--allow-empty", tagger_allow_empty, "Go on when a component run has no accepted event or "
                                                          "non-finite weights (otherwise: exit status 3, nothing written)");

    // CLI11 calls an unknown command an unexpected argument, or says a subcommand is required
    if (argc > 1 && argv[1][0] != '-')
    {
        std::string known;
        bool found = false;
        for (CLI::App const* sub : app.get_subcommands([](CLI::App*) { return true; }))
        {
            found = found || sub->get_name() == argv[1];
            known += (known.empty() ? "" : ", ") + sub->get_name();
        }
        if (!found)
        {
            std::fprintf(stderr, "fathom: error: unknown command '%s' (expected one of: %s; see fathom --help)\n",
                         argv[1], known.c_str());
            return 2;
        }
    }
    try
    {
        app.parse(argc, argv);
    }
    catch (CLI::CallForHelp const& e)
    {
        return app.exit(e);
    }
    catch (CLI::CallForAllHelp const& e)
    {
        return app.exit(e);
    }
    catch (CLI::CallForVersion const& e)
    {
        return app.exit(e);
    }
    catch (CLI::ParseError const& e)
    {
        std::fprintf(stderr, "fathom: error: %s (see fathom --help)\n", e.what());
        return fathom::exit_input_error;
    }

    try
    {
        if (run->parsed())
        {
            if (card.empty() && resume.empty())
                throw InputError("run: expected a run card (or --resume OUT to continue a checkpointed run)");
            fathom::CheckpointPlan plan;
            plan.interval = fathom::parse_checkpoint_interval(checkpoint_every.empty() ? "300" : checkpoint_every);
            fathom::RunSpec spec;
            if (!card.empty())
                spec = fathom::read_run_card(card, run_sets);
            else if (!run_sets.empty() || !events.empty() || !seed.empty())
                throw InputError("option --resume: --set, --events and --seed change a card: give the CARD too "
                                 "(it must describe the checkpointed run)");
            if (!events.empty())
                spec.events = parse_count(events, "--events");
            if (!seed.empty())
                spec.seed = parse_count(seed, "--seed");
            if (!resume.empty())
            {
                if (!grid.empty() || !stream.empty() || !streams.empty() || !output.empty())
                    throw InputError("option --resume: --grid, --stream, --streams and --output come from the "
                                     "checkpoint; leave them out");
                fathom::Checkpoint cp = fathom::read_checkpoint(resume);
                if (!card.empty())
                {
                    spec.stream = cp.spec.stream;
                    spec.streams = cp.spec.streams;
                    if (auto d = fathom::card_difference(spec, cp.spec, fathom::CardScope::resume))
                        throw InputError("option --resume: the card " + card + " differs from the checkpoint's ("
                                         + cp.directory.string() + "/run_card.toml) in the key " + *d
                                         + ": a resumed run must be the same run");
                }
                spec = cp.spec;
                plan.resume = std::move(cp);
            }
            if (!batch.empty())
                spec.batch_size = parse_count(batch, "--batch-size");
            if (!threads.empty())
                spec.threads = parse_threads(threads);
            if (!max_memory.empty())
                spec.max_device_memory = parse_count(max_memory, "--max-device-memory");
            if (!output.empty())
                spec.output_directory = output;
            if (resume.empty())
                spec.grid_file = grid;
            if (!streams.empty())
                spec.streams = parse_count(streams, "--streams");
            if (!stream.empty())
                spec.stream = parse_count(stream, "--stream");
            if (!stream.empty() && streams.empty())
                throw InputError("option --stream: needs --streams M (the number of streams)");
            if (no_simd)
                spec.simd = false;
            spec.allow_empty = allow_empty;
            fathom::validate(spec);
            plan.directory = fathom::checkpoint_directory(spec.output_directory);
            fathom::execute_run(spec, force, !no_progress && isatty(STDERR_FILENO), plan);
        }
        else if (scan->parsed())
        {
            fathom::ScanSpec spec = fathom::read_scan_card(scan_card, scan_sets);
            if (!scan_masses.empty())
                spec.masses = parse_masses(scan_masses);
            if (!scan_lumi.empty())
            {
                spec.luminosity_pb = fathom::parse_luminosity_pb(scan_lumi, "option --luminosity");
                spec.luminosity_text = scan_lumi;
            }
            if (!scan_output.empty())
                spec.output_directory = scan_output;
            if (!scan_threads.empty())
                spec.base.threads = parse_threads(scan_threads);
            spec.base.allow_empty = scan_allow_empty;
            fathom::validate(spec);
            fathom::execute_scan(spec, scan_force);
        }
        else if (merge->parsed())
        {
            merge_opt.output = merge_output;
            for (auto const& in : merge_inputs)
                merge_opt.inputs.emplace_back(in);
            fathom::execute_merge(merge_opt);
        }
        else if (me->parsed())
        {
            fathom::run_me_command(me_input, me_output, me_opt, me_force);
        }
        else if (tagger->parsed())
        {
            fathom::TaggerStudySpec study = fathom::read_tagger_card(tagger_card, tagger_sets);
            if (!tagger_masses.empty())
                study.scan.masses = parse_masses(tagger_masses);
            if (!tagger_output.empty())
                study.output_directory = tagger_output;
            if (!tagger_threads.empty())
                study.scan.base.threads = parse_threads(tagger_threads);
            study.scan.base.allow_empty = tagger_allow_empty;
            fathom::validate(study.scan);
            fathom::execute_tagger_study(study, tagger_force);
        }
        else if (reach->parsed())
        {
            reach_opt.scan_dir = reach_scan;
            reach_opt.luminosity_pb = fathom::parse_luminosity_pb(reach_luminosity, "option --luminosity");
            reach_opt.output = reach_output;
            if (radius_opt->count() > 0)
            {
                if (!(reach_radius > 0) || !std::isfinite(reach_radius))
                    throw InputError("option --decay-radius: expected a radius > 0 in metres");
                reach_opt.decay_radius_m = reach_radius;
            }
            reach_opt.three_photon_csv = reach_three_photon.empty() ? fathom::default_three_photon_csv()
                                                                    : std::filesystem::path(reach_three_photon);
            if (reach_three_photon.empty() && !std::filesystem::is_regular_file(reach_opt.three_photon_csv))
            {
                // a missing comparison is said, never silently dropped
                std::cerr << "fathom reach: warning: the 3-photon curve " << reach_opt.three_photon_csv.string()
                          << " is missing (a broken checkout?); reach.csv and the plot have no 3-photon "
                             "comparison (give --three-photon CSV)\n";
                reach_opt.three_photon_csv.clear();
            }
            reach_opt.plot = !reach_no_plot;
            fathom::run_reach_command(reach_opt, std::cout, std::cerr);
        }
    }
    catch (fathom::RankFailure const& e)
    {
        return e.code;  // another rank failed and said why
    }
    // Under MPI a rank that fails ends the job: the others may be waiting for it in a collective.
    catch (InputError const& e)
    {
        report_error(e.what(), true);
        fathom::abort_ranks(fathom::exit_input_error);
        return fathom::exit_input_error;
    }
    catch (fathom::RunFailure const& e)
    {
        report_error(e.what(), true);
        fathom::abort_ranks(fathom::exit_no_result);
        return fathom::exit_no_result;
    }
    catch (std::exception const& e)
    {
        report_error(e.what(), false);
        fathom::abort_ranks(fathom::exit_file_system);
        return fathom::exit_file_system;
    }
    return fathom::exit_ok;
}
