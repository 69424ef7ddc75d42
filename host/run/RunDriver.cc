#include "RunDriver.hh"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <condition_variable>
#include <mutex>
#include <sstream>
#include <thread>

#include "DeviceMemoryCheck.hh"
#include "DeviceRun.hh"
#include "DeviceSetupBuilder.hh"
#include "InputError.hh"
#include "ProcessCatalog.hh"
#include "RunCard.hh"
#include "Ranks.hh"
#include "RunCheck.hh"
#include "Version.hh"
#include "io/Hdf5HistogramWriter.hh"
#include "io/OutputDirectory.hh"
#include "io/SamplerGridFile.hh"
#include "fathom/pipeline/WeightSpectrum.hh"

namespace fathom
{
namespace fs = std::filesystem;
namespace
{
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0)
{
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

Json to_json(toml::node const& n)
{
    if (auto const* t = n.as_table())
    {
        Json obj = Json::object();
        for (auto const& [k, v] : *t)
            obj[k.str()] = to_json(v);
        return obj;
    }
    if (auto const* a = n.as_array())
    {
        Json arr = Json::array();
        for (auto const& v : *a)
            arr.push_back(to_json(v));
        return arr;
    }
    if (auto v = n.value_exact<std::int64_t>())
        return Json(*v);
    if (auto v = n.value_exact<double>())
        return Json(*v);
    if (auto v = n.value_exact<bool>())
        return Json(*v);
    if (auto v = n.value_exact<std::string>())
        return Json(*v);
    return Json();
}

std::string format_duration(double s)
{
    char buf[32];
    if (!std::isfinite(s) || s < 0)
        return "?";
    if (s < 120)
        std::snprintf(buf, sizeof buf, "%.0fs", s);
    else if (s < 7200)
        std::snprintf(buf, sizeof buf, "%.0fm%02.0fs", std::floor(s / 60), std::fmod(s, 60));
    else
        std::snprintf(buf, sizeof buf, "%.0fh%02.0fm", std::floor(s / 3600), std::fmod(s / 60, 60));
    return buf;
}

Json estimate_json(RunSummary const& s)
{
    Json j = Json::object();
    j["events"] = s.events_tried;
    j["cross_section_pb"] = s.cross_section_pb;
    j["cross_section_error_pb"] = s.cross_section_error_pb;
    j["n_eff"] = s.n_eff;
    j["n_eff_over_n"] = s.events_tried > 0 ? s.n_eff / double(s.events_tried) : 0.0;
    j["max_weight_over_mean"] = s.cross_section_pb > 0 ? s.max_weight / s.cross_section_pb : 0.0;
    j["failed_cuts_fraction"] = s.events_tried > 0 ? double(s.events_failed_cuts) / double(s.events_tried) : 0.0;
    j["nonfinite_weights"] = s.nonfinite_weights;
    return j;
}

//! The adaptation report: channels, iterations, and all iterations plus production combined.
Json adaptation_json(AdaptationReport const& a, RunSummary const& production)
{
    Json j = Json::object();
    j["grid_loaded_from"] = a.grid_loaded_from;
    j["events"] = a.events;
    j["seconds"] = a.seconds;
    j["grid_bins"] = static_cast<std::uint64_t>(a.layout.bins);
    Json ch = Json::array();
    for (std::size_t c = 0; c < a.layout.names.size(); ++c)
    {
        Json x = Json::object();
        x["name"] = a.layout.names[c];
        x["ndim"] = static_cast<std::uint64_t>(a.layout.ndim[c]);
        x["alpha"] = c < a.alpha.size() ? a.alpha[c] : 0.0;
        ch.push_back(std::move(x));
    }
    j["channels"] = std::move(ch);
    Json its = Json::array();
    for (auto const& it : a.iterations)
    {
        Json x = estimate_json(it.summary);
        Json al = Json::array();
        for (double v : it.alpha)
            al.push_back(Json(v));
        x["alpha"] = std::move(al);
        its.push_back(std::move(x));
    }
    j["iterations"] = std::move(its);
    std::vector<RunSummary> const used = converged_estimates(a, production);
    CombinedEstimate const c = combine_estimates(used);
    Json comb = Json::object();
    comb["what"] = "the second half of the adaptation iterations and production (the first iterations run on "
                   "unconverged grids), each weighted by its events: unbiased, unlike inverse-variance weights "
                   "with heavy-tailed weights; chi2_per_dof: their spread about it";
    comb["estimates"] = static_cast<std::uint64_t>(used.size());
    comb["cross_section_pb"] = c.value;
    comb["cross_section_error_pb"] = c.error;
    comb["chi2_per_dof"] = c.chi2_per_dof;
    comb["dof"] = static_cast<std::uint64_t>(c.dof);
    j["combined"] = std::move(comb);
    return j;
}

Json ranges_json(std::vector<EventRange> const& ranges)
{
    Json a = Json::array();
    for (EventRange const& r : ranges)
        a.push_back(Json{{"seed", r.seed}, {"first", r.first}, {"end", r.end}});
    return a;
}
}  // namespace

//! The summary and histograms (pb per bin) of \p events events from the device's sums.
void collect_results(DeviceRunResult const& r, std::uint64_t events, DeviceSetupBuild const& build, RunOutcome& out)
{
    out.summary = summarize(r.tally, events);
    HistogramSetParams const& hs = build.setup.params.histograms;
    std::vector<double> spectrum(weight_spectrum_bins);
    for (size_type k = 0; k < weight_spectrum_bins; ++k)
        spectrum[k] = to_double(r.sum_w[hs.weight_spectrum_offset + k]);
    out.summary.max_weight_reduced = reduced_max_weight(spectrum, out.summary.unweighting_tail, out.summary.max_weight);

    // Bins hold cross section per bin: sum w / N (pb) and sum w^2 / N^2 (pb^2).
    double const n = events > 0 ? static_cast<double>(events) : 1;
    out.histograms.clear();
    for (std::size_t h = 0; h < build.histograms.size(); ++h)
    {
        HistogramParams const& hp = build.setup.histograms[h];
        HistogramData hd;
        hd.spec = build.histograms[h];
        hd.unit = "pb";
        hd.values.resize(hp.size);
        hd.variances.resize(hp.size);
        for (std::uint64_t b = 0; b < hp.size; ++b)
        {
            hd.values[b] = to_double(r.sum_w[hp.offset + b]) / n;
            hd.variances[b] = to_double(r.sum_w2[hp.offset + b]) / (n * n);
        }
        out.histograms.push_back(std::move(hd));
    }
}

namespace
{
//! Between the run thread and a terminating signal: the signal asks for a checkpoint, the run
//! writes it after its current batch, and the signal waits for that (or for the end).
struct SignalCheckpoint
{
    std::mutex mutex;
    std::condition_variable cv;
    bool ready{false};      //!< a checkpoint can be written (the writer exists)
    bool requested{false};
    bool settled{false};    //!< written, or the run is past its last batch

    //! On the signal thread: ask and wait (bounded: Slurm's default KillWait is 30 s).
    void request()
    {
        std::unique_lock<std::mutex> lock(mutex);
        if (!ready || settled)
            return;
        requested = true;
        cv.wait_for(lock, std::chrono::seconds(25), [this] { return settled; });
    }
    bool is_requested()
    {
        std::lock_guard<std::mutex> lock(mutex);
        return requested;
    }
    void settle()
    {
        std::lock_guard<std::mutex> lock(mutex);
        settled = true;
        cv.notify_all();
    }
};
}  // namespace

RunOutcome simulate(RunSpec const& spec, ProgressFn const& progress, StopRule const& stop,
                    CheckpointPlan const* checkpoints)
{
    RunOutcome out;
    auto t0 = Clock::now();
    DeviceSetupBuild build = build_device_setup(spec);
    // MPI ranks: each its share of the node's cores, or its own GPU (Ranks.hh)
    build.setup.threads = threads_for_rank(build.setup.threads);
    if (int const devices = DeviceRun::device_count(); devices > 0)
        build.setup.device = device_for_local_rank(ranks().local_rank, devices);
    check_device_memory(spec, build);  // refuse before allocating
    DeviceRun run(build.setup);
    // Checkpoints after adaptation iterations and production batches when due, and at a
    // terminating signal (OutputDirectory.hh) after the current one; with MPI ranks the ranks
    // agree each time whether to write one (Ranks.hh), every rank adds its sums, rank 0 writes.
    RankInfo const& rk = ranks();
    bool const checkpointing = checkpoints && checkpoints->interval.enabled();
    // resumed: the checkpoint's iterations or events are done; production sums are added to the
    // device's at the end and at each later checkpoint
    Checkpoint const* resume = checkpoints && checkpoints->resume ? &*checkpoints->resume : nullptr;
    SignalCheckpoint signal;
    std::optional<TerminationHook> hook;
    std::optional<CheckpointWriter> writer;
    CheckpointInterval const every = checkpointing ? checkpoints->interval : CheckpointInterval{};
    if (checkpointing)
    {
        hook.emplace([&signal] { signal.request(); });
        if (rk.rank == 0)
            writer.emplace(checkpoints->directory, spec, build);
        std::lock_guard<std::mutex> lock(signal.mutex);
        signal.ready = true;
    }
    auto last_checkpoint = Clock::now();
    bool warned = false;
    auto write_checkpoint = [&](auto const& write) {
        try
        {
            if (writer)
                write(*writer);
        }
        catch (std::exception const& e)
        {
            // a full disk: the previous checkpoint is still whole; the run goes on
            if (!warned)
                std::fprintf(stderr, "fathom: warning: checkpoint not written (%s); the previous one stays\n", e.what());
            warned = true;
        }
        last_checkpoint = Clock::now();
    };
    // after a batch or an iteration: 2 = a signal asks for a checkpoint, 1 = one is due (the
    // event interval passed: \p events_due), 0 = none; the ranks take the largest
    auto checkpoint_wanted = [&](bool events_due) {
        int const local = signal.is_requested() ? 2
                          : (every.events > 0 ? events_due : seconds_since(last_checkpoint) >= every.seconds) ? 1 : 0;
        return agree_on_status(local);
    };
    auto end_by_signal = [&] {
        agree_on_status(0);  // rank 0 has written it: every rank may now end
        signal.settle();
        for (;;)  // the signal thread ends the process
            std::this_thread::sleep_for(std::chrono::seconds(1));
    };

    out.device = run.description();
    if (rk.size > 1)
        out.device += "; MPI rank " + std::to_string(rk.rank) + " of " + std::to_string(rk.size);
    out.threads = run.threads();
    out.device_bytes = run.device_bytes();
    if (build.setup.sampler == SamplerKind::adaptive)
    {
        std::uint64_t adapted_since_checkpoint = 0;
        IterationHook after_iteration;
        if (checkpointing)
        {
            after_iteration = [&](AdaptationReport const& a) {
                adapted_since_checkpoint += spec.adapt_events;
                int const wanted = checkpoint_wanted(adapted_since_checkpoint >= every.events);
                if (wanted > 0)
                {
                    adapted_since_checkpoint = 0;
                    write_checkpoint([&](CheckpointWriter& w) {
                        w.write_adaptation(a, frozen_sampler_grid(spec, run, a.events));
                    });
                }
                if (wanted == 2)
                    end_by_signal();
            };
        }
        if (resume && resume->adapting)
        {
            // continue the adaptation from the grid after the checkpoint's iterations
            RunSpec from = spec;
            from.grid_file = resume->adaptation_grid;
            load_sampler_grid(from, run);
            out.adaptation = adapt_sampler(spec, run, &resume->adaptation, after_iteration);
        }
        else if (spec.grid_file.empty())
        {
            out.adaptation = adapt_sampler(spec, run, nullptr, after_iteration);
        }
        else
        {
            out.adaptation = load_sampler_grid(spec, run);
            if (resume)  // the frozen grid of the checkpoint: the report of the run's own adaptation
            {
                out.adaptation->iterations = resume->adaptation.iterations;
                out.adaptation->grid_loaded_from = resume->adaptation.grid_loaded_from;
                out.adaptation->events = resume->adaptation_events;
            }
        }
        out.timing.adapt_s = out.adaptation->seconds;
    }
    else if (!spec.grid_file.empty())
    {
        throw InputError("--grid " + spec.grid_file + ": this run's sampler is '" + spec.sampler
                         + "'; a grid needs phase_space.sampler = \"adaptive\"");
    }
    out.timing.setup_s = seconds_since(t0) - out.timing.adapt_s;

    // Batches are queued on the device (cuda) while this thread reports progress: it waits
    // only when two batches are unfinished, and progress shows the events the device finished.
    // With a stop rule, batches end at its check points (multiples of stop.every), where the
    // exact sums so far decide: the same events on any device, batch size or thread count.
    // A stream runs its share of the card's events (their indices: the events are those of the
    // whole run); a stop rule counts from the start of the run.
    auto t1 = Clock::now();
    EventRange const range = stream_range(spec.seed, spec.events, spec.stream, spec.streams);
    std::uint64_t const total = range.size();
    // with K ranks each batch of the run is split K ways (Ranks.hh): each rank's share is a batch
    std::uint64_t const batch
        = (spec.batch_size > 0 ? spec.batch_size : run.preferred_batch_size()) * static_cast<std::uint64_t>(rk.size);
    auto generate = [&](std::uint64_t first, std::uint64_t n) {
        EventRange const part = stream_range(0, n, static_cast<std::uint64_t>(rk.rank), static_cast<std::uint64_t>(rk.size));
        if (part.size() > 0)
            run.generate(first + part.first, part.size());
    };
    auto all_ranks_result = [&run] {
        DeviceRunResult r = run.result();
        allreduce_exact(r);
        return r;
    };
    bool const checking = stop.every > 0 && stop.reached;
    if (checking && (spec.streams > 1 || checkpoints))
        throw std::logic_error("simulate: a stop rule with streams or checkpoints");
    std::uint64_t done = resume && !resume->adapting ? resume->state.events() : 0;
    std::uint64_t const resumed_events = done;
    auto exact_so_far = [&](DeviceRunResult sums) {
        ExactRunState s;
        s.sums = std::move(sums);
        s.ranges = coalesce({{range.seed, range.first, range.first + done}});
        if (resume && !resume->adapting)
            merge(s.sums, resume->state.sums);
        return s;
    };
    std::optional<SamplerGrid> frozen;
    if (checkpointing && out.adaptation)
        frozen = frozen_sampler_grid(spec, run, out.adaptation->events);
    auto write_production_checkpoint = [&] {
        ExactRunState const state = exact_so_far(all_ranks_result());
        write_checkpoint([&](CheckpointWriter& w) {
            w.write(state, frozen ? &*frozen : nullptr, out.adaptation ? &*out.adaptation : nullptr);
        });
    };
    while (done < total)
    {
        std::uint64_t n = std::min(batch, total - done);
        if (checking)
            n = std::min(n, stop.every - done % stop.every);
        if (every.events > 0)
            n = std::min(n, every.events - done % every.events);
        generate(range.first + done, n);
        done += n;
        if (checkpointing && done < total)
        {
            int const wanted = checkpoint_wanted(every.events > 0 && done % every.events == 0);
            if (wanted > 0)
                write_production_checkpoint();
            if (wanted == 2)
                end_by_signal();
        }
        if (checking && done % stop.every == 0 && done < total)
        {
            RunOutcome partial;
            collect_results(all_ranks_result(), done, build, partial);
            if (stop.reached(partial))
            {
                out.stopped_early = true;
                break;
            }
        }
        if (progress && done < total)
            progress(run.events_finished(), total);
    }
    run.synchronize();
    signal.settle();
    if (progress && done > 0)
        progress(done, done);
    out.exact = exact_so_far(all_ranks_result());
    collect_results(out.exact.sums, done, build, out);
    out.timing.generate_s = seconds_since(t1);
    out.timing.events_per_s
        = out.timing.generate_s > 0 ? static_cast<double>(done - resumed_events) / out.timing.generate_s : 0;
    if (out.adaptation)
    {
        // the grid is frozen since production began: the checkpoints' copy is the output's
        out.grid = frozen ? *frozen : frozen_sampler_grid(spec, run, out.adaptation->events);
        out.exact.grid_digest = sampler_grid_digest(*out.grid);
    }
    return out;
}

Json summary_json(RunSpec const& spec, RunOutcome const& o)
{
    RunSummary const& s = o.summary;
    Json j = Json::object();
    j["process"] = spec.process;
    j["cross_section_pb"] = s.cross_section_pb;
    j["cross_section_error_pb"] = s.cross_section_error_pb;
    j["events_tried"] = s.events_tried;
    j["events_accepted"] = s.events_accepted;
    j["events_failed_cuts"] = s.events_failed_cuts;
    j["events_zero_phase_space"] = s.events_zero_phase_space;
    j["efficiency"] = s.efficiency;
    j["sum_w"] = s.sum_w;
    j["sum_w2"] = s.sum_w2;
    j["n_eff"] = s.n_eff;
    j["max_weight_pb"] = s.max_weight;
    j["nonfinite_weights"] = s.nonfinite_weights;
    j["nonfinite_me2"] = s.nonfinite_me;
    j["nonfinite_phase_space_weights"] = s.nonfinite_phase_space;
    j["failed_cuts_fraction"] = s.events_tried > 0 ? double(s.events_failed_cuts) / double(s.events_tried) : 0.0;
    j["n_eff_over_n"] = s.events_tried > 0 ? s.n_eff / double(s.events_tried) : 0.0;
    j["max_weight_over_mean"] = s.cross_section_pb > 0 ? s.max_weight / s.cross_section_pb : 0.0;
    // unweighting: accept w / w_max; its efficiency is mean / max over the events tried
    Json unw = Json::object();
    unw["max_weight_pb"] = s.max_weight;
    unw["efficiency"] = s.max_weight > 0 ? s.cross_section_pb / s.max_weight : 0.0;
    unw["reduced_max_weight_pb"] = s.max_weight_reduced;
    unw["reduced_tail_fraction"] = s.unweighting_tail;
    unw["reduced_efficiency"] = s.max_weight_reduced > 0 ? s.cross_section_pb / s.max_weight_reduced : 0.0;
    unw["what"] = "max_weight_pb: the largest weight; reduced_max_weight_pb: events above it carry at most "
                  "reduced_tail_fraction of the cross section (quarter-octave resolution)";
    j["unweighting"] = std::move(unw);
    if (o.adaptation)
    {
        j["adaptation"] = adaptation_json(*o.adaptation, s);
        // what the grids and channel weights followed (the weights are f / g either way)
        j["adaptation"]["adapted_to"] = spec.importance_histogram.empty()
                                            ? std::string("f")
                                            : "f h, h an importance map over histogram '" + spec.importance_histogram + "'";
    }
    if (MesonInfo const* m = spec.process == "meson_fusion" ? find_meson(spec.meson) : nullptr)
    {
        Json mj = Json::object();
        mj["name"] = m->name;
        mj["mass_gev"] = spec.alp_mass;
        mj["g_agg_per_gev"] = spec.g_agg;
        mj["diphoton_width_gev"] = m->diphoton_width();
        mj["total_width_gev"] = spec.alp_width;
        mj["diphoton_branching_ratio"] = m->diphoton_branching;
        mj["what"] = "PDG 2024 (Phys. Rev. D 110, 030001): g = sqrt(64 pi Gamma_gg / m^3), the cross section "
                     "includes BR(gamma gamma); the gamma* gamma* -> P form factor is neglected (F = F(0,0)): "
                     "right at small |t|, large-|t| tails overestimated";
        j["meson"] = std::move(mj);
    }
    j["seed"] = spec.seed;
    if (ranks().size > 1)
        j["mpi_ranks"] = ranks().size;  // provenance: the bits are those of one process
    // which events the sums hold (fathom merge refuses overlaps); provenance of a stream
    j["event_ranges"] = ranges_json(o.exact.ranges);
    if (spec.streams > 1)
        j["stream"] = Json{{"index", spec.stream}, {"count", spec.streams}};
    if (!o.exact.grid_digest.empty())
        j["sampler_grid_digest"] = o.exact.grid_digest;
    if (!o.merge.is_null())
        j["merge"] = o.merge;
    if (!o.resumed_from.empty())
        j["resumed_from"] = o.resumed_from;  // provenance: the bits are those of the uninterrupted run
    j["histogram_normalisation"]
        = "bin values are sum(w)/N in pb (cross section per bin), variances sum(w^2)/N^2 in pb^2";
    j["version"] = version_string();
    j["git_revision"] = git_revision();
    j["backend"] = DeviceRun::backend_name();
    j["run_card"] = to_json(effective_card(spec));
    Json timing = Json::object();
    timing["device"] = o.device;
    timing["device_bytes"] = o.device_bytes;
    timing["setup_s"] = o.timing.setup_s;
    timing["adapt_s"] = o.timing.adapt_s;
    timing["generate_s"] = o.timing.generate_s;
    timing["events_per_s"] = o.timing.events_per_s;
    timing["write_s"] = o.timing.write_s;
    j["timing"] = std::move(timing);
    return j;
}

void write_run_output(OutputDirectory const& out_dir, RunSpec const& spec, RunOutcome& o)
{
    auto t0 = Clock::now();
    DeviceSetupBuild const build = build_device_setup(spec);
    std::vector<HistogramData> hists = o.histograms;
    for (std::size_t h = 0; h < hists.size(); ++h)
        set_exact_limbs(o.exact.sums, build.setup.histograms[h], hists[h]);
    std::vector<FileAttribute> attributes{{"fathom_version", version_string()},
                                          {"git_revision", git_revision()},
                                          {"process", spec.process},
                                          {"unit", "pb per bin"}};
    for (FileAttribute& a : exact_file_attributes(o.exact, build))
        attributes.push_back(std::move(a));
    write_histograms_hdf5(out_dir.staging_path("histograms.h5"), hists, attributes);
    if (o.grid)
        write_sampler_grid(out_dir.staging_path("grid.h5"), *o.grid);
    std::ostringstream card;
    card << "# effective run card written by fathom " << version_string() << "\n"
         << effective_card(spec) << "\n";
    write_text_file_atomic(out_dir.staging_path("run_card.toml"), card.str());
    o.timing.write_s = seconds_since(t0);
    write_json_file(out_dir.staging_path("summary.json"), summary_json(spec, o));
}

void print_run_result(RunSpec const& spec, RunOutcome const& o, std::filesystem::path const& output)
{
    RunSummary const& s = o.summary;
    std::printf("fathom %s: %s, %s\n", version_string(), spec.process.c_str(), o.device.c_str());
    if (spec.streams > 1)
        std::printf("  stream             %llu of %llu (events %llu to %llu of %llu)\n",
                    static_cast<unsigned long long>(spec.stream), static_cast<unsigned long long>(spec.streams),
                    static_cast<unsigned long long>(o.exact.ranges.empty() ? 0 : o.exact.ranges.front().first),
                    static_cast<unsigned long long>(o.exact.ranges.empty() ? 0 : o.exact.ranges.front().end),
                    static_cast<unsigned long long>(spec.events));
    if (o.adaptation)
    {
        AdaptationReport const& a = *o.adaptation;
        if (!a.grid_loaded_from.empty())
            std::printf("  grid               loaded from %s (no adaptation)\n", a.grid_loaded_from.c_str());
        for (std::size_t k = 0; k < a.iterations.size(); ++k)
        {
            RunSummary const& it = a.iterations[k].summary;
            std::printf("  adapt %2zu           %.6g +- %.3g pb  N_eff/N %.3g  max/mean %.3g\n", k + 1,
                        it.cross_section_pb, it.cross_section_error_pb,
                        it.events_tried > 0 ? it.n_eff / double(it.events_tried) : 0.0,
                        it.cross_section_pb > 0 ? it.max_weight / it.cross_section_pb : 0.0);
        }
    }
    std::printf("  events tried       %llu\n", static_cast<unsigned long long>(s.events_tried));
    std::printf("  events accepted    %llu\n", static_cast<unsigned long long>(s.events_accepted));
    std::printf("  efficiency         %.6g\n", s.efficiency);
    std::printf("  cross section      %.8g +- %.3g pb\n", s.cross_section_pb, s.cross_section_error_pb);
    std::printf("  N_eff/N            %.4g\n", s.events_tried > 0 ? s.n_eff / double(s.events_tried) : 0.0);
    std::printf("  max/mean weight    %.4g\n", s.cross_section_pb > 0 ? s.max_weight / s.cross_section_pb : 0.0);
    std::printf("  non-finite weights %llu\n", static_cast<unsigned long long>(s.nonfinite_weights));
    if (o.timing.events_per_s > 0)
        std::printf("  events/s           %.4g\n", o.timing.events_per_s);
    std::printf("  output             %s\n", output.string().c_str());
}

RunOutcome execute_run(RunSpec const& spec, bool force, bool show_progress, CheckpointPlan const& checkpoints)
{
    // Refuse histograms that cannot fit and an existing output before spending any time on the
    // run (and before anything is written).
    check_device_memory(spec, build_device_setup(spec));
    std::error_code ec;
    if (!checkpoints.resume && fs::exists(checkpoints.directory / "manifest.toml", ec))
        throw InputError("output " + spec.output_directory + ": " + checkpoints.directory.string()
                         + " holds the checkpoint of an unfinished run: continue it with `fathom run --resume "
                         + spec.output_directory + "`, or remove that directory by hand");
    if (checkpoints.interval.enabled() && !checkpoints.directory.empty()
        && fs::exists(fs::symlink_status(checkpoints.directory, ec)) && !is_checkpoint_directory(checkpoints.directory))
        throw InputError("output " + spec.output_directory + ": " + checkpoints.directory.string()
                         + ", where this run would write its checkpoints, exists and was not made by fathom: "
                           "move it away, or give --checkpoint-every 0");
    OutputDirectory out_dir(spec.output_directory, {"run", force, {{spec.card_path}, {spec.grid_file}}});
    RunOutcome o = simulate(spec, show_progress ? terminal_progress() : ProgressFn{}, {},
                            checkpoints.directory.empty() ? nullptr : &checkpoints);
    check_run_usable(spec, o.summary);  // nothing is written for a run without a usable result
    if (checkpoints.resume)
        o.resumed_from = checkpoints.directory.string() + (checkpoints.resume->adapting ? ", while adapting" : "");
    write_run_output(out_dir, spec, o);
    out_dir.commit();
    // rank 0 alone: it committed the output (another rank's commit only discarded its scratch)
    if (!checkpoints.directory.empty() && ranks().rank == 0 && !remove_checkpoint(spec.output_directory))
        std::fprintf(stderr, "fathom: warning: %s holds files fathom did not write; it is left in place\n",
                     checkpoints.directory.string().c_str());
    print_run_result(spec, o, out_dir.target());
    return o;
}

ProgressFn terminal_progress()
{
    auto t0 = Clock::now();
    return [t0](std::uint64_t done, std::uint64_t total) {
        double el = seconds_since(t0);
        double rate = el > 0 ? static_cast<double>(done) / el : 0;
        double eta = rate > 0 ? static_cast<double>(total - done) / rate : NAN;
        std::fprintf(stderr, "\r  %llu / %llu events  %.3g ev/s  ETA %s   ",
                     static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                     rate, format_duration(eta).c_str());
        if (done == total)
            std::fprintf(stderr, "\n");
        std::fflush(stderr);
    };
}
}  // namespace fathom
