// bench_me: matrix elements per second of every process, on one thread and on all threads.
//
//   bench_me [--process NAME] [--points N] [--seconds S] [--repeat R] [--threads T] [--seed S]
//
// Points: for each process, N phase-space points are generated once, before any timing, by the
// run's own sampler (RAMBO; ALP processes: RAMBO production + isotropic decay, the ALP on shell)
// through PhiloxStream(seed, event index), with the default run-card parameters of the process
// (Belle II beams, massive electrons, photon exchange only, m_a = 1 GeV, g = 1e-4 GeV^-1) and no
// cuts. Timing: the row's evaluation runs over all points again and again for at least S seconds
// per measurement (threads take blocks of 256 consecutive points); the best of R
// measurements is reported. The checksum (sum of |M|^2 over the points) keeps the work alive.
//
// Prints `key: value` lines, per row NAME: NAME_me_per_s_1thread, NAME_me_per_s_all_threads,
// NAME_checksum, ...; the last line is ee_eeaa_me_per_s_per_core (ee_eeaa in double, 1 thread,
// the faster of its rows: plain and SIMD) whenever ee_eeaa runs. Rows NAME_simd evaluate packs
// of simd_lanes points per instruction (SimdProcess); their checksums must equal the plain row's.
#include <cmath>
#include <cstdio>
#include <map>

#include <CLI/CLI.hpp>

#include "BenchSupport.hh"
#include "run/DeviceSetupBuilder.hh"
#include "run/RunCard.hh"

namespace
{
using namespace fathom;
using namespace fathom::bench;

/*!
 * One way of evaluating one process's |M|^2: a row of the benchmark.
 *
 * `prepare` runs untimed once per row and returns the timed evaluation of points [begin, end)
 * (the sum of |M|^2). It may build whatever layout its path needs from the points (e.g.
 * structure-of-arrays pages) and keep it in the returned closure. Another path for a process
 * is one more row with the same `process` and its own `name`, e.g.
 *   {"ee_eeaa_simd", "ee_eeaa", [](ProcessSetup const& s, PointSet const& pts) -> MeEvaluator {...}},
 * timed over the same points as the plain ee_eeaa row, so the checksums must agree.
 */
struct MeRow
{
    std::string name;     //!< key prefix of its output lines
    std::string process;  //!< run-card process name: whose points and parameters
    std::function<MeEvaluator(ProcessSetup const&, PointSet const&)> prepare;
};

std::vector<MeRow> const& me_rows()
{
    static std::vector<MeRow> const rows{
        {"ee_ee", "ee_ee", functor_evaluator},
        {"ee_eea", "ee_eea", functor_evaluator},
        {"ee_eea_simd", "ee_eea", simd_evaluator},
        {"ee_eeaa", "ee_eeaa", functor_evaluator},
        {"ee_eeaa_simd", "ee_eeaa", simd_evaluator},
        {"ee_aaa", "ee_aaa", functor_evaluator},
        {"alp_fusion", "alp_fusion", functor_evaluator},
        {"alp_photon", "alp_photon", functor_evaluator},
    };
    return rows;
}

//! The process's default run (no cuts, flat sampler): its parameters and N points.
struct ProcessPoints
{
    DeviceSetupBuild build;
    PointSet points;
};

ProcessPoints make_points(std::string const& process, std::size_t n, std::uint64_t seed)
{
    RunSpec spec;
    spec.card_path = "bench_me";
    spec.process = process;
    spec.seed = seed;
    validate(spec);
    ProcessPoints pp{build_device_setup(spec), {}};
    with_process_and_sampler(pp.build.setup, AdaptiveSamplerParams{}, [&](auto const& proc, auto const& sampler) {
        pp.points = replay_points(pp.build.setup.params, proc, sampler, false, 100 * std::uint64_t{n} + 1000, n);
    });
    pp.points.process = process;
    if (pp.points.size() < n)
        throw std::runtime_error(process + ": the sampler gave only " + std::to_string(pp.points.size()) + " points");
    return pp;
}
}  // namespace

int main(int argc, char** argv)
{
    CLI::App app{"bench_me: |M|^2 evaluations per second of every process, 1 thread and all threads"};
    std::string only;
    std::size_t points = 8192;
    double seconds = 0.5;
    unsigned repeat = 3;
    unsigned threads = 0;
    std::uint64_t seed = 1;
    app.add_option("--process", only, "Run only this row (a row name, or a process: all its rows)");
    app.add_option("--points", points, "Phase-space points per process")->capture_default_str();
    app.add_option("--seconds", seconds, "Least time per measurement (s)")->capture_default_str();
    app.add_option("--repeat,-r", repeat, "Measurements per rate (the best is reported)")->capture_default_str();
    app.add_option("--threads,-t", threads, "Threads of the all-threads measurement, 0 = all")->capture_default_str();
    app.add_option("--seed", seed, "Seed of the points")->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    try
    {
        std::vector<MeRow const*> selected;
        for (auto const& row : me_rows())
        {
            if (only.empty() || row.name == only || row.process == only)
                selected.push_back(&row);
        }
        if (selected.empty())
        {
            std::string names;
            for (auto const& row : me_rows())
                names += (names.empty() ? "" : ", ") + row.name;
            throw std::invalid_argument("--process: no row '" + only + "' (rows: " + names + ")");
        }
        if (points == 0)
            throw std::invalid_argument("--points: expected at least 1");
        unsigned const all = all_threads(threads);

        std::printf("benchmark: me\n");
        std::printf("backend: host, OpenMP (the process functors of the kernels, double)\n");
        std::printf("threads: %u\n", all);
        std::printf("points: %zu\n", points);
        std::printf("seconds_per_measurement: %g\n", seconds);
        std::printf("repeat: %u\n", repeat);

        std::map<std::string, ProcessPoints> cache;  // one point set per process, shared by its rows
        double ee_eeaa_per_core = -1;
        std::map<std::string, double> checksums;  //!< per process, of its first row
        for (MeRow const* row : selected)
        {
            auto it = cache.find(row->process);
            if (it == cache.end())
                it = cache.emplace(row->process, make_points(row->process, points, seed)).first;
            ProcessPoints const& pp = it->second;
            MeEvaluator const eval = row->prepare(pp.build.setup.process, pp.points);
            MeRate const one = time_me(eval, pp.points.size(), 1, seconds, repeat);
            MeRate const many = time_me(eval, pp.points.size(), all, seconds, repeat);
            char const* n = row->name.c_str();
            std::printf("%s_me_per_s_1thread: %.6g\n", n, one.per_s);
            std::printf("%s_us_per_me_1thread: %.4g\n", n, 1e6 / one.per_s);
            std::printf("%s_me_per_cpu_s_1thread: %.6g\n", n, one.per_cpu_s);
            std::printf("%s_me_per_s_all_threads: %.6g\n", n, many.per_s);
            std::printf("%s_speedup_all_threads: %.3g\n", n, many.per_s / one.per_s);
            std::printf("%s_checksum: %.17g\n", n, one.checksum);
            if (many.checksum != one.checksum)  // block sums in block order: the same bits
                throw std::runtime_error(row->name + ": checksums of 1 and " + std::to_string(all)
                                         + " threads differ");
            if (row->process == "ee_eeaa")  // the fastest double path on one core
                ee_eeaa_per_core = std::max(ee_eeaa_per_core, one.per_s);
            auto const plain = checksums.find(row->process);
            if (plain == checksums.end())
                checksums.emplace(row->process, one.checksum);
            else if (plain->second != one.checksum)  // every path gives the same bits per point
                throw std::runtime_error(row->name + ": checksum differs from the process's first row");
        }
        if (ee_eeaa_per_core >= 0)
            std::printf("ee_eeaa_me_per_s_per_core: %.6g\n", ee_eeaa_per_core);
    }
    catch (std::exception const& e)
    {
        std::fprintf(stderr, "bench_me: error: %s\n", e.what());
        return 1;
    }
    return 0;
}
