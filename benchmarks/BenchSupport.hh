// What bench_me and bench_pipeline share: the process functors and samplers of a run built on
// the host by the kernels' own RunDispatch.hh, phase-space points replayed from a run's random
// streams, and a timer for |M|^2 evaluations on one or more OpenMP threads.
#pragma once

#include <omp.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "DeviceRun.hh"
#include "RunDispatch.hh"
#include "fathom/amplitude/BhabhaAmplitude.hh"
#include "fathom/amplitude/EeToThreePhotonsAmplitude.hh"
#include "fathom/amplitude/RadiativeBhabhaAmplitude.hh"
#include "fathom/pipeline/EventGenerator.hh"
#include "fathom/process/AlpProcesses.hh"
#include "fathom/process/AmplitudeProcess.hh"
#include "fathom/process/SimdProcess.hh"
#include "fathom/sampling/AdaptiveSampler.hh"

namespace fathom::bench
{
//! The adaptive sampler's parameters from a frozen grid (as DeviceRun's setup_adaptive lays
//! them out); \p edges must outlive the result (it points to them).
inline AdaptiveSamplerParams adaptive_params(std::vector<real_type> const& alpha, std::vector<unsigned> const& ndim,
                                             unsigned bins, std::vector<real_type> const& edges)
{
    AdaptiveSamplerParams sp;
    if (alpha.size() > max_sampler_channels || ndim.size() != alpha.size())
        throw std::invalid_argument("adaptive_params: channel counts do not fit");
    sp.num_channels = static_cast<size_type>(alpha.size());
    sp.bins = bins;
    size_type offset = 0;
    for (size_type c = 0; c < sp.num_channels; ++c)
    {
        sp.alpha[c] = alpha[c];
        sp.ndim[c] = ndim[c];
        sp.edge_offset[c] = offset;
        offset += bins > 0 ? vegas_grid_size(ndim[c], bins) : 0;
    }
    if (offset != edges.size())
        throw std::invalid_argument("adaptive_params: the grid's edges do not fit its channels");
    sp.edges = edges.data();
    return sp;
}

//! Phase-space points of one process: per point the momenta in the reference order that the
//! amplitude functors take (e+ in, e- in, then the final state in generation order, e.g.
//! ee_eeaa: e+ in, e- in, e+ out, e- out, photon, photon; alp_fusion: e+, e-, and the two decay
//! photons), flat, `particles` per point. CM frame, as the kernels generate them.
struct PointSet
{
    std::string process;
    unsigned particles{0};          //!< momenta per point: 2 + the process's num_final
    std::vector<FourVector> momenta;  //!< size() x particles
    std::uint64_t events_tried{0};  //!< events replayed to find them
    std::uint64_t zero_phase_space{0};

    std::size_t size() const { return particles ? momenta.size() / particles : 0; }
    FourVector const* point(std::size_t k) const { return momenta.data() + k * particles; }
};

//! The process functor's |M|^2 at point k (the Event holds only the beams: that and the
//! generated final state are all that the processes read).
template<class Process>
inline real_type point_me2(Process const& process, PointSet const& points, std::size_t k)
{
    FourVector const* p = points.point(k);
    Event ev;
    ev.p[slot_ep_in] = p[0];
    ev.p[slot_em_in] = p[1];
    return process(ev, p + 2).total;
}

//! Replay events 0, 1, ... of a run (seed, sampler, cuts: EventGenerator::sample, the
//! kernels' own first stage, without the matrix element) and keep those that reach the matrix
//! element (or all with a phase-space point if !apply_cuts), until max_points are kept or
//! max_events are tried.
template<class Process, class Sampler>
PointSet replay_points(RunParams const& params, Process const& process, Sampler const& sampler, bool apply_cuts,
                       std::uint64_t max_events, std::size_t max_points)
{
    RunParams run = params;
    if (!apply_cuts)
        run.selection = SelectionParams{};
    EventGenerator<Process, Sampler> const generate{&run, process, sampler};
    typename EventGenerator<Process, Sampler>::Sampled sampled;
    EventResult result;
    PointSet set;
    set.particles = 2 + Process::num_final;
    for (event_index_type i = 0; i < max_events && set.size() < max_points; ++i)
    {
        ++set.events_tried;
        if (!generate.sample(i, result, sampled))
        {
            set.zero_phase_space += result.status == EventStatus::zero_phase_space;
            continue;
        }
        set.momenta.push_back(sampled.ev.p[slot_ep_in]);
        set.momenta.push_back(sampled.ev.p[slot_em_in]);
        set.momenta.insert(set.momenta.end(), sampled.out, sampled.out + Process::num_final);
    }
    return set;
}

//! Sum of |M|^2 over points [begin, end): one evaluation path of a process. Called with all
//! points on one thread, and with blocks of me_block_points consecutive points (the last one
//! shorter) from several threads at once: it must be thread-safe.
using MeEvaluator = std::function<double(std::size_t begin, std::size_t end)>;

//! The plain path: the process functor, point by point.
inline MeEvaluator functor_evaluator(ProcessSetup const& setup, PointSet const& points)
{
    return with_process(setup, [&points](auto const& process) -> MeEvaluator {
        return [process, &points](std::size_t begin, std::size_t end) {
            double sum = 0;
            for (std::size_t k = begin; k < end; ++k)
                sum += point_me2(process, points, k);
            return sum;
        };
    });
}

/*!
 * The SIMD path (omp pipeline's): packs of simd_lanes consecutive points, one per lane, laid out
 * untimed as the pages of kernels/CpuEventPages.hh gather them; |M|^2 pack by pack, summed lane
 * by lane in point order (so the checksum has the plain path's bits). Blocks start at multiples
 * of simd_lanes; a short last pack repeats its last point in the unused lanes.
 */
inline MeEvaluator simd_evaluator(ProcessSetup const& setup, PointSet const& points)
{
    return with_process(setup, [&points](auto const& process) -> MeEvaluator {
        using Process = std::decay_t<decltype(process)>;
        if constexpr (!SimdProcess<Process>::available)
        {
            throw std::invalid_argument(points.process + " has no SIMD form");
        }
        else
        {
            using Simd = SimdProcess<Process>;
            std::size_t const n = points.size();
            std::size_t const packs = (n + simd_lanes - 1) / simd_lanes;
            auto legs = std::make_shared<std::vector<SimdFourVector>>(packs * Simd::num_legs);
            for (std::size_t j = 0; j < packs; ++j)
                for (int l = 0; l < simd_lanes; ++l)
                {
                    FourVector const* p = points.point(std::min(j * simd_lanes + l, n - 1));
                    for (size_type k = 0; k < Simd::num_legs; ++k)
                        set_lane((*legs)[j * Simd::num_legs + k], l, p[k]);
                }
            return [simd = Simd{process}, legs](std::size_t begin, std::size_t end) {
                double sum = 0;
                for (std::size_t first = begin; first < end; first += simd_lanes)
                {
                    SimdReal const m = simd(legs->data() + (first / simd_lanes) * Simd::num_legs);
                    for (std::size_t l = 0; l < simd_lanes && first + l < end; ++l)
                        sum += m[static_cast<int>(l)];
                }
                return sum;
            };
        }
    });
}

//! The path the omp pipeline takes for this process: SIMD packs where it has them (and `simd`
//! is on), else one point at a time.
inline MeEvaluator pipeline_evaluator(ProcessSetup const& setup, PointSet const& points, bool simd)
{
    bool const packs = with_process(setup, [](auto const& process) {
        return SimdProcess<std::decay_t<decltype(process)>>::available;
    });
    return packs && simd ? simd_evaluator(setup, points) : functor_evaluator(setup, points);
}

struct MeRate
{
    double per_s{0};      //!< best |M|^2 evaluations per second (wall clock)
    //! Evaluations per second of CPU time (1 thread: the thread's; more: the process's), in
    //! the measurement with the best wall-clock rate: per core, and far less sensitive to a
    //! shared machine than the wall clock.
    double per_cpu_s{0};
    //! Sum of |M|^2 over the points (block sums in block order: the same for any thread count)
    double checksum{0};
    std::uint64_t evaluations{0};  //!< in all measurements
    unsigned threads{1};
};

//! CPU time (s) of the calling thread, or of the whole process (all threads).
inline double cpu_seconds(bool whole_process)
{
    timespec t{};
    clock_gettime(whole_process ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

//! Points per block of the multi-threaded passes (a multiple of any SIMD width).
inline constexpr std::size_t me_block_points = 256;

//! Evaluate all points with \p threads threads repeatedly for at least min_seconds per
//! measurement; the best of \p repeat measurements. One thread evaluates all points per call;
//! several take blocks of me_block_points consecutive points dynamically, from one parallel
//! region per measurement (no fork and join per pass: on a shared machine, spinning threads
//! waiting at barriers would cost more than the work). A first pass (untimed, by blocks)
//! warms caches and gives the checksum; the first measurement also finds how many passes
//! take min_seconds.
inline MeRate time_me(MeEvaluator const& eval, std::size_t n, unsigned threads, double min_seconds, unsigned repeat)
{
    using Clock = std::chrono::steady_clock;
    threads = std::max(1u, threads);
    auto const blocks = static_cast<std::int64_t>((n + me_block_points - 1) / me_block_points);
    auto run = [&](std::uint64_t passes) {
        double total = 0;
        if (threads == 1)
        {
            for (std::uint64_t k = 0; k < passes; ++k)
                total += eval(0, n);
            return total;
        }
        auto const items = static_cast<std::int64_t>(passes) * blocks;
#pragma omp parallel for num_threads(static_cast<int>(threads)) schedule(dynamic, 1) reduction(+ : total)
        for (std::int64_t i = 0; i < items; ++i)
        {
            std::size_t const begin = static_cast<std::size_t>(i % blocks) * me_block_points;
            total += eval(begin, std::min(n, begin + me_block_points));
        }
        return total;
    };
    MeRate r;
    r.threads = threads;
    {
        // the checksum: block sums added in block order, the same bits for any thread count
        std::vector<double> block_sum(static_cast<std::size_t>(blocks));
#pragma omp parallel for num_threads(static_cast<int>(threads)) schedule(dynamic, 1)
        for (std::int64_t b = 0; b < blocks; ++b)
        {
            std::size_t const begin = static_cast<std::size_t>(b) * me_block_points;
            block_sum[static_cast<std::size_t>(b)] = eval(begin, std::min(n, begin + me_block_points));
        }
        for (double x : block_sum)
            r.checksum += x;
    }
    volatile double sink = 0;  // the sums are used: nothing can be optimised away
    std::uint64_t passes = 1;
    for (unsigned m = 0; m < std::max(1u, repeat);)
    {
        double const cpu0 = cpu_seconds(threads > 1);
        auto const t0 = Clock::now();
        sink = sink + run(passes);
        double const elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
        double const cpu = cpu_seconds(threads > 1) - cpu0;
        if (elapsed < min_seconds)
        {
            // too short to count: more passes (10% margin)
            double const scale = elapsed > 0 ? 1.1 * min_seconds / elapsed : 2.0;
            passes = std::max(passes + 1, static_cast<std::uint64_t>(static_cast<double>(passes) * std::min(scale, 100.0)));
            continue;
        }
        ++m;
        r.evaluations += passes * n;
        double const rate = static_cast<double>(passes * n) / elapsed;
        if (rate > r.per_s)
        {
            r.per_s = rate;
            r.per_cpu_s = cpu > 0 ? static_cast<double>(passes * n) / cpu : 0;
        }
    }
    (void)sink;
    return r;
}

//! Threads that "0 = all" means.
inline unsigned all_threads(unsigned requested)
{
    return requested > 0 ? requested : static_cast<unsigned>(omp_get_num_procs());
}
}  // namespace fathom::bench
